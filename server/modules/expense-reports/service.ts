/**
 * Expense reports: creation, editing, expenses in and out, and the life-cycle actions (submit,
 * approve, reject, recall, reimburse). The rules live in domain/report-state.ts and
 * domain/approval-routing.ts; this module loads rows, applies them and stores the outcome, with
 * expense statuses, approval history and the audit log written in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { Database, ExpenseRow, ReportRow } from '../../db/schema.js';
import {
  type ApprovalStep,
  canApprove,
  type Directory,
  resolveApprovalFlow,
} from '../../domain/approval-routing.js';
import type { AuditChanges } from '../../domain/audit-chain.js';
import {
  expenseStatusFor,
  isEditable,
  type ReportAction,
  type ReportState,
  type TransitionFailure,
  transition,
} from '../../domain/report-state.js';
import { type AppError, appError } from '../../errors.js';
import { nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { appendAudit, nextCounterValue } from '../audit/service.js';
import { dealFilterIds, visibleDeals } from '../deals/visible-deals.js';

export type Db = Kysely<Database> | Transaction<Database>;
export interface ServiceContext {
  clock: Clock;
  ids: IdGenerator;
}

export interface NewReportInput {
  report_name: string;
  description?: string | undefined;
  start_date?: string | null | undefined;
  end_date?: string | null | undefined;
  customer_id?: string | null | undefined;
  deal_id?: string | null | undefined;
}

/** Runs fn in the caller's transaction, or in a new one when given the plain database. */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return (db as Kysely<Database>).transaction().execute(fn);
}

/** Rejects an end date before the start date (both optional). */
export function assertDuration(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) {
    throw appError('INVALID_DURATION', `end_date ${end} is before start_date ${start}`);
  }
}

/** A report name must have more than blanks. */
function assertName(name: string | undefined): void {
  if (name !== undefined && name.trim() === '')
    throw appError('INVALID_INPUT', 'report_name must not be blank');
}

/**
 * Customer and deal links must point at records of the member's organisation; the deal must be one
 * the member may see (potentials mode), else it is refused as one that does not exist.
 */
export async function assertLinks(
  db: Db,
  member: Member,
  links: { customer_id?: string | null | undefined; deal_id?: string | null | undefined },
): Promise<void> {
  const orgId = member.org.org_id;
  if (links.customer_id) {
    const c = await db
      .selectFrom('contacts')
      .select('contact_id')
      .where('org_id', '=', orgId)
      .where('contact_id', '=', links.customer_id)
      .executeTakeFirst();
    if (!c) throw appError('INVALID_REFERENCE', `customer_id ${links.customer_id} does not exist`);
  }
  if (links.deal_id) {
    const d = await visibleDeals(db, member)
      .select('deals.deal_id')
      .where('deals.deal_id', '=', links.deal_id)
      .executeTakeFirst();
    if (!d) throw appError('INVALID_REFERENCE', `deal_id ${links.deal_id} does not exist`);
  }
}

/**
 * Creates a draft report owned by the member, numbered ER-00001, ER-00002 … per organisation.
 * @example await createReport(db, member, { report_name: 'Trip to SFA', deal_id }, app.ctx)
 */
export async function createReport(
  db: Db,
  member: Member,
  input: NewReportInput,
  ctx: ServiceContext,
): Promise<ReportRow> {
  assertDuration(input.start_date, input.end_date);
  assertName(input.report_name);
  const orgId = member.org.org_id;
  return inTransaction(db, async (trx) => {
    await assertLinks(trx, member, input);
    const number = await nextCounterValue(trx, orgId, 'report_number');
    const now = ctx.clock().toISOString();
    const row: ReportRow = {
      report_id: ctx.ids(),
      org_id: orgId,
      user_id: member.user.user_id,
      report_number: `ER-${String(number).padStart(5, '0')}`,
      report_name: input.report_name.trim(),
      description: input.description ?? '',
      start_date: input.start_date ?? null,
      end_date: input.end_date ?? null,
      customer_id: input.customer_id ?? null,
      deal_id: input.deal_id ?? null,
      status: 'draft',
      approver_id: null,
      approval_level: 0,
      approval_flow: '[]',
      submitted_date: null,
      approved_date: null,
      reimbursement_date: null,
      created_time: now,
      last_modified_time: now,
    };
    await trx.insertInto('expense_reports').values(row).execute();
    return row;
  });
}

