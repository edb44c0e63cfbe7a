/**
 * The expense form: every field of the seed's "+ New Expense", validation that keeps what the user
 * typed, the server's field errors placed next to their field, receipts (up to 5), customer and
 * Potential pickers, Add to Report, Attendees, and a draft saved as the user types.
 */
import { action, batch, computed, createModel, effect, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import { newIdempotencyKey } from '../../api/idempotency-key.js';
import type { Outbox } from '../../api/outbox.js';
import type { Currency, Deal, Expense, ExpenseCategory, ExpenseReport, User } from '../../api/types.js';
import { describeError } from './describe-error.js';
import { checkAmount } from './money-input.js';
import { checkReceiptFile, MAX_RECEIPTS } from './receipt-rules.js';
import type { Attendee, ExpenseInput, ReportChoice } from './types.js';

export interface ExpenseFormValues {
  date: string;
  category_id: string;
  amount: string;
  currency_code: string;
  merchant_name: string;
  description: string;
  reference_number: string;
  is_reimbursable: boolean;
  is_billable: boolean;
  customer_id: string;
  customer_name: string;
  deal_id: string;
  report: ReportChoice;
  attendees: Attendee[];
}

export type FieldErrors = Partial<Record<keyof ExpenseFormValues | 'receipts' | 'form', string>>;

export type SaveOutcome =
  | { kind: 'saved'; expense: Expense; nextReceiptId: string | null }
  | { kind: 'queued' }
  | { kind: 'invalid' };

/** Where the draft lives and how a save is sent; the receipts inbox converts instead of creating. */
export interface ExpenseFormOptions {
  api: ApiClient;
  today: string;
  baseCurrency: string;
  initial?: Partial<ExpenseFormValues>;
  expense?: Expense;
  /** Converting an inbox receipt: POST /receipts/{id}/convert instead of POST /expenses. */
  receiptId?: string;
  drafts?: { save(key: string, value: unknown): unknown; load(key: string): Promise<unknown> };
  /** Sends the write now, or queues it (with its receipts) while offline. */
  outbox?: Pick<Outbox, 'send'>;
}

function blankValues(o: ExpenseFormOptions): ExpenseFormValues {
  return {
    date: o.today,
    category_id: '',
    amount: '',
    currency_code: o.baseCurrency,
    merchant_name: '',
    description: '',
    reference_number: '',
    is_reimbursable: true,
    is_billable: false,
    customer_id: '',
    customer_name: '',
    deal_id: '',
    report: { kind: 'none' },
    attendees: [],
    ...o.initial,
  };
}

function valuesOf(e: Expense): Partial<ExpenseFormValues> {
  return {
    date: e.date,
    category_id: e.category_id,
    amount: String(e.amount),
    currency_code: e.currency_code,
    merchant_name: e.merchant_name ?? '',
    description: e.description ?? '',
    reference_number: e.reference_number ?? '',
    is_reimbursable: e.is_reimbursable,
    is_billable: e.is_billable,
    customer_id: e.customer_id ?? '',
    customer_name: e.customer_name ?? '',
    deal_id: e.deal_id ?? '',
    report: e.report_id ? { kind: 'existing', report_id: e.report_id } : { kind: 'none' },
    attendees: (e.attendees ?? []).map((a) => ({ ...a })),
  };
}

/** Client-side checks; the server checks again and its message lands on the same field. */
export function validateExpense(v: ExpenseFormValues): { errors: FieldErrors; amount: number | null } {
  const errors: FieldErrors = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = 'Enter the date of the expense.';
  if (!v.category_id) errors.category_id = 'Choose a category.';
  if (!v.currency_code) errors.currency_code = 'Choose a currency.';
  const amount = checkAmount(v.amount, v.currency_code || 'USD');
  if (typeof amount === 'string') errors.amount = amount;
  if (v.report.kind === 'new' && !v.report.report_name.trim()) errors.report = 'Name the new report.';
  return { errors, amount: typeof amount === 'number' ? amount : null };
}

function toInput(v: ExpenseFormValues, amount: number, expense?: Expense): ExpenseInput {
  const clear = expense ? null : undefined;
  const input: ExpenseInput = {
    date: v.date,
    category_id: v.category_id,
    amount,
    currency_code: v.currency_code,
    merchant_name: v.merchant_name.trim(),
    description: v.description.trim(),
    reference_number: v.reference_number.trim(),
    is_reimbursable: v.is_reimbursable,
    is_billable: v.is_billable,
    attendees: v.attendees.map((a) =>
      a.user_id ? { user_id: a.user_id } : { contact_id: a.contact_id ?? '' },
    ),
  };
  // An update clears a link with null; a create leaves it out.
  const customer = v.customer_id || clear;
  const deal = (v.customer_id && v.deal_id) || clear;
  if (customer !== undefined) input.customer_id = customer;
  if (deal !== undefined) input.deal_id = deal;
  // PUT does not move an expense between reports (that is addtoreport), and only PUT checks staleness.
  if (expense) input.last_modified_time = expense.last_modified_time;
  else if (v.report.kind === 'existing') input.report_id = v.report.report_id;
  return input;
}

/** The report the expense should move to after an update, if the user changed it. */
function reportMove(v: ExpenseFormValues, expense?: Expense): ReportChoice {
  if (!expense) return v.report.kind === 'new' ? v.report : { kind: 'none' };
  if (v.report.kind === 'existing' && v.report.report_id === expense.report_id) return { kind: 'none' };
  return v.report;
}

/** What the form says when the write waits in the outbox. */
export const QUEUED_MESSAGE =
  'You are offline: the expense is queued and will be sent when the connection returns.';

/** A new report needs the expense's id from the server, so it cannot be made while offline. */
export function queuedMessageFor(v: { report: { kind: string; report_name?: string } }): string {
  if (v.report.kind !== 'new') return QUEUED_MESSAGE;
  return `${QUEUED_MESSAGE} The new report "${(v.report.report_name ?? '').trim()}" needs a connection: once you are online, add the expense to it from Unreported Expenses.`;
}

/** Field names the server may use that map onto a different form field. */
const FIELD_ALIASES: Record<string, keyof ExpenseFormValues | 'receipts'> = {
  report_id: 'report',
  receipt: 'receipts',
  attendees: 'attendees',
};

export const ExpenseFormModel = createModel((o: ExpenseFormOptions) => {
  const draftKey = o.expense ? `expense:${o.expense.expense_id}` : `expense:new:${o.receiptId ?? 'form'}`;
  const values = signal<ExpenseFormValues>(
    { ...blankValues(o), ...(o.expense ? valuesOf(o.expense) : {}) },
    { name: 'expenseForm.values' },
  );
  const errors = signal<FieldErrors>({}, { name: 'expenseForm.errors' });
  const files = signal<File[]>([], { name: 'expenseForm.files' });
  const saving = signal(false, { name: 'expenseForm.saving' });
  const status = signal<string | null>(null, { name: 'expenseForm.status' });
  const categories = signal<ExpenseCategory[]>([], { name: 'expenseForm.categories' });
  const currencies = signal<string[]>([o.baseCurrency], { name: 'expenseForm.currencies' });
  const reports = signal<ExpenseReport[]>([], { name: 'expenseForm.reports' });
  const users = signal<User[]>([], { name: 'expenseForm.users' });
  const deals = signal<Deal[]>([], { name: 'expenseForm.deals' });
  const referenceError = signal<string | null>(null, { name: 'expenseForm.referenceError' });
  const existingReceipts = computed(() => o.expense?.receipts ?? []);
  const receiptCount = computed(() => existingReceipts.value.length + files.value.length);
  let touched = false;
  // One key per form: a double click or a retry after a lost answer creates the expense once.
  let idempotencyKey = newIdempotencyKey();

  const loadReference = action(async () => {
    try {
      const [cats, curs, reps, us] = await Promise.all([
        readAllPages<ExpenseCategory>(o.api, '/api/v1/expensecategories', 'expense_categories'),
        o.api.get<{ currencies: Currency[] }>('/api/v1/settings/currencies'),
        readAllPages<ExpenseReport>(o.api, '/api/v1/expensereports', 'expense_reports', { status: 'draft' }),
        // Employees to add as attendees: every active one, not only the first page.
        readAllPages<User>(o.api, '/api/v1/users', 'users', { status: 'active' }),
      ]);
      batch(() => {
        categories.value = cats.filter((c) => c.is_enabled !== false);
        currencies.value = curs.currencies.map((c) => c.currency_code);
        reports.value = reps;
        users.value = us;
        // A new expense defaults to the org's base currency unless the user already chose one.
        const base = curs.currencies.find((c) => c.is_base_currency)?.currency_code;
        if (base && !touched && !o.expense && !o.initial?.currency_code)
          values.value = { ...values.value, currency_code: base };
      });
    } catch (e) {
      referenceError.value = describeError(e);
    }
  });

  // Potential: the deals of the chosen customer, reloaded whenever the customer changes.
  let dealsFor = '';
  effect(() => {
    const customer = values.value.customer_id;
    if (customer === dealsFor) return;
    dealsFor = customer;
    deals.value = [];
    if (!customer) return;
    readAllPages<Deal>(o.api, '/api/v1/deals', 'deals', { customer_id: customer })
      .then((all) => {
        if (dealsFor === customer) deals.value = all;
      })
      .catch(() => {
        if (dealsFor === customer) deals.value = [];
      });
  });

  // Drafts are saved as the user types (only after a change, so opening a form writes nothing).
  effect(() => {
    const v = values.value;
    if (touched && !o.expense) void o.drafts?.save(draftKey, v);
  });

  const set = action(<K extends keyof ExpenseFormValues>(key: K, value: ExpenseFormValues[K]) => {
    touched = true;
    const next = { ...values.value, [key]: value };
    if (key === 'customer_id' && value !== values.value.customer_id) next.deal_id = '';
    values.value = next;
    if (errors.value[key]) {
      const { [key]: _gone, ...rest } = errors.value;
      errors.value = rest;
    }
  });

  /** The write and its receipts, through the outbox when there is one (so offline it queues). */
  const send = async (
    method: 'POST' | 'PUT',
    path: string,
    body: ExpenseInput,
  ): Promise<
    { queued: true } | { queued: false; answer: { expense: Expense; next_receipt_id?: string | null } }
  > => {
    type Answer = { expense: Expense; next_receipt_id?: string | null };
    if (o.outbox) {
      const res = await o.outbox.send<Answer>({
        method,
        path,
        body,
        ...(method === 'POST' ? { idempotencyKey } : {}),
        receipts: files.value.map((f) => ({ blob: f, fileName: f.name })),
        receiptPath: '/api/v1/expenses/{id}/receipt',
        idPath: ['expense', 'expense_id'],
        label: `Expense ${body.merchant_name || body.date}`,
      });
      return res.queued ? { queued: true } : { queued: false, answer: res.result };
    }
    const answer =
      method === 'POST'
        ? await o.api.post<Answer>(path, body, { idempotencyKey })
        : await o.api.put<Answer>(path, body);
    for (const file of files.value) {
      await o.api.upload(`/api/v1/expenses/${answer.expense.expense_id}/receipt`, file, file.name);
    }
    return { queued: false, answer };
  };

  return {
    values,
    errors,
    files,
    saving,
    status,
    categories,
    currencies,
    reports,
    users,
    deals,
    referenceError,
    existingReceipts,
    receiptCount,
    loadReference,
    set,
    /** Restores a saved draft, if any (new expenses only). */
    restoreDraft: action(async () => {
      if (o.expense || !o.drafts) return false;
      const draft = (await o.drafts.load(draftKey)) as Partial<ExpenseFormValues> | undefined | null;
      if (!draft || touched) return false;
      values.value = { ...values.value, ...draft };
      return true;
    }),
    addFiles: action((incoming: File[]) => {
      const kept = [...files.value];
      let problem: string | undefined;
      for (const f of incoming) {
        const bad = checkReceiptFile(f);
        if (bad) problem = bad;
        else if (existingReceipts.value.length + kept.length >= MAX_RECEIPTS)
          problem = `An expense can have at most ${MAX_RECEIPTS} receipts.`;
        else kept.push(f);
      }
      files.value = kept;
      const { receipts: _r, ...rest } = errors.value;
      errors.value = problem ? { ...rest, receipts: problem } : rest;
    }),
    removeFile: action((index: number) => {
      files.value = files.value.filter((_, i) => i !== index);
    }),
    /** Validates, then creates (or updates, or converts a receipt); keeps every typed value on failure. */
    save: action(async (): Promise<SaveOutcome> => {
      const v = values.value;
      const checked = validateExpense(v);
      errors.value = checked.errors;
      status.value = null;
      if (checked.amount === null || Object.keys(checked.errors).length > 0) return { kind: 'invalid' };
      saving.value = true;
      const body = toInput(v, checked.amount, o.expense);
      try {
        const sent = o.expense
          ? await send('PUT', `/api/v1/expenses/${o.expense.expense_id}`, body)
          : o.receiptId
            ? await send('POST', `/api/v1/receipts/${o.receiptId}/convert`, body)
            : await send('POST', '/api/v1/expenses', body);
        if (sent.queued) {
          files.value = [];
          void o.drafts?.save(draftKey, null);
          status.value = queuedMessageFor(v);
          return { kind: 'queued' };
        }
        const expense = sent.answer.expense;
        const nextReceiptId = sent.answer.next_receipt_id ?? null;
        const move = reportMove(v, o.expense);
        if (move.kind !== 'none') {
          await o.api.post(
            '/api/v1/expenses/addtoreport',
            move.kind === 'existing'
              ? { expense_ids: [expense.expense_id], report_id: move.report_id }
              : { expense_ids: [expense.expense_id], new_report: { report_name: move.report_name.trim() } },
          );
        }
        files.value = [];
        status.value = 'Expense saved.';
        void o.drafts?.save(draftKey, null);
        return { kind: 'saved', expense, nextReceiptId };
      } catch (e) {
        if (isApiError(e) && e.queued) {
          files.value = [];
          status.value = queuedMessageFor(v);
          return { kind: 'queued' };
        }
        if (isApiError(e) && e.offline) {
          errors.value = { form: describeError(e) };
          return { kind: 'invalid' };
        }
        const field = isApiError(e) && e.field ? (FIELD_ALIASES[e.field] ?? e.field) : undefined;
        const known = field !== undefined && field in v;
        errors.value = { ...errors.value, [known ? field : 'form']: describeError(e) };
        return { kind: 'invalid' };
      } finally {
        saving.value = false;
      }
    }),
    /** "Save and New": a blank form that keeps the prefilled customer/deal and the report choice. */
    reset: action(() => {
      touched = false;
      idempotencyKey = newIdempotencyKey();
      values.value = { ...blankValues(o), report: values.value.report };
      errors.value = {};
      files.value = [];
    }),
  };
});
