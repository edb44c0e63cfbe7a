import { useState } from 'preact/hooks';
import type { ExpenseReport } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { CustomerPicker } from '../expenses/customer-picker.js';
import type { NewReportErrors } from './model.js';
import type { NewReportInput } from './report-types.js';

export interface NewReportDialogProps {
  /** Prefilled customer (e.g. from the account or contact page). */
  customer?: { contact_id: string; contact_name: string };
  onCreate: (input: NewReportInput) => Promise<ExpenseReport | NewReportErrors>;
  onCreated: (report: ExpenseReport) => void;
  onClose: () => void;
}

/** "+ New Report": Report Name, Business Purpose, Duration, Customer, then Save. */
export function NewReportDialog({ customer, onCreate, onCreated, onClose }: NewReportDialogProps) {
  const [v, setV] = useState<NewReportInput>({ report_name: '', customer_id: customer?.contact_id ?? '' });
  const [customerName, setCustomerName] = useState(customer?.contact_name ?? '');
  const [errors, setErrors] = useState<NewReportErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof NewReportInput, value: string) => setV({ ...v, [k]: value });

  async function save() {
    setBusy(true);
    const res = await onCreate(v);
    setBusy(false);
    if ('report_id' in res) onCreated(res as ExpenseReport);
    else setErrors(res);
  }

  return (
    <Dialog
      title="New Report"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={save}>
            Save
          </Button>
        </>
      }
    >
      <Field label="Report Name" error={errors.report_name} required>
        {(p) => (
          <input {...p} value={v.report_name} onInput={(e) => set('report_name', e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Business Purpose" error={errors.description}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={v.description ?? ''}
            onInput={(e) => set('description', e.currentTarget.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>Duration</legend>
        <Field label="From" error={errors.start_date}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={v.start_date ?? ''}
              onInput={(e) => set('start_date', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="To" error={errors.end_date}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={v.end_date ?? ''}
              onInput={(e) => set('end_date', e.currentTarget.value)}
            />
          )}
        </Field>
      </fieldset>
      <CustomerPicker
        label="Customer"
        customerId={v.customer_id ?? ''}
        customerName={customerName}
        error={errors.customer_id}
        onPick={(c) => {
          set('customer_id', c?.contact_id ?? '');
          setCustomerName(c?.contact_name ?? '');
        }}
      />
      {errors.form ? (
        <p class="ds-field__error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </Dialog>
  );
}
