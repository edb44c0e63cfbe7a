import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { BulkAddModel } from './bulk-add-model.js';
import { BulkAddRow } from './bulk-add-row.js';
import { todayIso } from './today.js';
import './expenses.css';

export interface BulkAddFormProps {
  onDone: () => void;
}

/** Bulk Add Expenses: a row per expense, "+ Add More Expenses", and "Save" with a result per row. */
export function BulkAddForm({ onDone }: BulkAddFormProps) {
  const { api, outbox } = useApp();
  const model = useModel(
    () => new BulkAddModel({ api, today: todayIso(), currency: 'USD', ...(outbox ? { outbox } : {}) }),
  );
  useEffect(() => {
    void model.loadReference();
  }, [model]);
  const rows = model.rows.value;
  const allSaved = rows.length > 0 && rows.every((r) => r.state === 'saved' || (!r.category_id && !r.amount));

  return (
    <form
      aria-label="Bulk Add Expenses"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void model.save();
      }}
    >
      <h2>Bulk Add Expenses</h2>
      {model.loadError.value ? (
        <p class="ds-field__error" role="alert">
          {model.loadError.value}
        </p>
      ) : null}
      <table class="ds-table">
        <caption class="ds-visually-hidden">Expenses to add, in {model.currency.value}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Category</th>
            <th scope="col">Amount ({model.currency.value})</th>
            <th scope="col">Receipts</th>
            <th scope="col">Reimbursable</th>
            <th scope="col">Result</th>
            <th scope="col">
              <span class="ds-visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <BulkAddRow
              key={row.key}
              row={row}
              index={i + 1}
              categories={model.categories.value}
              model={model}
            />
          ))}
        </tbody>
      </table>
      <div class="ds-toolbar">
        <Button onClick={model.addRow}>+ Add More Expenses</Button>
        <span class="ds-toolbar__spacer" />
        {model.summary.value ? <span role="status">{model.summary.value}</span> : null}
        <Button type="submit" variant="primary" busy={model.saving.value}>
          Save
        </Button>
        <Button onClick={onDone}>{allSaved ? 'Close' : 'Cancel'}</Button>
      </div>
    </form>
  );
}
