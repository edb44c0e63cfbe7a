/**
 * The related-list panel's state: the record's scope, one page each of its expenses and reports,
 * the selection, and the bulk actions (Add to Report, Delete) with per-item outcomes.
 */
import { action, computed, createModel, signal } from '@preact/signals';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import type {
  AddToReportEnvelope,
  BulkDeleteEnvelope,
  Expense,
  ExpenseList,
  ExpenseReport,
  ExpenseReportList,
  PageContext,
} from '../../api/types.js';
import type { CrmModule, HostApi } from '../../host/host-context.js';
import type { DeleteQueued } from '../expenses/duplicate-notice-model.js';
import { type RecordScope, resolveRecordScope } from './record-scope.js';

/** Rows per page in the panel: small, it sits inside a CRM record page. */
export const PANEL_PAGE_SIZE = 10;

/** `per_page` from the widget's URL (1–200; the benchmark renders 200 rows), else the default. */
export function pageSizeFrom(search: string): number {
  const n = Number(new URLSearchParams(search).get('per_page'));
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : PANEL_PAGE_SIZE;
}

export type PanelState = 'loading' | 'ready' | 'not-synced' | 'error';

export interface Refused {
  expense_id: string;
  label: string;
  reason: string;
}

export type AddChoice = { kind: 'existing'; report_id: string } | { kind: 'new'; report_name: string };

function describe(e: unknown): string {
  if (isApiError(e)) return e.offline ? 'You are offline. Try again when the connection returns.' : e.message;
  return 'Something went wrong. Try again.';
}

