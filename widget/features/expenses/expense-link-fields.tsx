import { CustomerPicker } from './customer-picker.js';
import { DealSelect } from './deal-select.js';
import type { ExpenseFormModel } from './expense-form-model.js';

/** Claim Reimbursement, Billable, Customer (with "Search in Zoho CRM") and its Potential. */
export function ExpenseLinkFields({ model }: { model: InstanceType<typeof ExpenseFormModel> }) {
  const v = model.values.value;
  const e = model.errors.value;
  return (
    <>
      <label class="ds-check">
        <input
          type="checkbox"
          checked={v.is_reimbursable}
          onChange={(ev) => model.set('is_reimbursable', ev.currentTarget.checked)}
        />
        Claim Reimbursement
      </label>
      <label class="ds-check">
        <input
          type="checkbox"
          checked={v.is_billable}
          onChange={(ev) => model.set('is_billable', ev.currentTarget.checked)}
        />
        Billable
      </label>
      <CustomerPicker
        label="Customer"
        customerId={v.customer_id}
        customerName={v.customer_name}
        error={e.customer_id}
        onPick={(c) => {
          model.set('customer_id', c?.contact_id ?? '');
          model.set('customer_name', c?.contact_name ?? '');
        }}
      />
      {v.customer_id ? (
        <DealSelect
          deals={model.deals.value}
          value={v.deal_id}
          error={e.deal_id}
          onChange={(id) => model.set('deal_id', id)}
        />
      ) : null}
    </>
  );
}