/**
 * The member's own report, to change. A report they cannot see is 404 (another user's or another
 * org's); one they can see but did not submit (an admin's or approver's view) is 403, as only the
 * submitter edits, fills, deletes, submits or recalls it.
 */
export async function findOwnReport(db: Db, member: Member, reportId: string): Promise<ReportRow> {
  const report = await findVisibleReport(db, member, reportId);
  if (report.user_id !== member.user.user_id) throw FAILURE_ERRORS.NOT_THE_SUBMITTER();
  return report;
}

/** A report that was submitted once is audited from then on, including edits after a recall. */
export function isAudited(report: Pick<ReportRow, 'submitted_date'>): boolean {
  return report.submitted_date !== null;
}

/**
 * Adds the member's expenses to the member's editable report. Each expense must be unreported or
 * already in this report; its status then follows the report ('unsubmitted' in a draft or
 * recalled report, 'rejected' in a rejected one). Run inside a transaction.
 */
export async function addExpensesToReport(
  trx: Db,
  member: Member,
  reportId: string,
  expenseIds: string[],
  ctx: ServiceContext,
): Promise<void> {
  const report = await findOwnReport(trx, member, reportId);
  if (!isEditable(report.status)) throw appError('REPORT_NOT_EDITABLE');
  const ids = [...new Set(expenseIds)];
  if (ids.length === 0) return;
  const expenses = await trx
    .selectFrom('expenses')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('user_id', '=', member.user.user_id)
    .where('expense_id', 'in', ids)
    .execute();
  const byId = new Map(expenses.map((e) => [e.expense_id, e]));
  for (const id of ids) {
    const e = byId.get(id);
    if (!e) throw appError('EXPENSE_NOT_FOUND', `Expense ${id} does not exist`);
    if (e.report_id !== null && e.report_id !== reportId) {
      throw appError('EXPENSE_IN_OTHER_REPORT', `Expense ${id} already belongs to another report`);
    }
  }
  const moving = expenses.filter((e) => e.report_id !== reportId);
  if (moving.length === 0) return;
  const now = ctx.clock().toISOString();
  const status = expenseStatusFor(report.status);
  // Only still-unreported expenses move: a concurrent request that put one into another report wins.
  const res = await trx
    .updateTable('expenses')
    .set({ report_id: reportId, status, last_modified_time: now })
    .where('org_id', '=', member.org.org_id)
    .where(
      'expense_id',
      'in',
      moving.map((e) => e.expense_id),
    )
    .where('report_id', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== moving.length) throw appError('EXPENSE_IN_OTHER_REPORT');
  await touchReport(trx, report, now);
  if (isAudited(report)) {
    await auditExpenseMoves(trx, member, report, moving, reportId, status, ctx.clock);
  }
}

/** Bumps the report's version when its contents change (its total depends on its expenses). */
export async function touchReport(trx: Db, report: ReportRow, now: string): Promise<void> {
  await trx
    .updateTable('expense_reports')
    .set({ last_modified_time: nextModifiedTime(new Date(now), report.last_modified_time) })
    .where('report_id', '=', report.report_id)
    .execute();
}

/**
 * Bumps the version of a report whose contents change, provided it is still in the status it was
 * read in; false when a concurrent action (a submit, say) changed it since.
 */
