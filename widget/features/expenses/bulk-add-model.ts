/**
 * Bulk Add Expenses: rows of Date, Category, Amount, receipts and Reimbursable. "Save" sends each row
 * that is not saved yet and keeps a result per row: saved rows are marked, failed rows stay with
 * their error. Each row keeps its Idempotency-Key, so saving again after a failure never duplicates.
 */
import { action, computed, createModel, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import { newIdempotencyKey } from '../../api/idempotency-key.js';
import type { Outbox } from '../../api/outbox.js';
import type { Currency, Expense, ExpenseCategory } from '../../api/types.js';
import { describeError } from './describe-error.js';
import { checkAmount } from './money-input.js';
import { checkReceiptFile, MAX_RECEIPTS } from './receipt-rules.js';

export interface BulkRow {
  key: string;
  date: string;
  category_id: string;
  amount: string;
  is_reimbursable: boolean;
  files: File[];
  state: 'editing' | 'saved' | 'failed' | 'queued';
  errors: Partial<Record<'date' | 'category_id' | 'amount' | 'receipts' | 'row', string>>;
  expenseId?: string;
}

export interface BulkAddOptions {
  api: ApiClient;
  today: string;
  currency: string;
  /** Sends each row now, or queues it (with its receipts) while offline. */
  outbox?: Pick<Outbox, 'send'>;
}

/** Rows a new Bulk Add starts with. */
export const INITIAL_ROWS = 3;

export const BulkAddModel = createModel((o: BulkAddOptions) => {
  const blank = (): BulkRow => ({
    key: newIdempotencyKey(),
    date: o.today,
    category_id: '',
    amount: '',
    is_reimbursable: true,
    files: [],
    state: 'editing',
    errors: {},
  });
  const rows = signal<BulkRow[]>(Array.from({ length: INITIAL_ROWS }, blank), { name: 'bulkAdd.rows' });
  const saving = signal(false, { name: 'bulkAdd.saving' });
  const summary = signal<string | null>(null, { name: 'bulkAdd.summary' });
  const categories = signal<ExpenseCategory[]>([], { name: 'bulkAdd.categories' });
  const currency = signal(o.currency, { name: 'bulkAdd.currency' });
  const loadError = signal<string | null>(null, { name: 'bulkAdd.loadError' });
  const pending = computed(() =>
    rows.value.filter((r) => r.state !== 'saved' && r.state !== 'queued' && !isEmpty(r)),
  );

  const patch = (key: string, change: Partial<BulkRow>) => {
    rows.value = rows.value.map((r) => (r.key === key ? { ...r, ...change } : r));
  };

  const saveRow = async (row: BulkRow): Promise<BulkRow> => {
    const errors: BulkRow['errors'] = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date)) errors.date = 'Enter a date.';
    if (!row.category_id) errors.category_id = 'Choose a category.';
    const amount = checkAmount(row.amount, currency.value);
    if (typeof amount === 'string') errors.amount = amount;
    if (Object.keys(errors).length > 0 || typeof amount === 'string')
      return { ...row, state: 'failed', errors };
    try {
      const body = {
        date: row.date,
        category_id: row.category_id,
        amount,
        currency_code: currency.value,
        is_reimbursable: row.is_reimbursable,
      };
      let expenseId = row.expenseId;
      if (!expenseId && o.outbox) {
        const res = await o.outbox.send<{ expense: Expense }>({
          method: 'POST',
          path: '/api/v1/expenses',
          body,
          idempotencyKey: row.key,
          receipts: row.files.map((f) => ({ blob: f, fileName: f.name })),
          receiptPath: '/api/v1/expenses/{id}/receipt',
          idPath: ['expense', 'expense_id'],
          label: `Expense of ${row.date}`,
        });
        if (res.queued) return { ...row, files: [], state: 'queued', errors: {} };
        return { ...row, expenseId: res.result.expense.expense_id, files: [], state: 'saved', errors: {} };
      }
      if (!expenseId) {
        const res = await o.api.post<{ expense: Expense }>('/api/v1/expenses', body, {
          idempotencyKey: row.key,
        });
        expenseId = res.expense.expense_id;
      }
      for (const file of row.files)
        await o.api.upload(`/api/v1/expenses/${expenseId}/receipt`, file, file.name);
      return { ...row, expenseId, files: [], state: 'saved', errors: {} };
    } catch (e) {
      if (isApiError(e) && e.queued) return { ...row, files: [], state: 'queued', errors: {} };
      const field = isApiError(e) ? e.field : undefined;
      const where = field === 'date' || field === 'category_id' || field === 'amount' ? field : 'row';
      return { ...row, state: 'failed', errors: { [where]: describeError(e) } };
    }
  };

  return {
    rows,
    saving,
    summary,
    pending,
    categories,
    currency,
    loadError,
    /** Categories for the rows, and the org's base currency every row is in. */
    loadReference: action(async () => {
      try {
        const [cats, curs] = await Promise.all([
          readAllPages<ExpenseCategory>(o.api, '/api/v1/expensecategories', 'expense_categories'),
          o.api.get<{ currencies: Currency[] }>('/api/v1/settings/currencies'),
        ]);
        categories.value = cats.filter((c) => c.is_enabled !== false);
        currency.value = curs.currencies.find((c) => c.is_base_currency)?.currency_code ?? o.currency;
      } catch (e) {
        loadError.value = describeError(e);
      }
    }),
    addRow: action(() => {
      rows.value = [...rows.value, blank()];
    }),
    removeRow: action((key: string) => {
      rows.value = rows.value.filter((r) => r.key !== key);
    }),
    setField: action(
      <K extends 'date' | 'category_id' | 'amount' | 'is_reimbursable'>(
        key: string,
        field: K,
        value: BulkRow[K],
      ) => {
        const row = rows.value.find((r) => r.key === key);
        if (!row || row.state === 'saved') return;
        const { [field as 'date']: _gone, ...errors } = row.errors;
        patch(key, { [field]: value, errors, state: 'editing' } as Partial<BulkRow>);
      },
    ),
    addFiles: action((key: string, files: File[]) => {
      const row = rows.value.find((r) => r.key === key);
      if (!row) return;
      const kept = [...row.files];
      let problem: string | undefined;
      for (const f of files) {
        const bad = checkReceiptFile(f);
        if (bad) problem = bad;
        else if (kept.length >= MAX_RECEIPTS)
          problem = `An expense can have at most ${MAX_RECEIPTS} receipts.`;
        else kept.push(f);
      }
      patch(key, { files: kept, errors: problem ? { ...row.errors, receipts: problem } : row.errors });
    }),
    /** Saves every filled, unsaved row in order; answers how many were saved. */
    save: action(async () => {
      saving.value = true;
      const todo = pending.value;
      let saved = 0;
      let queued = 0;
      for (const row of todo) {
        const result = await saveRow(row);
        if (result.state === 'saved') saved++;
        if (result.state === 'queued') queued++;
        patch(row.key, result);
      }
      const failed = todo.length - saved - queued;
      const parts = [`${saved} of ${todo.length} expense${todo.length === 1 ? '' : 's'} saved.`];
      if (queued) parts.push(`${queued} queued until you are back online.`);
      if (failed) parts.push(`${failed} need${failed === 1 ? 's' : ''} attention.`);
      summary.value = todo.length === 0 ? 'Fill in at least one expense.' : parts.join(' ');
      saving.value = false;
      return saved;
    }),
  };
});

function isEmpty(r: BulkRow): boolean {
  return !r.category_id && !r.amount.trim() && r.files.length === 0;
}
