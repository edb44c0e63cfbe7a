/**
 * One report: its expenses and totals, approval history, and what its owner or approver may do
 * (add unreported expenses, Submit to an approver, Recall, Delete, Approve, Reject with a reason).
 */
import { action, batch, computed, createModel, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import type { ApiClient } from '../../api/client.js';
import type { Expense, ExpenseReport, User } from '../../api/types.js';
import { describeError } from '../expenses/describe-error.js';
import { expenseReceiptPath, loadReceiptBlob } from '../receipts/receipt-file.js';
import { loadApproverList } from './approvers.js';
import { type ApprovalHistoryEntry, EDITABLE_STATUSES } from './report-types.js';

export interface ReportPageOptions {
  api: ApiClient;
  reportId: string;
  me: User;
}

/** An expense as the report page shows it (the report's own expense summary). */
export type ReportExpense = NonNullable<ExpenseReport['expenses']>[number];
export type ReceiptSummary = NonNullable<Expense['receipts']>[number];

/** What an action answered: null when done, or the message to show. */
export type ActionResult = string | null;

export const ReportPageModel = createModel((o: ReportPageOptions) => {
  const base = `/api/v1/expensereports/${o.reportId}`;
  const report = signal<ExpenseReport | null>(null, { name: 'reportPage.report' });
  const expenses = signal<ReportExpense[]>([], { name: 'reportPage.expenses' });
  const receipts = signal<Readonly<Record<string, ReceiptSummary[]>>>({}, { name: 'reportPage.receipts' });
  const history = signal<ApprovalHistoryEntry[]>([], { name: 'reportPage.history' });
  const loading = signal(true, { name: 'reportPage.loading' });
  const error = signal<string | null>(null, { name: 'reportPage.error' });
  const busy = signal(false, { name: 'reportPage.busy' });
  const unreported = signal<Expense[]>([], { name: 'reportPage.unreported' });
  const approvers = signal<User[]>([], { name: 'reportPage.approvers' });

  const isOwner = computed(
    () => report.value?.user_id === undefined || report.value.user_id === o.me.user_id,
  );
  const editable = computed(() => isOwner.value && EDITABLE_STATUSES.includes(report.value?.status ?? ''));
  const canRecall = computed(() => isOwner.value && report.value?.status === 'submitted');
  const canDecide = computed(
    () => report.value?.status === 'submitted' && !isOwner.value && o.me.user_role !== 'submitter',
  );

  const load = action(async () => {
    loading.value = true;
    error.value = null;
    try {
      const [r, h] = await Promise.all([
        o.api.get<{ expense_report: ExpenseReport }>(base),
        o.api.get<{ approval_history?: ApprovalHistoryEntry[] }>(`${base}/approvalhistory`),
      ]);
      batch(() => {
        report.value = r.expense_report;
        expenses.value = r.expense_report.expenses ?? [];
        history.value = h.approval_history ?? [];
      });
    } catch (e) {
      error.value = describeError(e);
    } finally {
      loading.value = false;
    }
  });

  /** Runs a report action, reloads the page, and answers null or the error message. */
  const run = async (fn: () => Promise<unknown>): Promise<ActionResult> => {
    busy.value = true;
    try {
      await fn();
      await load();
      return null;
    } catch (e) {
      return describeError(e);
    } finally {
      busy.value = false;
    }
  };

  return {
    report,
    expenses,
    history,
    receipts,
    loading,
    error,
    busy,
    unreported,
    approvers,
    editable,
    canRecall,
    canDecide,
    load,
    /** The receipts of one expense (for the approver to view or download). */
    loadReceipts: action(async (expenseId: string): Promise<ActionResult> => {
      try {
        const res = await o.api.get<{ expense: Expense }>(`/api/v1/expenses/${expenseId}`);
        receipts.value = { ...receipts.value, [expenseId]: res.expense.receipts ?? [] };
        return null;
      } catch (e) {
        return describeError(e);
      }
    }),
    /** An object URL of a receipt's file, or null when it cannot be downloaded here. */
    receiptUrl: action(async (expenseId: string, receiptId: string): Promise<string | null> => {
      const blob = await loadReceiptBlob(o.api, expenseReceiptPath(expenseId, receiptId)).catch(() => null);
      return blob ? URL.createObjectURL(blob) : null;
    }),
    loadUnreported: action(async (): Promise<ActionResult> => {
      try {
        unreported.value = await readAllPages<Expense>(o.api, '/api/v1/expenses', 'expenses', {
          status: 'unreported',
        });
        return null;
      } catch (e) {
        return describeError(e);
      }
    }),
    addExpenses: action((ids: string[]) =>
      run(() => o.api.post('/api/v1/expenses/addtoreport', { expense_ids: ids, report_id: o.reportId })),
    ),
    /** Loads who may approve; the submitter's manager comes first and is the default. */
    loadApprovers: action(async (): Promise<string> => {
      try {
        const { approvers: list, first } = await loadApproverList(o.api, o.me);
        approvers.value = list;
        return first;
      } catch {
        approvers.value = [];
        return o.me.manager_id ?? '';
      }
    }),
    submit: action((approverId: string) => {
      if (!approverId) return Promise.resolve<ActionResult>('Choose an approver.');
      return run(() => o.api.post(`${base}/submit`, { approver_id: approverId }));
    }),
    recall: action(() => run(() => o.api.post(`${base}/recall`, {}))),
    /** Deletes the report (draft, recalled or rejected only); nothing is left to reload. */
    remove: action(async (): Promise<ActionResult> => {
      busy.value = true;
      try {
        await o.api.del(base);
        report.value = null;
        return null;
      } catch (e) {
        return describeError(e);
      } finally {
        busy.value = false;
      }
    }),
    approve: action((comments: string) =>
      run(() => o.api.post(`${base}/approve`, comments.trim() ? { comments: comments.trim() } : {})),
    ),
    /** A rejection needs its reason: the submitter reads it to fix the report. */
    reject: action((reason: string) => {
      if (!reason.trim()) return Promise.resolve<ActionResult>('Enter the reason for rejecting this report.');
      return run(() => o.api.post(`${base}/reject`, { comments: reason.trim() }));
    }),
  };
});
