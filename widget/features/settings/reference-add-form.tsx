import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { KIND_NAMES, type ReferenceDraft, type ReferenceKind } from './reference-data-model.js';

const NAME_LABELS: Record<'department' | 'category', string> = {
  department: 'New department name',
  category: 'New expense category name',
};

/**
 * The Add form under a list: a name (departments, categories) or a currency code with its rate to
 * the base currency. What was typed stays until the server has taken it, so a refusal loses nothing.
 */
export function ReferenceAddForm({
  kind,
  baseCurrency,
  onAdd,
}: {
  kind: ReferenceKind;
  /** The organisation's base currency, which a new currency's rate is expressed in. */
  baseCurrency: string | undefined;
  onAdd: (draft: ReferenceDraft) => Promise<string | null>;
}) {
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [rateError, setRateError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  function missing(): string | undefined {
    if (kind !== 'currency') return name.trim() ? undefined : `Enter the ${KIND_NAMES[kind]}'s name.`;
    if (!/^[A-Za-z]{3}$/.test(name.trim())) return 'Enter a three-letter currency code, such as EUR.';
    return undefined;
  }
  /** As the server reads a rate: digits, then at most 12 decimal places, above zero. */
  function badRate(): string | undefined {
    const r = rate.trim();
    if (kind !== 'currency' || r === '' || (/^\d+(\.\d{0,12})?$/.test(r) && Number(r) > 0)) return undefined;
    return 'Enter the rate as a positive number, such as 1.27, or leave it empty.';
  }

  async function submit(e: Event) {
    e.preventDefault();
    const problem = missing();
    const rateProblem = badRate();
    setError(problem);
    setRateError(rateProblem);
    if (problem || rateProblem || busy) return;
    setBusy(true);
    const draft: ReferenceDraft = kind === 'currency' ? { kind, code: name, rate } : { kind, name };
    const refused = await onAdd(draft);
    setBusy(false);
    setError(refused ?? undefined);
    if (!refused) {
      setName('');
      setRate('');
    }
  }

  const input = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <form class="ds-reference-add" onSubmit={submit} aria-label={`Add ${KIND_NAMES[kind]}`} noValidate>
      {kind === 'currency' ? (
        <>
          <Field label="Currency code" error={error}>
            {(p) => (
              <input
                {...p}
                value={name}
                maxLength={3}
                autoCapitalize="characters"
                onInput={(e) => setName(input(e))}
              />
            )}
          </Field>
          <Field
            label={baseCurrency ? `Exchange rate (1 unit in ${baseCurrency})` : 'Exchange rate'}
            hint="Optional; you can add rates by date later."
            error={rateError}
          >
            {(p) => <input {...p} value={rate} inputMode="decimal" onInput={(e) => setRate(input(e))} />}
          </Field>
        </>
      ) : (
        <Field label={NAME_LABELS[kind]} error={error}>
          {(p) => <input {...p} value={name} maxLength={200} onInput={(e) => setName(input(e))} />}
        </Field>
      )}
      <Button type="submit" busy={busy}>
        Add {KIND_NAMES[kind]}
      </Button>
    </form>
  );
}