export async function touchReportInStatus(trx: Db, report: ReportRow, now: string): Promise<boolean> {
  const res = await trx
    .updateTable('expense_reports')
    .set({ last_modified_time: nextModifiedTime(new Date(now), report.last_modified_time) })
    .where('report_id', '=', report.report_id)
    .where('status', '=', report.status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Audit entries for expenses moved into or out of a report that was submitted before. */
export async function auditExpenseMoves(
  trx: Db,
  member: Member,
  report: ReportRow,
  moved: ExpenseRow[],
  newReportId: string | null,
  newStatus: ExpenseRow['status'],
  clock: Clock,
): Promise<void> {
  const action = newReportId ? 'added_to_report' : 'removed_from_report';
  for (const e of moved) {
    await appendAudit(
      trx,
      {
        org_id: member.org.org_id,
        entity_type: 'expense',
        entity_id: e.expense_id,
        action,
        actor_id: member.user.user_id,
        changes: { report_id: [e.report_id, newReportId], status: [e.status, newStatus] },
      },
      clock,
    );
  }
  await appendAudit(
    trx,
    {
      org_id: member.org.org_id,
      entity_type: 'report',
      entity_id: report.report_id,
      action: newReportId ? 'expenses_added' : 'expenses_removed',
      actor_id: member.user.user_id,
      changes: {
        expense_ids: newReportId
          ? [[], moved.map((e) => e.expense_id)]
          : [moved.map((e) => e.expense_id), []],
      },
    },
    clock,
  );
}

/** Expenses leave a report: back to unreported. */
export async function removeExpensesFromReport(
  trx: Db,
  member: Member,
  report: ReportRow,
  expenses: ExpenseRow[],
  ctx: ServiceContext,
): Promise<void> {
  if (expenses.length === 0) return;
  const now = ctx.clock().toISOString();
  await trx
    .updateTable('expenses')
    .set({ report_id: null, status: 'unreported', last_modified_time: now })
    .where('org_id', '=', report.org_id)
    .where(
      'expense_id',
      'in',
      expenses.map((e) => e.expense_id),
    )
    .execute();
  if (isAudited(report))
    await auditExpenseMoves(trx, member, report, expenses, null, 'unreported', ctx.clock);
}

/** Removes one expense from the member's editable report. */
export async function removeExpenseFromReport(
  db: Db,
  member: Member,
  reportId: string,
  expenseId: string,
  ctx: ServiceContext,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const report = await findOwnReport(trx, member, reportId);
    if (!isEditable(report.status)) throw appError('REPORT_NOT_EDITABLE');
    const expense = await trx
      .selectFrom('expenses')
      .selectAll()
      .where('org_id', '=', member.org.org_id)
      .where('expense_id', '=', expenseId)
      .where('report_id', '=', reportId)
      .executeTakeFirst();
    if (!expense) throw appError('EXPENSE_NOT_IN_REPORT', `Expense ${expenseId} is not in this report`);
    await removeExpensesFromReport(trx, member, report, [expense], ctx);
    await touchReport(trx, report, ctx.clock().toISOString());
  });
}

/**
 * May the member see this report? Its owner, admins, and anyone who is or was one of its
 * approvers (named in the current flow or in its approval history).
 */
export async function canSeeReport(db: Db, member: Member, report: ReportRow): Promise<boolean> {
  const me = member.user.user_id;
  if (report.user_id === me || member.user.user_role === 'admin') return true;
  if (report.approver_id === me) return true;
  if (parseFlow(report.approval_flow).some((s) => s.approver_id === me)) return true;
  const past = await db
    .selectFrom('approval_history')
    .select('history_id')
    .where('org_id', '=', report.org_id)
    .where('report_id', '=', report.report_id)
    .where((eb) => eb.or([eb('actor_id', '=', me), eb('approver_id', '=', me)]))
    .limit(1)
    .executeTakeFirst();
  return past !== undefined;
}

/** A report the member may see, or 404. With `lock`, the row is locked for the transaction (PostgreSQL). */
export async function findVisibleReport(
  db: Db,
  member: Member,
  reportId: string,
  lock = false,
): Promise<ReportRow> {
  let q = db
    .selectFrom('expense_reports')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('report_id', '=', reportId);
  if (lock) q = q.forUpdate();
  const report = await q.executeTakeFirst();
  if (!report || !(await canSeeReport(db, member, report))) {
    throw appError('REPORT_NOT_FOUND', `Expense report ${reportId} does not exist`);
  }
  return report;
}

