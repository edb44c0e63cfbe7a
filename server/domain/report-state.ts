/**
 * The expense report state machine (Zoho Expense, reference §3.2):
 *
 *   draft|recalled|rejected --submit--> submitted
 *   submitted --approve (non-final level)--> submitted, waiting for the next level's approver
 *   submitted|rejected --approve (final level)--> approved
 *   submitted --reject--> rejected;  approved --reject (admin)--> rejected
 *   submitted --recall (submitter, before any approver acted)--> recalled
 *   approved --reimburse (admin)--> reimbursed
 *
 * Nobody approves or rejects their own report. A pure function: the caller passes the actor, the
 * time and (for submit) the resolved approval flow; the result says what to store and record.
 */
import type { ApprovalStep } from './approval-routing.js';

export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'recalled' | 'reimbursed';
export type ExpenseStatusInReport = 'unsubmitted' | 'submitted' | 'approved' | 'rejected' | 'reimbursed';
export type Role = 'submitter' | 'approver' | 'admin';

export const REPORT_STATUSES: readonly ReportStatus[] = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'recalled',
  'reimbursed',
];

/** States in which the owner may edit the report, add or remove expenses, and delete it. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['draft', 'recalled', 'rejected'];

export function isEditable(status: ReportStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

/** An expense's status follows its report's. */
export function expenseStatusFor(status: ReportStatus): ExpenseStatusInReport {
  switch (status) {
    case 'draft':
    case 'recalled':
      return 'unsubmitted';
    default:
      return status;
  }
}

/** The part of a report the state machine reads and writes. */
export interface ReportState {
  user_id: string;
  status: ReportStatus;
  approver_id: string | null;
  /** 1-based level waiting for approval (0 before the first submission). */
  approval_level: number;
  approval_flow: ApprovalStep[];
  submitted_date: string | null;
  approved_date: string | null;
  reimbursement_date: string | null;
}

export interface Actor {
  user_id: string;
  user_role: Role;
}

export type ReportAction =
  | { type: 'submit'; flow: ApprovalStep[]; expense_count: number }
  | { type: 'approve'; comments?: string }
  | { type: 'reject'; reason: string }
  | { type: 'recall' }
  | { type: 'reimburse'; reimbursement_date?: string; reference?: string };

export type HistoryAction = 'submitted' | 'approved' | 'rejected' | 'recalled' | 'reimbursed';

/** One approval-history row to record. `approver_id` is whom the report waits for afterwards. */
export interface HistoryEntry {
  action: HistoryAction;
  actor_id: string;
  approver_id: string | null;
  level: number;
  comments: string;
}

export type TransitionFailure =
  | 'ILLEGAL_TRANSITION'
  | 'SELF_APPROVAL'
  | 'NOT_THE_APPROVER'
  | 'NOT_AN_APPROVER'
  | 'NOT_THE_SUBMITTER'
  | 'ADMIN_ONLY'
  | 'REPORT_EMPTY'
  | 'NO_APPROVER'
  | 'REASON_REQUIRED';

export type TransitionResult =
  | {
      ok: true;
      report: ReportState;
      history: HistoryEntry;
      /** Fields that changed, old → new. */
      audit: Record<string, [unknown, unknown]>;
    }
  | { ok: false; reason: TransitionFailure };

const AUDITED_FIELDS = [
  'status',
  'approver_id',
  'approval_level',
  'submitted_date',
  'approved_date',
  'reimbursement_date',
] as const;

function diff(before: ReportState, after: ReportState): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const f of AUDITED_FIELDS) if (before[f] !== after[f]) changes[f] = [before[f], after[f]];
  return changes;
}

function done(before: ReportState, after: ReportState, history: HistoryEntry): TransitionResult {
  return { ok: true, report: after, history, audit: diff(before, after) };
}

/**
 * Who may act as approver on a waiting report: its current approver, or any admin; never its owner,
 * and never a submitter (an approver whose role was lowered after the report reached them).
 */
function checkApprover(report: ReportState, actor: Actor): TransitionFailure | null {
  if (actor.user_id === report.user_id) return 'SELF_APPROVAL';
  if (actor.user_role === 'submitter') return 'NOT_AN_APPROVER';
  if (actor.user_id !== report.approver_id && actor.user_role !== 'admin') return 'NOT_THE_APPROVER';
  return null;
}

