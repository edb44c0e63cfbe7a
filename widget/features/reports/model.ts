/**
 * Expense Reports: the list by status and "+ New Report". The report page has its own model
 * (report-page-model.ts) so a page and the list can be open in different places.
 */
import { action, createModel, effect, signal } from '@preact/signals';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import type { ExpenseReport, ExpenseReportList, PageContext, User } from '../../api/types.js';
import { describeError } from '../expenses/describe-error.js';
import { loadApproverList } from './approvers.js';
import type { NewReportInput } from './report-types.js';

export type NewReportErrors = Partial<Record<keyof NewReportInput | 'form', string>>;

export const ReportsModel = createModel((api: ApiClient, me: User) => {
  const status = signal<string>('draft', { name: 'reports.status' });
  const page = signal(1, { name: 'reports.page' });
  const reports = signal<ExpenseReport[]>([], { name: 'reports.items' });
  const pageContext = signal<PageContext | null>(null, { name: 'reports.pageContext' });
  const loading = signal(true, { name: 'reports.loading' });
  const error = signal<string | null>(null, { name: 'reports.error' });
  const selected = signal<ReadonlySet<string>>(new Set(), { name: 'reports.selected' });
  const approvers = signal<User[]>([], { name: 'reports.approvers' });
  const busy = signal(false, { name: 'reports.busy' });
  let generation = 0;

  const load = action(async () => {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const res = await api.get<ExpenseReportList>('/api/v1/expensereports', {
        status: status.value,
        page: page.value,
        per_page: 25,
      });
      if (mine !== generation) return;
      reports.value = res.expense_reports;
      pageContext.value = res.page_context;
      selected.value = new Set();
    } catch (e) {
      if (mine === generation) error.value = describeError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  });

  effect(() => {
    status.value;
    page.value;
    void load();
  });

  return {
    status,
    page,
    reports,
    pageContext,
    loading,
    error,
    load,
    selected,
    approvers,
    busy,
    loadApprovers: action(async (): Promise<string> => {
      try {
        const { approvers: list, first } = await loadApproverList(api, me);
        approvers.value = list;
        return first;
      } catch {
        approvers.value = [];
        return me.manager_id ?? '';
      }
    }),
    /** Submits every selected report to one approver; names the reports that were refused, and why. */
    submit: action(async (approverId: string): Promise<string | null> => {
      if (!approverId) return 'Choose an approver.';
      busy.value = true;
      const refused: string[] = [];
      for (const id of selected.value) {
        try {
          await api.post(`/api/v1/expensereports/${id}/submit`, { approver_id: approverId });
        } catch (e) {
          const name = reports.value.find((r) => r.report_id === id)?.report_name ?? id;
          refused.push(`${name}: ${describeError(e)}`);
        }
      }
      busy.value = false;
      await load();
      return refused.length ? refused.join(' ') : null;
    }),
    showStatus: action((s: string) => {
      status.value = s;
      page.value = 1;
    }),
    /** "+ New Report" → Save. Returns the new report, or the errors to show by each field. */
    create: action(async (input: NewReportInput): Promise<ExpenseReport | NewReportErrors> => {
      const errors: NewReportErrors = {};
      if (!input.report_name.trim()) errors.report_name = 'Enter a report name.';
      if (input.start_date && input.end_date && input.end_date < input.start_date) {
        errors.end_date = 'The end of the duration is before its start.';
      }
      if (Object.keys(errors).length) return errors;
      const body: NewReportInput = { report_name: input.report_name.trim() };
      if (input.description?.trim()) body.description = input.description.trim();
      if (input.start_date) body.start_date = input.start_date;
      if (input.end_date) body.end_date = input.end_date;
      if (input.customer_id) body.customer_id = input.customer_id;
      try {
        const res = await api.post<{ expense_report: ExpenseReport }>('/api/v1/expensereports', body);
        if (status.value === 'draft') await load();
        return res.expense_report;
      } catch (e) {
        const field = isApiError(e) ? e.field : undefined;
        const key =
          field && ['report_name', 'description', 'start_date', 'end_date', 'customer_id'].includes(field);
        return { [key ? field : 'form']: describeError(e) } as NewReportErrors;
      }
    }),
  };
});
