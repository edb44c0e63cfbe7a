import type { ExpenseCategory } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import type { BulkAddModel, BulkRow } from './bulk-add-model.js';
import { RECEIPT_ACCEPT } from './receipt-rules.js';

export interface BulkAddRowProps {
  row: BulkRow;
  index: number;
  categories: readonly ExpenseCategory[];
  model: InstanceType<typeof BulkAddModel>;
}

const RESULT: Record<BulkRow['state'], string> = {
  editing: '',
  saved: 'Saved',
  failed: 'Not saved',
  queued: 'Queued (offline)',
};

/** One expense of Bulk Add: its fields, its receipts (+), and its own result after Save. */
export function BulkAddRow({ row, index, categories, model }: BulkAddRowProps) {
  const saved = row.state === 'saved';
  const name = `Expense ${index}`;
  const errs = Object.values(row.errors).filter(Boolean);
  const errorId = `bulk-${row.key}-error`;
  const described = errs.length ? errorId : undefined;
  return (
    <tr class={saved ? 'ds-row--saved' : row.state === 'failed' ? 'ds-row--failed' : undefined}>
      <td>
        <input
          type="date"
          aria-label={`${name} date`}
          aria-invalid={row.errors.date ? true : undefined}
          aria-describedby={described}
          disabled={saved}
          value={row.date}
          onInput={(e) => model.setField(row.key, 'date', e.currentTarget.value)}
        />
      </td>
      <td>
        <select
          aria-label={`${name} category`}
          aria-invalid={row.errors.category_id ? true : undefined}
          aria-describedby={described}
          disabled={saved}
          value={row.category_id}
          onChange={(e) => model.setField(row.key, 'category_id', e.currentTarget.value)}
        >
          <option value="">Choose a category</option>
          {categories.map((c) => (
            <option key={c.category_id} value={c.category_id}>
              {c.category_name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          inputMode="decimal"
          aria-label={`${name} amount`}
          aria-invalid={row.errors.amount ? true : undefined}
          aria-describedby={described}
          disabled={saved}
          value={row.amount}
          onInput={(e) => model.setField(row.key, 'amount', e.currentTarget.value)}
        />
      </td>
      <td>
        <label class="ds-btn" title="Attach receipts">
          +<span class="ds-visually-hidden">{`Attach receipts to ${name}`}</span>
          <input
            type="file"
            multiple
            class="ds-visually-hidden"
            accept={RECEIPT_ACCEPT}
            disabled={saved}
            onChange={(e) => {
              model.addFiles(row.key, Array.from(e.currentTarget.files ?? []));
              e.currentTarget.value = '';
            }}
          />
        </label>{' '}
        {row.files.length > 0 ? `${row.files.length} file${row.files.length === 1 ? '' : 's'}` : null}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${name} reimbursable`}
          disabled={saved}
          checked={row.is_reimbursable}
          onChange={(e) => model.setField(row.key, 'is_reimbursable', e.currentTarget.checked)}
        />
      </td>
      <td>
        <span>{RESULT[row.state]}</span>
        {errs.length ? (
          <span id={errorId} class="ds-field__error" role="alert">
            {' '}
            {errs.join(' ')}
          </span>
        ) : null}
      </td>
      <td>
        {saved ? null : (
          <Button variant="link" aria-label={`Remove ${name}`} onClick={() => model.removeRow(row.key)}>
            ×
          </Button>
        )}
      </td>
    </tr>
  );
}
