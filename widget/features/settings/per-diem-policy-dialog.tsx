import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { DialogError, SaveFooter, useRefusableSave } from './dialog-save.js';
import {
  draftOf,
  type PerDiemPoliciesModelType,
  type Policy,
  type PolicyDraft,
} from './per-diem-policies-model.js';

type Rate = PolicyDraft['rates'][number];
type Rule = PolicyDraft['rules'][number];

/** New or Edit per diem policy: name, currency, a daily rate per location, and partial-day rules. */
export function PerDiemPolicyDialog({
  model,
  policy,
  onClose,
}: {
  model: PerDiemPoliciesModelType;
  /** null: a new policy. */
  policy: Policy | null;
  onClose: () => void;
}) {
  const base = model.currencies.value.find((c) => c.is_base_currency)?.currency_code ?? 'USD';
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(policy, base));
  const { busy, error, save: saveThenClose } = useRefusableSave(onClose);

  const setRate = (i: number, patch: Partial<Rate>) =>
    setDraft({ ...draft, rates: draft.rates.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const setRule = (i: number, patch: Partial<Rule>) =>
    setDraft({ ...draft, rules: draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const text = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

  const save = () => saveThenClose(() => model.save(policy, draft));

  return (
    <Dialog
      title={policy ? `Edit ${policy.policy_name}` : 'New per diem policy'}
      wide
      onClose={onClose}
      footer={<SaveFooter busy={busy} onCancel={onClose} onSave={save} />}
    >
      <DialogError message={error} />
      <Field label="Policy name" required>
        {(p) => (
          <input
            {...p}
            value={draft.policy_name}
            onInput={(e) => setDraft({ ...draft, policy_name: text(e) })}
          />
        )}
      </Field>
      <Field label="Currency" required>
        {(p) => (
          <select
            {...p}
            value={draft.currency_code}
            onChange={(e) => setDraft({ ...draft, currency_code: text(e) })}
          >
            {model.currencies.value.map((c) => (
              <option key={c.currency_code} value={c.currency_code}>
                {c.currency_code}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Daily rate per location</legend>
        {draft.rates.map((r, i) => (
          <div class="ds-reference-add" key={i}>
            <Field label={`Location ${i + 1}`}>
              {(p) => <input {...p} value={r.location} onInput={(e) => setRate(i, { location: text(e) })} />}
            </Field>
            <Field label={`Rate ${i + 1} (${draft.currency_code})`}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={r.rate}
                  onInput={(e) => setRate(i, { rate: text(e) })}
                />
              )}
            </Field>
            <Button
              variant="link"
              aria-label={`Remove location ${i + 1}`}
              disabled={draft.rates.length === 1}
              onClick={() => setDraft({ ...draft, rates: draft.rates.filter((_, j) => j !== i) })}
            >
              Remove
            </Button>
          </div>
        ))}
        <Button onClick={() => setDraft({ ...draft, rates: [...draft.rates, { location: '', rate: '' }] })}>
          + Add location
        </Button>
      </fieldset>
      <fieldset>
        <legend>Partial days</legend>
        <p class="ds-field__hint">
          A full day earns the whole rate. A shorter day earns the percent of the rule its hours fall in (from
          ≤ hours &lt; to); a day no rule covers earns nothing. Without rules every day earns the whole rate.
        </p>
        {draft.rules.map((r, i) => (
          <div class="ds-reference-add" key={i}>
            <Field label={`Rule ${i + 1}: from hours`}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={r.min_hours}
                  onInput={(e) => setRule(i, { min_hours: text(e) })}
                />
              )}
            </Field>
            <Field label={`Rule ${i + 1}: to hours`}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={r.max_hours}
                  onInput={(e) => setRule(i, { max_hours: text(e) })}
                />
              )}
            </Field>
            <Field label={`Rule ${i + 1}: percent`}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={r.percent}
                  onInput={(e) => setRule(i, { percent: text(e) })}
                />
              )}
            </Field>
            <Button
              variant="link"
              aria-label={`Remove rule ${i + 1}`}
              onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}
            >
              Remove
            </Button>
          </div>
        ))}
        <Button
          onClick={() =>
            setDraft({ ...draft, rules: [...draft.rules, { min_hours: '', max_hours: '', percent: '' }] })
          }
        >
          + Add rule
        </Button>
      </fieldset>
    </Dialog>
  );
}