export function parseFlow(text: string): ApprovalStep[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as ApprovalStep[]) : [];
  } catch {
    return [];
  }
}

export interface UpdateReportInput {
  report_name?: string | undefined;
  description?: string | undefined;
  start_date?: string | null | undefined;
  end_date?: string | null | undefined;
  customer_id?: string | null | undefined;
  deal_id?: string | null | undefined;
}

const EDITABLE_FIELDS = [
  'report_name',
  'description',
  'start_date',
  'end_date',
  'customer_id',
  'deal_id',
] as const;

/**
 * Changes the member's editable report. `expected` is the last_modified_time the client loaded
 * (body or If-Match): a stale one is 409 STALE_UPDATE and nothing changes.
 */
export async function updateReport(
  db: Db,
  member: Member,
  reportId: string,
  input: UpdateReportInput,
  expected: string | undefined,
  ctx: ServiceContext,
): Promise<ReportRow> {
  return inTransaction(db, async (trx) => {
    const report = await findOwnReport(trx, member, reportId);
    if (expected !== undefined && expected !== report.last_modified_time) throw appError('STALE_UPDATE');
    if (!isEditable(report.status)) throw appError('REPORT_NOT_EDITABLE');
    assertName(input.report_name);
    const next: ReportRow = { ...report };
    const changes: AuditChanges = {};
    for (const f of EDITABLE_FIELDS) {
      const v = input[f];
      if (v === undefined) continue;
      const value = f === 'report_name' && typeof v === 'string' ? v.trim() : v;
      if (value !== report[f]) {
        changes[f] = [report[f], value];
        (next as Record<string, unknown>)[f] = value;
      }
    }
    assertDuration(next.start_date, next.end_date);
    // Only a changed link is checked: a deal the report already carries stays, seen or not.
    await assertLinks(trx, member, {
      customer_id: changes.customer_id ? next.customer_id : null,
      deal_id: changes.deal_id ? next.deal_id : null,
    });
    if (Object.keys(changes).length === 0) return report;
    next.last_modified_time = nextModifiedTime(ctx.clock(), report.last_modified_time);
    const res = await trx
      .updateTable('expense_reports')
      .set({
        report_name: next.report_name,
        description: next.description,
        start_date: next.start_date,
        end_date: next.end_date,
        customer_id: next.customer_id,
        deal_id: next.deal_id,
        last_modified_time: next.last_modified_time,
      })
      .where('report_id', '=', report.report_id)
      .where('last_modified_time', '=', report.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    if (isAudited(report)) {
      await appendAudit(
        trx,
        {
          org_id: report.org_id,
          entity_type: 'report',
          entity_id: report.report_id,
          action: 'updated',
          actor_id: member.user.user_id,
          changes,
        },
        ctx.clock,
      );
    }
    return next;
  });
}

/** Deletes the member's draft, recalled or rejected report; its expenses become unreported. */
export async function deleteReport(
  db: Db,
  member: Member,
  reportId: string,
  ctx: ServiceContext,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const report = await findOwnReport(trx, member, reportId);
    if (!isEditable(report.status)) throw appError('REPORT_NOT_DELETABLE');
    const expenses = await trx
      .selectFrom('expenses')
      .selectAll()
      .where('org_id', '=', report.org_id)
      .where('report_id', '=', report.report_id)
      .execute();
    await removeExpensesFromReport(trx, member, report, expenses, ctx);
    if (isAudited(report)) {
      await appendAudit(
        trx,
        {
          org_id: report.org_id,
          entity_type: 'report',
          entity_id: report.report_id,
          action: 'deleted',
          actor_id: member.user.user_id,
          changes: { status: [report.status, 'deleted'] },
        },
        ctx.clock,
      );
    }
    await trx
      .deleteFrom('approval_history')
      .where('org_id', '=', report.org_id)
      .where('report_id', '=', report.report_id)
      .execute();
    await trx.deleteFrom('expense_reports').where('report_id', '=', report.report_id).execute();
  });
}

