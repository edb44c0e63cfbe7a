/**
 * The expenses list: "All Expenses" and "Unreported Expenses" with filters and paging, a selection,
 * and the bulk actions on it (Add to Report, Delete). Loading re-runs whenever the view, a filter or
 * the page changes, so components only set signals.
 */
import { action, computed, createModel, effect, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import type {
  BulkDeleteEnvelope,
  BulkDeleteResult,
  Deal,
  Expense,
  ExpenseList,
  ExpenseReport,
  PageContext,
} from '../../api/types.js';
import { describeError } from './describe-error.js';
import type { DeleteQueued } from './duplicate-notice-model.js';
import type { ReportChoice } from './types.js';

export type ExpensesTab = 'all' | 'unreported';

export interface ExpenseFilters {
  status: string;
  date_start: string;
  date_end: string;
  customer_id: string;
  deal_id: string;
}

/** One expense the server would not delete, with its reason in words. */
export interface Refusal {
  expense_id: string;
  label: string;
  reason: string;
}

/** The server marks a refusal with a non-zero code (and `deleted: false`). */
function isRefused(r: BulkDeleteResult & { deleted?: boolean }): boolean {
  return r.deleted === false || (typeof r.code === 'number' && r.code !== 0);
}

export const EMPTY_FILTERS: ExpenseFilters = {
  status: '',
  date_start: '',
  date_end: '',
  customer_id: '',
  deal_id: '',
};
/** Rows per page: enough to fill the tab without scrolling far. */
export const PER_PAGE = 25;

export const ExpensesModel = createModel((api: ApiClient) => {
  const tab = signal<ExpensesTab>('all', { name: 'expenses.tab' });
  const filters = signal<ExpenseFilters>(EMPTY_FILTERS, { name: 'expenses.filters' });
  const page = signal(1, { name: 'expenses.page' });
  const expenses = signal<Expense[]>([], { name: 'expenses.items' });
  const pageContext = signal<PageContext | null>(null, { name: 'expenses.pageContext' });
  const loading = signal(true, { name: 'expenses.loading' });
  const error = signal<string | null>(null, { name: 'expenses.error' });
  const selected = signal<ReadonlySet<string>>(new Set(), { name: 'expenses.selected' });
  const refusals = signal<Refusal[]>([], { name: 'expenses.refusals' });
  const notice = signal<string | null>(null, { name: 'expenses.notice' });
  const selectedCount = computed(() => selected.value.size);
  /** Draft reports for "Add to Report". */
  const draftReports = signal<ExpenseReport[]>([], { name: 'expenses.draftReports' });
  /** The chosen customer's deals, for the deal filter. */
  const deals = signal<Deal[]>([], { name: 'expenses.deals' });
  let generation = 0;

  const load = action(async () => {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    const f = filters.value;
    const status = tab.value === 'unreported' ? 'unreported' : f.status || undefined;
    try {
      const res = await api.get<ExpenseList>('/api/v1/expenses', {
        status,
        date_start: f.date_start || undefined,
        date_end: f.date_end || undefined,
        customer_id: f.customer_id || undefined,
        deal_id: f.deal_id || undefined,
        page: page.value,
        per_page: PER_PAGE,
      });
      if (mine !== generation) return;
      expenses.value = res.expenses;
      pageContext.value = res.page_context;
      selected.value = new Set();
    } catch (e) {
      if (mine === generation) error.value = describeError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  });

  effect(() => {
    tab.value;
    filters.value;
    page.value;
    void load();
  });

  let dealsFor = '';
  effect(() => {
    const customer = filters.value.customer_id;
    if (customer === dealsFor) return;
    dealsFor = customer;
    deals.value = [];
    if (customer) {
      readAllPages<Deal>(api, '/api/v1/deals', 'deals', { customer_id: customer }).then(
        (all) => {
          if (dealsFor === customer) deals.value = all;
        },
        () => undefined,
      );
    }
  });

  const labelOf = (id: string) => {
    const e = expenses.value.find((x) => x.expense_id === id);
    return e ? `${e.merchant_name || e.category_name || 'Expense'} on ${e.date}` : id;
  };

  return {
    tab,
    filters,
    page,
    expenses,
    pageContext,
    deals,
    draftReports,
    loadDraftReports: action(async () => {
      try {
        draftReports.value = await readAllPages<ExpenseReport>(
          api,
          '/api/v1/expensereports',
          'expense_reports',
          {
            status: 'draft',
          },
        );
      } catch {
        // Adding to a new report still works; the dialog offers it.
        draftReports.value = [];
      }
    }),
    loading,
    error,
    selected,
    selectedCount,
    refusals,
    notice,
    load,
    showTab: action((t: ExpensesTab) => {
      tab.value = t;
      page.value = 1;
    }),
    setFilter: action((key: keyof ExpenseFilters, value: string) => {
      filters.value = { ...filters.value, [key]: value };
      page.value = 1;
    }),
    /** Choosing a customer clears the deal filter (deals belong to a customer). */
    setCustomer: action((id: string) => {
      filters.value = { ...filters.value, customer_id: id, deal_id: '' };
      page.value = 1;
    }),
    clearFilters: action(() => {
      filters.value = EMPTY_FILTERS;
      page.value = 1;
    }),
    toggle: action((id: string) => {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    }),
    toggleAll: action(() => {
      const all = expenses.value.map((e) => e.expense_id);
      selected.value = selected.value.size === all.length ? new Set() : new Set(all);
    }),
    /** Deletes the selection; refused items stay selected and are named with the server's reason. */
    deleteSelected: action(async () => {
      const ids = [...selected.value];
      notice.value = null;
      refusals.value = [];
      try {
        const res = await api.post<BulkDeleteEnvelope>('/api/v1/expenses/bulkdelete', { expense_ids: ids });
        const refused = res.results.filter((r) => isRefused(r));
        refusals.value = refused.map((r) => ({
          expense_id: r.expense_id,
          label: labelOf(r.expense_id),
          reason: r.message ?? 'It could not be deleted.',
        }));
        const deleted = ids.length - refused.length;
        await load();
        selected.value = new Set(refused.map((r) => r.expense_id));
        notice.value = `${deleted} of ${ids.length} expense${ids.length === 1 ? '' : 's'} deleted.`;
      } catch (e) {
        notice.value = describeError(e);
      }
    }),
    /** "Add to Report": an existing report or "+ Add to New Report". Returns an error message or null. */
    addSelectedToReport: action(async (choice: ReportChoice): Promise<string | null> => {
      if (choice.kind === 'none') return 'Choose a report.';
      const body =
        choice.kind === 'existing'
          ? { expense_ids: [...selected.value], report_id: choice.report_id }
          : { expense_ids: [...selected.value], new_report: { report_name: choice.report_name } };
      try {
        await api.post('/api/v1/expenses/addtoreport', body);
        notice.value = `${body.expense_ids.length} expense${body.expense_ids.length === 1 ? '' : 's'} added to the report.`;
        await load();
        return null;
      } catch (e) {
        return describeError(e);
      }
    }),
    /** Deletes one expense (the expense page's More → Delete); answers null, queued (offline) or why it was refused. */
    deleteOne: action(async (id: string): Promise<string | null | DeleteQueued> => {
      try {
        await api.del(`/api/v1/expenses/${id}`);
        notice.value = 'Expense deleted.';
        await load();
        return null;
      } catch (e) {
        if (!isApiError(e) || !e.queued) return describeError(e);
        notice.value = 'You are offline: the delete is queued and will be sent when you reconnect.';
        return { queued: true };
      }
    }),
    dismissRefusals: action(() => {
      refusals.value = [];
    }),
  };
});