export const RelatedListModel = createModel(
  (
    api: ApiClient,
    host: HostApi | null,
    module: CrmModule,
    crmId: string,
    pageSize: number = PANEL_PAGE_SIZE,
  ) => {
    const state = signal<PanelState>('loading', { name: 'panel-state' });
    const error = signal<string | null>(null, { name: 'panel-error' });
    const scope = signal<RecordScope | null>(null, { name: 'panel-scope' });
    const expenses = signal<Expense[]>([], { name: 'panel-expenses' });
    const expensePage = signal(1, { name: 'panel-expense-page' });
    const expenseContext = signal<PageContext | null>(null, { name: 'panel-expense-context' });
    const reports = signal<ExpenseReport[]>([], { name: 'panel-reports' });
    const reportPage = signal(1, { name: 'panel-report-page' });
    const reportContext = signal<PageContext | null>(null, { name: 'panel-report-context' });
    const selected = signal<Set<string>>(new Set(), { name: 'panel-selected' });
    const refused = signal<Refused[]>([], { name: 'panel-refused' });
    const notice = signal<string | null>(null, { name: 'panel-notice' });
    const draftReports = signal<ExpenseReport[]>([], { name: 'panel-draft-reports' });

    /** Totals per currency of the listed expenses, in the org's base currency. */
    const expenseTotal = computed(() => {
      const list = expenses.value;
      if (list.length === 0) return null;
      const currency = list[0]!.base_currency_code;
      return { amount: list.reduce((sum, e) => sum + e.bcy_total, 0), currency };
    });
    const reportTotal = computed(() => {
      const list = reports.value;
      if (list.length === 0) return null;
      return { amount: list.reduce((sum, r) => sum + r.total, 0), currency: list[0]!.currency_code };
    });

    function fail(e: unknown) {
      state.value = 'error';
      error.value = describe(e);
    }

    async function loadExpenses(s: RecordScope) {
      const res = await api.get<ExpenseList>('/api/v1/expenses', {
        ...s.query,
        page: expensePage.value,
        per_page: pageSize,
        sort_column: 'date',
        sort_order: 'D',
      });
      expenses.value = res.expenses;
      expenseContext.value = res.page_context;
      const visible = new Set(res.expenses.map((e) => e.expense_id));
      selected.value = new Set([...selected.value].filter((id) => visible.has(id)));
    }

    async function loadReports(s: RecordScope) {
      const res = await api.get<ExpenseReportList>('/api/v1/expensereports', {
        ...s.query,
        page: reportPage.value,
        per_page: pageSize,
      });
      reports.value = res.expense_reports;
      reportContext.value = res.page_context;
    }

    const load = action(async () => {
      state.value = 'loading';
      error.value = null;
      try {
        const s = scope.value ?? (await resolveRecordScope(api, host, module, crmId));
        if (!s) {
          state.value = 'not-synced';
          return;
        }
        scope.value = s;
        await Promise.all([loadExpenses(s), loadReports(s)]);
        state.value = 'ready';
      } catch (e) {
        fail(e);
      }
    });

    const labelOf = (id: string) => {
      const e = expenses.value.find((x) => x.expense_id === id);
      return e ? `${e.merchant_name || e.category_name || 'Expense'} on ${e.date}` : id;
    };

    return {
      state,
      error,
      scope,
      expenses,
      expensePage,
      expenseContext,
      reports,
      reportPage,
      reportContext,
      selected,
      refused,
      notice,
      draftReports,
      expenseTotal,
      reportTotal,
      load,
      setSelected: action((next: Set<string>) => {
        selected.value = next;
      }),
      goToExpensePage: action(async (page: number) => {
        expensePage.value = Math.max(1, page);
        if (scope.value) await loadExpenses(scope.value).catch(fail);
      }),
      goToReportPage: action(async (page: number) => {
        reportPage.value = Math.max(1, page);
        if (scope.value) await loadReports(scope.value).catch(fail);
      }),
      loadDraftReports: action(async () => {
        try {
          const res = await api.get<ExpenseReportList>('/api/v1/expensereports', {
            status: 'draft',
            per_page: 200,
          });
          draftReports.value = res.expense_reports;
        } catch {
          draftReports.value = [];
        }
      }),
      /** Deletes the selection; the server refuses submitted, approved and reimbursed ones, named here. */
      deleteSelected: action(async () => {
        const ids = [...selected.value];
        refused.value = [];
        notice.value = null;
        try {
          const res = await api.post<BulkDeleteEnvelope>('/api/v1/expenses/bulkdelete', { expense_ids: ids });
          const kept = res.results.filter(
            (r) => r.deleted === false || (r.code !== undefined && r.code !== 0),
          );
          refused.value = kept.map((r) => ({
            expense_id: r.expense_id,
            label: labelOf(r.expense_id),
            reason: r.message ?? 'It could not be deleted.',
          }));
          const gone = ids.length - kept.length;
          notice.value = `${gone} of ${ids.length} expense${ids.length === 1 ? '' : 's'} deleted.`;
          selected.value = new Set(kept.map((r) => r.expense_id));
          if (scope.value) await Promise.all([loadExpenses(scope.value), loadReports(scope.value)]);
        } catch (e) {
          notice.value = describe(e);
        }
      }),
      /** Adds the selection to a report; returns an error to show in the dialog, or null. */
      addSelectedToReport: action(async (choice: AddChoice): Promise<string | null> => {
        const ids = [...selected.value];
        const s = scope.value;
        try {
          const body =
            choice.kind === 'existing'
              ? { expense_ids: ids, report_id: choice.report_id }
              : {
                  expense_ids: ids,
                  new_report: {
                    report_name: choice.report_name.trim(),
                    ...(s?.customer ? { customer_id: s.customer.id } : {}),
                    ...(s?.deal ? { deal_id: s.deal.id } : {}),
                  },
                };
          const res = await api.post<AddToReportEnvelope>('/api/v1/expenses/addtoreport', body);
          const kept = res.results.filter((r) => r.added === false || (r.code !== undefined && r.code !== 0));
          refused.value = kept.map((r) => ({
            expense_id: r.expense_id,
            label: labelOf(r.expense_id),
            reason: r.message ?? 'It could not be added.',
          }));
          notice.value = `${ids.length - kept.length} of ${ids.length} added to the report.`;
          selected.value = new Set();
          if (s) await Promise.all([loadExpenses(s), loadReports(s)]);
          return null;
        } catch (e) {
          return describe(e);
        }
      }),
      /** Deletes one expense (a duplicate notice's "Delete this one"); answers null, queued (offline) or why it was refused. */
      deleteOne: action(async (id: string): Promise<string | null | DeleteQueued> => {
        try {
          await api.del(`/api/v1/expenses/${id}`);
        } catch (e) {
          if (!isApiError(e) || !e.queued) return describe(e);
          // The panel reloads once the outbox has sent it.
          notice.value = 'You are offline: the delete is queued and will be sent when you reconnect.';
          return { queued: true };
        }
        notice.value = 'Expense deleted.';
        const s = scope.value;
        if (s) await Promise.all([loadExpenses(s), loadReports(s)]).catch(fail);
        return null;
      }),
      dismissRefused: action(() => {
        refused.value = [];
      }),
    };
  },
);

export type RelatedListModel = InstanceType<typeof RelatedListModel>;
