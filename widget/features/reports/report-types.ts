/** Shapes the report views read beyond `widget/api/types.ts`. */

/** One line of a report's approval history. */
export interface ApprovalHistoryEntry {
  history_id?: string;
  action: string;
  actor_id?: string;
  actor_name?: string;
  approver_id?: string | null;
  approver_name?: string | null;
  level?: number;
  comments?: string;
  time: string;
}

/** What "+ New Report" sends (description is the Business Purpose). */
export interface NewReportInput {
  report_name: string;
  description?: string;
  start_date?: string;
  end_date?: string;
  customer_id?: string;
}

/** Report statuses in the order the tab lists them, with the seed's words. */
export const REPORT_STATUSES = [
  { value: 'draft', label: 'Draft' },
  { value: 'submitted', label: 'Awaiting Approval' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'recalled', label: 'Recalled' },
  { value: 'reimbursed', label: 'Reimbursed' },
] as const;

export function statusLabel(status: string): string {
  return REPORT_STATUSES.find((s) => s.value === status)?.label ?? status;
}

/** Reports can be edited, submitted or deleted only in these states. */
export const EDITABLE_STATUSES: readonly string[] = ['draft', 'rejected', 'recalled'];
