/** Expense statuses in words a user reads. */
const LABELS: Record<string, string> = {
  unreported: 'Unreported',
  unsubmitted: 'Unsubmitted',
  submitted: 'Awaiting Approval',
  approved: 'Approved',
  rejected: 'Rejected',
  reimbursed: 'Reimbursed',
};

/** Only these expenses can be deleted (the seed: "unreported, and unsubmitted expenses"). */
export function canDelete(status: string): boolean {
  return status === 'unreported' || status === 'unsubmitted';
}

export const EXPENSE_STATUSES = Object.entries(LABELS).map(([value, label]) => ({ value, label }));

export function ExpenseStatus({ status }: { status: string }) {
  return <span class={`ds-badge ds-badge--${status}`}>{LABELS[status] ?? status}</span>;
}
