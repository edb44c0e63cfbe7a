/** Report statuses in words a user reads. */
const LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Awaiting Approval',
  approved: 'Approved',
  rejected: 'Rejected',
  recalled: 'Recalled',
  reimbursed: 'Reimbursed',
};

export function ReportStatus({ status }: { status: string }) {
  return <span class={`ds-badge ds-badge--${status}`}>{LABELS[status] ?? status}</span>;
}