/** What the caller asks for; the submit flow is resolved here, not by the client. */
export type ActionInput =
  | { type: 'submit'; approver_id?: string | undefined }
  | { type: 'approve'; comments?: string | undefined }
  | { type: 'reject'; reason: string }
  | { type: 'recall' }
  | { type: 'reimburse'; reimbursement_date?: string | undefined; reference?: string | undefined };

const FAILURE_ERRORS: Record<TransitionFailure, () => AppError> = {
  ILLEGAL_TRANSITION: () => appError('ILLEGAL_TRANSITION'),
  SELF_APPROVAL: () => appError('SELF_APPROVAL'),
  NOT_THE_APPROVER: () => appError('NOT_THE_APPROVER'),
  NOT_AN_APPROVER: () => appError('FORBIDDEN', 'Only approvers and admins can approve or reject reports.'),
  NOT_THE_SUBMITTER: () => appError('FORBIDDEN', 'Only the person who created the report can do this.'),
  ADMIN_ONLY: () => appError('FORBIDDEN', 'Only admins can do this.'),
  REPORT_EMPTY: () => appError('REPORT_EMPTY'),
  NO_APPROVER: () => appError('NO_APPROVER'),
  REASON_REQUIRED: () => appError('REASON_REQUIRED'),
};

/** The organisation's users and department heads, as approval routing reads them. */
export async function loadDirectory(db: Db, orgId: string): Promise<Directory> {
  const users = await db
    .selectFrom('users')
    .select(['user_id', 'user_role', 'status', 'manager_id', 'department_id'])
    .where('org_id', '=', orgId)
    .execute();
  const departments = await db
    .selectFrom('departments')
    .select(['department_id', 'head_user_id'])
    .where('org_id', '=', orgId)
    .execute();
  return {
    users: new Map(users.map((u) => [u.user_id, u])),
    departmentHeads: new Map(departments.map((d) => [d.department_id, d.head_user_id])),
  };
}

/** Sum of the report's expenses in base currency, minor units. */
export async function reportTotal(db: Db, report: ReportRow): Promise<number> {
  const row = await db
    .selectFrom('expenses')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('base_amount'), eb.lit(0)).as('total')])
    .where('org_id', '=', report.org_id)
    .where('report_id', '=', report.report_id)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

