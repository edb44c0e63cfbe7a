/**
 * Approvals: the reports waiting for me, oldest first (the longest wait is dealt with first).
 * The report page itself is the reports feature's page model, with Approve / Reject.
 */
import { action, createModel, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import type { ApiClient } from '../../api/client.js';
import type { ExpenseReport } from '../../api/types.js';
import { describeError } from '../expenses/describe-error.js';

/** Oldest submission first; reports without a date go last. */
export function oldestFirst(reports: readonly ExpenseReport[]): ExpenseReport[] {
  const key = (r: ExpenseReport) => r.submitted_date ?? r.created_time ?? '9999';
  return [...reports].sort((a, b) => key(a).localeCompare(key(b)));
}

export const ApprovalsModel = createModel((api: ApiClient) => {
  const reports = signal<ExpenseReport[]>([], { name: 'approvals.items' });
  const loading = signal(true, { name: 'approvals.loading' });
  const error = signal<string | null>(null, { name: 'approvals.error' });

  const load = action(async () => {
    loading.value = true;
    error.value = null;
    try {
      reports.value = oldestFirst(
        await readAllPages<ExpenseReport>(api, '/api/v1/approvals', 'expense_reports'),
      );
    } catch (e) {
      error.value = describeError(e);
    } finally {
      loading.value = false;
    }
  });

  return { reports, loading, error, load };
});
