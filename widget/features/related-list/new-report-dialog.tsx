import { useState } from 'preact/hooks';
import { isApiError } from '../../api/api-error.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import type { RecordScope } from './record-scope.js';

export interface NewReportDialogProps {
  scope: RecordScope;
  onDone: (created: boolean) => void;
}

type Errors = Partial<Record<'report_name' | 'description' | 'start_date' | 'end_date' | 'form', string>>;

/** "New Expense Report" from a record: Report Name, Business Purpose, Duration; Customer prefilled. */
export function NewReportDialog({ scope, onDone }: NewReportDialogProps) {
  const { api, toasts } = useApp();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function save() {
    const found: Errors = {};
    if (!name.trim()) found.report_name = 'Enter a report name.';
    if (start && end && end < start) found.end_date = 'The end date is before the start date.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.post('/api/v1/expensereports', {
        report_name: name.trim(),
        ...(purpose.trim() ? { description: purpose.trim() } : {}),
        ...(start ? { start_date: start } : {}),
        ...(end ? { end_date: end } : {}),
        ...(scope.customer ? { customer_id: scope.customer.id } : {}),
        ...(scope.deal ? { deal_id: scope.deal.id } : {}),
      });
      toasts.show('Expense report created.', 'success');
      onDone(true);
    } catch (e) {
      const field =
        isApiError(e) && e.field && e.field in { report_name: 1, description: 1, start_date: 1, end_date: 1 };
      setErrors({
        [field ? (e as { field: string }).field : 'form']: e instanceof Error ? e.message : 'Not saved.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="New Expense Report"
      onClose={() => onDone(false)}
      footer={
        <>
          <Button onClick={() => onDone(false)}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={() => void save()}>
            Save
          </Button>
        </>
      }
    >
      <Field label="Report Name" required error={errors.report_name}>
        {(p) => <input {...p} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label="Business Purpose" error={errors.description}>
        {(p) => <textarea {...p} value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />}
      </Field>
      <Field label="Duration from" error={errors.start_date}>
        {(p) => <input {...p} type="date" value={start} onInput={(e) => setStart(e.currentTarget.value)} />}
      </Field>
      <Field label="Duration to" error={errors.end_date}>
        {(p) => <input {...p} type="date" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />}
      </Field>
      <Field label="Customer">{(p) => <input {...p} value={scope.customer?.name ?? ''} readOnly />}</Field>
      {errors.form ? (
        <p class="ds-field__error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </Dialog>
  );
}
