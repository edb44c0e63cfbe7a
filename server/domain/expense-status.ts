/**
 * Who may change an expense, and whether the change is audited, depends on its report's status.
 * (The expense's status itself follows its report: see expenseStatusFor in report-state.ts.)
 */
import type { ReportStatus } from '../db/schema.js';
import { isEditable } from './report-state.js';

export interface EditRequest {
  /** Status of the expense's report; null when the expense is in no report. */
  reportStatus: ReportStatus | null;
  /** True once the report has been submitted at least once (later changes are audited). */
  reportWasSubmitted: boolean;
  isOwner: boolean;
  isAdmin: boolean;
  /** The expense's report is waiting for the caller's approval (its current level's approver). */
  isReportApprover: boolean;
}

export type EditDecision =
  | { ok: true; audited: boolean }
  | { ok: false; reason: 'EXPENSE_LOCKED' | 'FORBIDDEN' };

/**
 * May this caller change the expense now, and must the change be audited?
 * - no report, or a draft / recalled / rejected one: the owner (or an admin) edits; audited only if
 *   the report had been submitted before;
 * - submitted: only the approver it waits for (not one of a level already passed) or an admin,
 *   always audited;
 * - approved / reimbursed: nobody.
 */
export function decideExpenseEdit(req: EditRequest): EditDecision {
  const { reportStatus } = req;
  if (reportStatus === null || isEditable(reportStatus)) {
    if (!req.isOwner && !req.isAdmin) return { ok: false, reason: 'FORBIDDEN' };
    return { ok: true, audited: reportStatus !== null && req.reportWasSubmitted };
  }
  if (reportStatus === 'submitted') {
    if (req.isReportApprover || req.isAdmin) return { ok: true, audited: true };
    return { ok: false, reason: 'EXPENSE_LOCKED' };
  }
  return { ok: false, reason: 'EXPENSE_LOCKED' };
}