async function expenseCount(db: Db, report: ReportRow): Promise<number> {
  const row = await db
    .selectFrom('expenses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', report.org_id)
    .where('report_id', '=', report.report_id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function resolveFlowFor(
  db: Db,
  report: ReportRow,
  chosen: string | undefined,
): Promise<ApprovalStep[]> {
  const directory = await loadDirectory(db, report.org_id);
  const submitter = directory.users.get(report.user_id);
  if (!submitter) throw appError('NO_APPROVER');
  if (chosen !== undefined) {
    const user = directory.users.get(chosen);
    if (!canApprove(user) || chosen === report.user_id) {
      throw appError(
        'APPROVER_NOT_ELIGIBLE',
        `User ${chosen} is not an active approver or admin of this organisation other than the submitter`,
      );
    }
  }
  const rules = await db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', report.org_id)
    .execute();
  const total = await reportTotal(db, report);
  return resolveApprovalFlow(
    total,
    submitter,
    chosen ?? null,
    rules.map((r) => ({ ...r, min_total: r.min_total === null ? null : Number(r.min_total) })),
    directory,
  );
}

function stateOf(report: ReportRow): ReportState {
  return {
    user_id: report.user_id,
    status: report.status,
    approver_id: report.approver_id,
    approval_level: report.approval_level,
    approval_flow: parseFlow(report.approval_flow),
    submitted_date: report.submitted_date,
    approved_date: report.approved_date,
    reimbursement_date: report.reimbursement_date,
  };
}

/**
 * Applies a life-cycle action in one transaction: the report row is locked (PostgreSQL) and
 * updated only if unchanged since it was read, so two concurrent approvals never both apply.
 * Expense statuses, the approval history and the audit log are written in the same transaction.
 */
export async function applyReportAction(
  db: Kysely<Database>,
  member: Member,
  reportId: string,
  input: ActionInput,
  ctx: ServiceContext & { dialect: Pick<DialectCapabilities, 'supportsRowLocks'> },
): Promise<ReportRow> {
  return db.transaction().execute(async (trx) => {
    const report = await findVisibleReport(trx, member, reportId, ctx.dialect.supportsRowLocks);
    const now = ctx.clock();
    let action: ReportAction;
    if (input.type === 'submit') {
      // Someone else's report is refused as such whatever its state.
      if (report.user_id !== member.user.user_id) throw FAILURE_ERRORS.NOT_THE_SUBMITTER();
      if (!isEditable(report.status)) throw appError('ILLEGAL_TRANSITION');
      const count = await expenseCount(trx, report);
      if (count === 0) throw appError('REPORT_EMPTY');
      action = {
        type: 'submit',
        flow: await resolveFlowFor(trx, report, input.approver_id),
        expense_count: count,
      };
    } else {
      action = input;
    }
    const result = transition(stateOf(report), action, member.user, now);
    if (!result.ok) throw FAILURE_ERRORS[result.reason]();
    const next = result.report;
    const version = nextModifiedTime(now, report.last_modified_time);
    const res = await trx
      .updateTable('expense_reports')
      .set({
        status: next.status,
        approver_id: next.approver_id,
        approval_level: next.approval_level,
        approval_flow: JSON.stringify(next.approval_flow),
        submitted_date: next.submitted_date,
        approved_date: next.approved_date,
        reimbursement_date: next.reimbursement_date,
        last_modified_time: version,
      })
      .where('report_id', '=', report.report_id)
      .where('last_modified_time', '=', report.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('CONFLICT');

    await trx
      .insertInto('approval_history')
      .values({
        history_id: ctx.ids(),
        org_id: report.org_id,
        report_id: report.report_id,
        ...result.history,
        time: now.toISOString(),
      })
      .execute();
    const actor = member.user.user_id;
    await appendAudit(
      trx,
      {
        org_id: report.org_id,
        entity_type: 'report',
        entity_id: report.report_id,
        action: result.history.action,
        actor_id: actor,
        changes: result.history.comments
          ? { ...result.audit, comments: [null, result.history.comments] }
          : result.audit,
      },
      ctx.clock,
    );

    // Expense status follows the report; each change is on the record too.
    const newStatus = expenseStatusFor(next.status);
    const expenses = await trx
      .selectFrom('expenses')
      .select(['expense_id', 'status'])
      .where('org_id', '=', report.org_id)
      .where('report_id', '=', report.report_id)
      .where('status', '!=', newStatus)
      .execute();
    if (expenses.length > 0) {
      await trx
        .updateTable('expenses')
        .set({ status: newStatus, last_modified_time: now.toISOString() })
        .where('org_id', '=', report.org_id)
        .where('report_id', '=', report.report_id)
        .execute();
      for (const e of expenses) {
        await appendAudit(
          trx,
          {
            org_id: report.org_id,
            entity_type: 'expense',
            entity_id: e.expense_id,
            action: `report_${result.history.action}`,
            actor_id: actor,
            changes: { status: [e.status, newStatus] },
          },
          ctx.clock,
        );
      }
    }
    return {
      ...report,
      ...next,
      approval_flow: JSON.stringify(next.approval_flow),
      last_modified_time: version,
    };
  });
}

const FILTER_BY_STATUS: Record<string, ReportRow['status'] | null> = {
  'Status.All': null,
  'Status.Draft': 'draft',
  'Status.Submitted': 'submitted',
  'Status.Approved': 'approved',
  'Status.Rejected': 'rejected',
  'Status.Recalled': 'recalled',
  'Status.Reimbursed': 'reimbursed',
};

export interface ListReportsQuery {
  status?: string | undefined;
  filter_by?: string | undefined;
  customer_id?: string | undefined;
  include_related?: boolean | undefined;
  deal_id?: string | undefined;
  user_id?: string | undefined;
  date_start?: string | undefined;
  date_end?: string | undefined;
  sort_column?:
    | 'created_time'
    | 'last_modified_time'
    | 'report_name'
    | 'report_number'
    | 'start_date'
    | 'submitted_date'
    | undefined;
  sort_order?: 'A' | 'D' | undefined;
}

/**
 * Lists reports: a submitter or approver sees their own; an admin sees the organisation's (or one
 * user's with user_id). A date range keeps reports whose duration overlaps it.
 */
export async function listReports(
  db: Db,
  member: Member,
  query: ListReportsQuery,
  window: { offset: number; limit: number },
): Promise<ReportRow[]> {
  const orgId = member.org.org_id;
  let q = db.selectFrom('expense_reports').selectAll().where('org_id', '=', orgId);
  if (member.user.user_role === 'admin') {
    if (query.user_id) q = q.where('user_id', '=', query.user_id);
  } else {
    q = q.where('user_id', '=', member.user.user_id);
  }
  const status = query.status ?? (query.filter_by ? FILTER_BY_STATUS[query.filter_by] : null);
  if (status) q = q.where('status', '=', status as ReportRow['status']);
  if (query.customer_id) {
    const customerId = query.customer_id;
    if (query.include_related) {
      q = q.where((eb) =>
        eb.or([
          eb('customer_id', '=', customerId),
          eb(
            'customer_id',
            'in',
            eb
              .selectFrom('contacts')
              .select('contact_id')
              .where('contacts.org_id', '=', orgId)
              .where('contacts.account_id', '=', customerId),
          ),
        ]),
      );
    } else {
      q = q.where('customer_id', '=', customerId);
    }
  }
  // A deal the member may not see filters to nothing, as an unknown id does (visible-deals.ts).
  if (query.deal_id) q = q.where('deal_id', 'in', dealFilterIds(db, member, query.deal_id));
  if (query.date_start) {
    const from = query.date_start;
    q = q.where((eb) => eb(eb.fn.coalesce('end_date', 'start_date'), '>=', from));
  }
  if (query.date_end) q = q.where('start_date', '<=', query.date_end);
  const column = query.sort_column ?? 'created_time';
  const order = (query.sort_order ?? (column === 'created_time' ? 'D' : 'A')) === 'A' ? 'asc' : 'desc';
  return q
    .orderBy(column, order)
    .orderBy('report_id', order)
    .offset(window.offset)
    .limit(window.limit)
    .execute();
}

/** Reports waiting for the member (or, with `all`, for anyone: admins), oldest submission first. */
export async function listWaitingReports(
  db: Db,
  member: Member,
  all: boolean,
  window: { offset: number; limit: number },
): Promise<ReportRow[]> {
  let q = db
    .selectFrom('expense_reports')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('status', '=', 'submitted');
  if (!all) q = q.where('approver_id', '=', member.user.user_id);
  return q
    .orderBy('submitted_date', 'asc')
    .orderBy('last_modified_time', 'asc')
    .orderBy('report_id', 'asc')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
}

/** The report's approval history, oldest first, with names. */
export async function listApprovalHistory(db: Db, member: Member, reportId: string) {
  const report = await findVisibleReport(db, member, reportId);
  const rows = await db
    .selectFrom('approval_history')
    .leftJoin('users as actor', 'actor.user_id', 'approval_history.actor_id')
    .leftJoin('users as approver', 'approver.user_id', 'approval_history.approver_id')
    .selectAll('approval_history')
    .select(['actor.name as actor_name', 'approver.name as approver_name'])
    .where('approval_history.org_id', '=', report.org_id)
    .where('approval_history.report_id', '=', report.report_id)
    .orderBy('approval_history.time')
    .orderBy('approval_history.history_id')
    .execute();
  return rows.map((r) => ({
    history_id: r.history_id,
    action: r.action,
    actor_id: r.actor_id,
    actor_name: r.actor_name ?? '',
    approver_id: r.approver_id,
    approver_name: r.approver_name ?? '',
    level: r.level,
    comments: r.comments,
    time: r.time,
  }));
}
