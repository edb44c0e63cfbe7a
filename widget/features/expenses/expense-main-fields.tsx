import { Field } from '../../ui/field.js';
import type { ExpenseFormModel } from './expense-form-model.js';

/** Date, Category, Amount + currency, Merchant, Description, Reference. */
export function ExpenseMainFields({ model }: { model: InstanceType<typeof ExpenseFormModel> }) {
  const v = model.values.value;
  const e = model.errors.value;
  return (
    <>
      <Field label="Date" error={e.date} required>
        {(p) => (
          <input
            {...p}
            type="date"
            value={v.date}
            onInput={(ev) => model.set('date', ev.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Category" error={e.category_id} required>
        {(p) => (
          <select
            {...p}
            value={v.category_id}
            onChange={(ev) => model.set('category_id', ev.currentTarget.value)}
          >
            <option value="">Choose a category</option>
            {model.categories.value.map((c) => (
              <option key={c.category_id} value={c.category_id}>
                {c.category_name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Amount" error={e.amount} required>
        {(p) => (
          <input
            {...p}
            inputMode="decimal"
            autoComplete="off"
            value={v.amount}
            onInput={(ev) => model.set('amount', ev.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Currency" error={e.currency_code} required>
        {(p) => (
          <select
            {...p}
            value={v.currency_code}
            onChange={(ev) => model.set('currency_code', ev.currentTarget.value)}
          >
            {model.currencies.value.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Merchant" error={e.merchant_name}>
        {(p) => (
          <input
            {...p}
            value={v.merchant_name}
            onInput={(ev) => model.set('merchant_name', ev.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Reference" error={e.reference_number}>
        {(p) => (
          <input
            {...p}
            value={v.reference_number}
            onInput={(ev) => model.set('reference_number', ev.currentTarget.value)}
          />
        )}
      </Field>
      <div class="ds-field--wide">
        <Field label="Description" error={e.description}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={v.description}
              onInput={(ev) => model.set('description', ev.currentTarget.value)}
            />
          )}
        </Field>
      </div>
    </>
  );
}
