import type { Deal } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { CustomerPicker } from './customer-picker.js';
import { EXPENSE_STATUSES } from './expense-status.js';
import type { ExpenseFilters as Filters } from './model.js';

export interface ExpenseFiltersProps {
  filters: Filters;
  customerName: string;
  deals: readonly Deal[];
  onCustomer: (id: string, name: string) => void;
  showStatus: boolean;
  onChange: (key: keyof Filters, value: string) => void;
  onClear: () => void;
}

/** Filters of the expenses list: status, date range, customer. */
export function ExpenseFilters({
  filters,
  customerName,
  deals,
  onCustomer,
  showStatus,
  onChange,
  onClear,
}: ExpenseFiltersProps) {
  return (
    <fieldset class="ds-form-grid">
      <legend class="ds-visually-hidden">Filters</legend>
      {showStatus ? (
        <Field label="Status">
          {(p) => (
            <select {...p} value={filters.status} onChange={(e) => onChange('status', e.currentTarget.value)}>
              <option value="">All statuses</option>
              {EXPENSE_STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label="From">
        {(p) => (
          <input
            {...p}
            type="date"
            value={filters.date_start}
            onChange={(e) => onChange('date_start', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="To">
        {(p) => (
          <input
            {...p}
            type="date"
            value={filters.date_end}
            onChange={(e) => onChange('date_end', e.currentTarget.value)}
          />
        )}
      </Field>
      <CustomerPicker
        label="Customer"
        customerId={filters.customer_id}
        customerName={customerName}
        onPick={(c) => onCustomer(c?.contact_id ?? '', c?.contact_name ?? '')}
        allowCrmSearch={false}
      />
      {filters.customer_id ? (
        <Field label="Deal">
          {(p) => (
            <select
              {...p}
              value={filters.deal_id}
              onChange={(e) => onChange('deal_id', e.currentTarget.value)}
            >
              <option value="">All deals</option>
              {deals.map((d) => (
                <option key={d.deal_id} value={d.deal_id}>
                  {d.deal_name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <div>
        <Button onClick={onClear}>Clear filters</Button>
      </div>
    </fieldset>
  );
}
