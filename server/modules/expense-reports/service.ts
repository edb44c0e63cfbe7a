/**
 * Expense reports: creation, editing, expenses in and out, and the life-cycle actions (submit,
 * approve, reject, recall, reimburse). The rules live in domain/report-state.ts and
 * domain/approval-routing.ts; this module loads rows, applies them and stores the outcome, with
 * expense statuses, approval history and the audit log written in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { Database, ExpenseRow, ReportRow } from '../../db/schema.js';
import { expenseStatusFor, isEditable } from '../../domain/report-state.js';
import { appError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { appendAudit, nextCounterValue } from '../audit/service.js';

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

/** Customer and deal links must point at records of the caller's organisation. */
export async function assertLinks(
  db: Db,
  orgId: string,
  links: { customer_id?: string | null | undefined; deal_id?: string | null | undefined },
): Promise<void> {
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
    const d = await db
      .selectFrom('deals')
      .select('deal_id')
      .where('org_id', '=', orgId)
      .where('deal_id', '=', links.deal_id)
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
  const orgId = member.org.org_id;
  return inTransaction(db, async (trx) => {
    await assertLinks(trx, orgId, input);
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

/** The member's own report, or 404 (another user's or another org's report is not found). */
export async function findOwnReport(db: Db, member: Member, reportId: string): Promise<ReportRow> {
  const report = await db
    .selectFrom('expense_reports')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('report_id', '=', reportId)
    .where('user_id', '=', member.user.user_id)
    .executeTakeFirst();
  if (!report) throw appError('REPORT_NOT_FOUND', `Expense report ${reportId} does not exist`);
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
  await trx
    .updateTable('expenses')
    .set({ report_id: reportId, status, last_modified_time: now })
    .where('org_id', '=', member.org.org_id)
    .where(
      'expense_id',
      'in',
      moving.map((e) => e.expense_id),
    )
    .execute();
  await touchReport(trx, report, now);
  if (isAudited(report)) {
    await auditExpenseMoves(trx, member, report, moving, reportId, status, ctx.clock);
  }
}

/** Bumps the report's version when its contents change (its total depends on its expenses). */
export async function touchReport(trx: Db, report: ReportRow, now: string): Promise<void> {
  const next =
    now > report.last_modified_time ? now : new Date(Date.parse(report.last_modified_time) + 1).toISOString();
  await trx
    .updateTable('expense_reports')
    .set({ last_modified_time: next })
    .where('report_id', '=', report.report_id)
    .execute();
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