/**
 * Applies one action. Checks run in a fixed order: the status first (an out-of-order action is
 * ILLEGAL_TRANSITION whoever sends it), then who the actor is, then the action's own input.
 */
export function transition(
  report: ReportState,
  action: ReportAction,
  actor: Actor,
  now: Date,
): TransitionResult {
  const iso = now.toISOString();
  const today = iso.slice(0, 10);
  switch (action.type) {
    case 'submit': {
      if (actor.user_id !== report.user_id) return { ok: false, reason: 'NOT_THE_SUBMITTER' };
      if (!isEditable(report.status)) return { ok: false, reason: 'ILLEGAL_TRANSITION' };
      if (action.expense_count < 1) return { ok: false, reason: 'REPORT_EMPTY' };
      const first = action.flow[0];
      if (!first) return { ok: false, reason: 'NO_APPROVER' };
      if (action.flow.some((s) => s.approver_id === report.user_id))
        return { ok: false, reason: 'SELF_APPROVAL' };
      const after: ReportState = {
        ...report,
        status: 'submitted',
        approver_id: first.approver_id,
        approval_level: 1,
        approval_flow: action.flow,
        submitted_date: today,
        approved_date: null,
        reimbursement_date: null,
      };
      return done(report, after, {
        action: 'submitted',
        actor_id: actor.user_id,
        approver_id: first.approver_id,
        level: 1,
        comments: '',
      });
    }
    case 'approve': {
      if (report.status !== 'submitted' && report.status !== 'rejected') {
        return { ok: false, reason: 'ILLEGAL_TRANSITION' };
      }
      const denied = checkApprover(report, actor);
      if (denied) return { ok: false, reason: denied };
      const level = Math.max(1, report.approval_level);
      const next = report.approval_flow.find((s) => s.level === level + 1);
      const after: ReportState = next
        ? { ...report, status: 'submitted', approver_id: next.approver_id, approval_level: next.level }
        : {
            ...report,
            status: 'approved',
            approver_id: actor.user_id,
            approval_level: level,
            approved_date: today,
          };
      return done(report, after, {
        action: 'approved',
        actor_id: actor.user_id,
        approver_id: next ? next.approver_id : null,
        level,
        comments: action.comments ?? '',
      });
    }
    case 'reject': {
      if (report.status === 'approved') {
        if (actor.user_role !== 'admin') return { ok: false, reason: 'ADMIN_ONLY' };
        if (actor.user_id === report.user_id) return { ok: false, reason: 'SELF_APPROVAL' };
      } else if (report.status === 'submitted') {
        const denied = checkApprover(report, actor);
        if (denied) return { ok: false, reason: denied };
      } else {
        return { ok: false, reason: 'ILLEGAL_TRANSITION' };
      }
      if (action.reason.trim() === '') return { ok: false, reason: 'REASON_REQUIRED' };
      // The report stays with its approver, who may approve it later (reference §3.2).
      const after: ReportState = { ...report, status: 'rejected', approved_date: null };
      return done(report, after, {
        action: 'rejected',
        actor_id: actor.user_id,
        approver_id: report.approver_id,
        level: report.approval_level,
        comments: action.reason.trim(),
      });
    }
    case 'recall': {
      // Someone else's report is refused as such, whatever its state.
      if (actor.user_id !== report.user_id) return { ok: false, reason: 'NOT_THE_SUBMITTER' };
      // Only before any approver acted: still at level 1 of the flow.
      if (report.status !== 'submitted' || report.approval_level !== 1) {
        return { ok: false, reason: 'ILLEGAL_TRANSITION' };
      }
      const after: ReportState = { ...report, status: 'recalled', approver_id: null, approval_level: 0 };
      return done(report, after, {
        action: 'recalled',
        actor_id: actor.user_id,
        approver_id: null,
        level: report.approval_level,
        comments: '',
      });
    }
    case 'reimburse': {
      if (report.status !== 'approved') return { ok: false, reason: 'ILLEGAL_TRANSITION' };
      if (actor.user_role !== 'admin') return { ok: false, reason: 'ADMIN_ONLY' };
      const after: ReportState = {
        ...report,
        status: 'reimbursed',
        reimbursement_date: action.reimbursement_date ?? today,
      };
      return done(report, after, {
        action: 'reimbursed',
        actor_id: actor.user_id,
        approver_id: null,
        level: report.approval_level,
        comments: action.reference ?? '',
      });
    }
  }
}
