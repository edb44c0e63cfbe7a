/**
 * Expenses: create (optionally straight into a report), read with visibility rules, update with
 * optimistic concurrency and auditing after submission, delete, and the bulk actions.
 *
 * Visibility: the owner, admins, and the approvers of the expense's report see an expense; anyone
 * else gets 404, as if it did not exist.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import { prepareShapes } from '../../db/prepared.js';
import type { Database, ExpenseRow, ReportRow } from '../../db/schema.js';
import { canDeleteExpense } from '../../domain/expense-deletion.js';
import { decideExpenseEdit } from '../../domain/expense-status.js';
import { AppError, appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { releaseUnusedFiles } from '../../storage/database-file-store.js';
import { appendAudit } from '../audit/service.js';
import { ownDeals, seesEveryDeal } from '../deals/visible-deals.js';
import { addExpensesToReport, createReport, inTransaction, touchReport } from '../expense-reports/service.js';
import { type Priced, priceExpense, priceMinor } from './pricing.js';
import { assertAttendees, assertCategoryUsable, resolveLinks } from './references.js';
import type { AddToReportInput, ExpenseListQuery, ItemResult, UpdateExpenseInput } from './schemas.js';
import { selectExpensesWithNames, toExpenseViews } from './views.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ServiceContext {
  clock: Clock;
  ids: IdGenerator;
}

async function reportOf(db: Db, row: ExpenseRow): Promise<ReportRow | undefined> {
  if (!row.report_id) return undefined;
  return db
    .selectFrom('expense_reports')
    .selectAll()
    .where('org_id', '=', row.org_id)
    .where('report_id', '=', row.report_id)
    .executeTakeFirst();
}

/** True when the member is (or was routed as) an approver of the report. */
export function isApproverOf(report: ReportRow | undefined, userId: string): boolean {
  if (!report) return false;
  if (report.approver_id === userId) return true;
  try {
    const flow = JSON.parse(report.approval_flow) as { approver_id?: string }[];
    return Array.isArray(flow) && flow.some((l) => l?.approver_id === userId);
  } catch {
    return false;
  }
}

export interface VisibleExpense {
  row: ExpenseRow;
  report: ReportRow | undefined;
  isOwner: boolean;
  isAdmin: boolean;
  isApprover: boolean;
  /** The report waits for this member's approval now (a level already passed sees, but edits no more). */
  isCurrentApprover: boolean;
  /** The member's role lets them act as an approver (an approver lowered to submitter no longer can). */
  mayApprove: boolean;
}

/** The expense if the member may see it; 404 otherwise (including other orgs' ids). */
export async function findVisibleExpense(db: Db, member: Member, expenseId: string): Promise<VisibleExpense> {
  const row = await db
    .selectFrom('expenses')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('expense_id', '=', expenseId)
    .executeTakeFirst();
  if (!row) throw appError('EXPENSE_NOT_FOUND', `Expense ${expenseId} does not exist`);
  const report = await reportOf(db, row);
  const isOwner = row.user_id === member.user.user_id;
  const isAdmin = member.user.user_role === 'admin';
  const isApprover = isApproverOf(report, member.user.user_id);
  if (!isOwner && !isAdmin && !isApprover)
    throw appError('EXPENSE_NOT_FOUND', `Expense ${expenseId} does not exist`);
  const mayApprove = member.user.user_role !== 'submitter';
  const isCurrentApprover = report?.approver_id === member.user.user_id;
  return { row, report, isOwner, isAdmin, isApprover, isCurrentApprover, mayApprove };
}

/** Throws unless the member may change the expense now; returns whether the change is audited. */
export function assertEditable(v: VisibleExpense): { audited: boolean } {
  const decision = decideExpenseEdit({
    reportStatus: v.report?.status ?? null,
    reportWasSubmitted: Boolean(v.report?.submitted_date),
    isOwner: v.isOwner,
    isAdmin: v.isAdmin,
    isReportApprover: v.isCurrentApprover && v.mayApprove,
  });
  if (!decision.ok) {
    throw decision.reason === 'FORBIDDEN'
      ? appError('FORBIDDEN', 'Only the owner of the expense can change it')
      : appError('EXPENSE_LOCKED');
  }
  return { audited: decision.audited };
}

const AUDITED_FIELDS = [
  'date',
  'category_id',
  'amount',
  'currency_code',
  'exchange_rate',
  'base_amount',
  'merchant_name',
  'description',
  'reference_number',
  'is_reimbursable',
  'is_billable',
  'customer_id',
  'deal_id',
  'project_id',
  'attendees',
] as const;

/** Updates an expense; a stale version, a locked report or a bad field changes nothing. */
export async function updateExpense(
  db: Kysely<Database>,
  member: Member,
  expenseId: string,
  input: UpdateExpenseInput,
  expected: string | undefined,
  ctx: ServiceContext,
): Promise<ExpenseRow> {
  const { org } = member;
  return db.transaction().execute(async (trx) => {
    const v = await findVisibleExpense(trx, member, expenseId);
    const { audited } = assertEditable(v);
    const old = v.row;
    assertFresh(expected, old.last_modified_time);

    const date = input.date ?? old.date;
    const categoryId = input.category_id ?? old.category_id;
    if (input.category_id !== undefined) await assertCategoryUsable(trx, org.org_id, categoryId);
    let priced: Priced = {
      amount: old.amount,
      currency_code: old.currency_code,
      exchange_rate: old.exchange_rate,
      base_amount: old.base_amount,
    };
    if (input.amount !== undefined || input.currency_code !== undefined || input.date !== undefined) {
      if (
        input.amount === undefined &&
        input.currency_code !== undefined &&
        input.currency_code !== old.currency_code
      ) {
        throw appError('INVALID_INPUT', 'Send amount together with a new currency_code');
      }
      if (
        old.expense_type === 'per_diem' &&
        (input.amount !== undefined || input.currency_code !== undefined)
      ) {
        throw appError(
          'INVALID_INPUT',
          'The amount of a per diem expense comes from its policy and cannot be edited',
        );
      }
      const currency = input.currency_code ?? old.currency_code;
      // Priced in the base read with the member. Unlike a new expense (create.ts) this needs no
      // condition on it: the expense being updated holds the base, which cannot change while it
      // exists; were it deleted and the base changed meanwhile, the update below would match no
      // row (STALE_UPDATE).
      priced =
        input.amount !== undefined
          ? await priceExpense(trx, org, input.amount, currency, date)
          : await priceMinor(trx, org, old.amount, currency, date); // a new date may have a new rate
    }
    const { names: _names, ...links } = await resolveLinks(
      trx,
      member,
      {
        customer_id: input.customer_id !== undefined ? input.customer_id : old.customer_id,
        deal_id: input.deal_id !== undefined ? input.deal_id : old.deal_id,
        project_id: input.project_id !== undefined ? input.project_id : old.project_id,
      },
      { customerChosen: input.customer_id !== undefined, keptDealId: old.deal_id },
    );
    let attendees = old.attendees;
    if (input.attendees !== undefined) {
      await assertAttendees(trx, org.org_id, input.attendees);
      attendees = JSON.stringify(input.attendees);
    }
    const next: ExpenseRow = {
      ...old,
      date,
      category_id: categoryId,
      ...priced,
      merchant_name: input.merchant_name !== undefined ? input.merchant_name.trim() : old.merchant_name,
      description: input.description ?? old.description,
      reference_number: input.reference_number ?? old.reference_number,
      is_reimbursable:
        input.is_reimbursable === undefined ? old.is_reimbursable : input.is_reimbursable ? 1 : 0,
      is_billable: input.is_billable === undefined ? old.is_billable : input.is_billable ? 1 : 0,
      ...links,
      attendees,
      last_modified_time: nextModifiedTime(ctx.clock(), old.last_modified_time),
    };
    const { expense_id: _id, org_id: _org, ...changes } = next;
    const result = await trx
      .updateTable('expenses')
      .set(changes)
      .where('org_id', '=', org.org_id)
      .where('expense_id', '=', expenseId)
      .where('last_modified_time', '=', old.last_modified_time)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    if (audited) {
      const diff: Record<string, [unknown, unknown]> = {};
      for (const f of AUDITED_FIELDS) if (old[f] !== next[f]) diff[f] = [old[f], next[f]];
      if (Object.keys(diff).length > 0) {
        await appendAudit(
          trx,
          {
            org_id: org.org_id,
            entity_type: 'expense',
            entity_id: expenseId,
            action: 'updated',
            actor_id: member.user.user_id,
            changes: diff,
          },
          ctx.clock,
        );
      }
    }
    if (v.report) await touchReport(trx, v.report, next.last_modified_time);
    return next;
  });
}

/** Deletes one expense (owner or admin; only unreported or unsubmitted) with its receipts. */
export async function deleteExpense(
  db: Db,
  member: Member,
  expenseId: string,
  ctx: ServiceContext,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const v = await findVisibleExpense(trx, member, expenseId);
    if (!v.isOwner && !v.isAdmin) throw appError('FORBIDDEN', 'Only the owner of the expense can delete it');
    const decision = canDeleteExpense(v.row);
    if (!decision.ok) throw appError(decision.reason);
    const receipts = await trx
      .selectFrom('receipts')
      .select('sha256')
      .where('org_id', '=', member.org.org_id)
      .where('expense_id', '=', expenseId)
      .execute();
    await trx
      .deleteFrom('receipts')
      .where('org_id', '=', member.org.org_id)
      .where('expense_id', '=', expenseId)
      .execute();
    await trx
      .deleteFrom('expenses')
      .where('org_id', '=', member.org.org_id)
      .where('expense_id', '=', expenseId)
      .execute();
    await releaseUnusedFiles(
      trx,
      member.org.org_id,
      receipts.map((r) => r.sha256),
    );
    if (v.report) await touchReport(trx, v.report, ctx.clock().toISOString());
    // A recalled report that was submitted before keeps its history: the deletion is audited.
    if (v.report?.submitted_date) {
      await appendAudit(
        trx,
        {
          org_id: member.org.org_id,
          entity_type: 'expense',
          entity_id: expenseId,
          action: 'deleted',
          actor_id: member.user.user_id,
          changes: { status: [v.row.status, 'deleted'], report_id: [v.row.report_id, null] },
        },
        ctx.clock,
      );
    }
  });
}

function failure(expenseId: string, e: unknown): ItemResult & { code: number; message: string } {
  if (e instanceof AppError) return { expense_id: expenseId, code: e.code, message: e.message };
  throw e;
}

/** Deletes each expense on its own: one result per id, refusals carry the error code and reason. */
export async function bulkDeleteExpenses(
  db: Kysely<Database>,
  member: Member,
  expenseIds: readonly string[],
  ctx: ServiceContext,
): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const id of expenseIds) {
    try {
      await deleteExpense(db, member, id, ctx);
      results.push({ expense_id: id, deleted: true });
    } catch (e) {
      results.push({ ...failure(id, e), deleted: false });
    }
  }
  return results;
}

/**
 * Adds the member's expenses to one of their reports (existing, or created here). The report must
 * exist and be editable, or nothing happens; then each expense is added or refused on its own.
 */
export async function addExpensesToReportInBulk(
  db: Kysely<Database>,
  member: Member,
  input: AddToReportInput,
  ctx: ServiceContext,
): Promise<{ report_id: string; results: ItemResult[] }> {
  return db.transaction().execute(async (trx) => {
    const reportId =
      'new_report' in input
        ? (await createReport(trx, member, input.new_report, ctx)).report_id
        : input.report_id;
    // Checks the report (owned, editable) before any expense, so a bad report fails as a whole.
    await addExpensesToReport(trx, member, reportId, [], ctx);
    const results: ItemResult[] = [];
    for (const id of input.expense_ids) {
      try {
        const v = await findVisibleExpense(trx, member, id);
        if (!v.isOwner) throw appError('EXPENSE_NOT_FOUND', `Expense ${id} does not exist`);
        if (v.row.report_id !== null && v.row.report_id !== reportId)
          throw appError('EXPENSE_IN_OTHER_REPORT');
        await addExpensesToReport(trx, member, reportId, [id], ctx);
        results.push({ expense_id: id, added: true });
      } catch (e) {
        results.push({ ...failure(id, e), added: false });
      }
    }
    return { report_id: reportId, results };
  });
}

/**
 * Which filters and order a list uses: the shape of its query. Each shape is prepared once
 * (server/db/prepared.ts), as listing is what every client does most.
 */
interface ListShape {
  /** The caller sees only their own expenses (not an admin). */
  own: boolean;
  /** Narrowed to one user (an admin's filter, or a non-admin naming someone else: nothing). */
  user: boolean;
  status: boolean;
  customer: 'any' | 'exact' | 'related';
  /** By deal: its plain id, or only if the member owns it (a deal they may not see matches nothing). */
  deal: 'any' | 'exact' | 'owned';
  report: boolean;
  category: boolean;
  from: boolean;
  to: boolean;
  sortBy: 'e.base_amount' | 'e.created_time' | 'e.date';
  order: 'asc' | 'desc';
}

/** The values a list binds; those its shape does not use are null. */
interface ListValues {
  org: string;
  me: string | null;
  user: string | null;
  status: string | null;
  customer: string | null;
  deal: string | null;
  report: string | null;
  category: string | null;
  from: string | null;
  to: string | null;
  offset: number;
  limit: number;
}

const listQuery = prepareShapes((db, p: ListValues, key: string) => {
  const shape = JSON.parse(key) as ListShape;
  // Filters that fix the user, customer or deal of every row let their names be read once.
  let q = selectExpensesWithNames(db, p.org, {
    ...(shape.own ? { user_id: p.me as string } : shape.user ? { user_id: p.user as string } : {}),
    ...(shape.customer === 'exact' ? { customer_id: p.customer as string } : {}),
    ...(shape.deal !== 'any' ? { deal_id: p.deal as string } : {}),
  });
  if (shape.own) q = q.where('e.user_id', '=', p.me as string);
  if (shape.user) q = q.where('e.user_id', '=', p.user as string);
  if (shape.status) q = q.where('e.status', '=', p.status as ExpenseRow['status']);
  if (shape.customer === 'exact') q = q.where('e.customer_id', '=', p.customer);
  if (shape.customer === 'related')
    q = q.where((eb) =>
      eb.or([
        eb('e.customer_id', '=', p.customer),
        eb(
          'e.customer_id',
          'in',
          eb
            .selectFrom('contacts')
            .select('contacts.contact_id')
            .where('contacts.org_id', '=', p.org)
            .where('contacts.account_id', '=', p.customer),
        ),
      ]),
    );
  if (shape.deal === 'exact') q = q.where('e.deal_id', '=', p.deal);
  // A deal the member may not see filters to nothing, as an unknown id does (visible-deals.ts).
  if (shape.deal === 'owned')
    q = q.where(
      'e.deal_id',
      'in',
      ownDeals(db, p.org, p.me as string)
        .select('deals.deal_id')
        .where('deals.deal_id', '=', p.deal as string),
    );
  if (shape.report) q = q.where('e.report_id', '=', p.report);
  if (shape.category) q = q.where('e.category_id', '=', p.category as string);
  if (shape.from) q = q.where('e.date', '>=', p.from as string);
  if (shape.to) q = q.where('e.date', '<=', p.to as string);
  return q
    .orderBy(shape.sortBy, shape.order)
    .orderBy('e.expense_id', shape.order)
    .offset(p.offset)
    .limit(p.limit);
});

/** Lists expenses the member may see, filtered, sorted and paged. */
export async function listExpenses(
  db: Db,
  member: Member,
  query: ExpenseListQuery,
  window: { offset: number; limit: number },
) {
  const { org, user } = member;
  const admin = user.user_role === 'admin';
  const column = query.sort_column ?? 'date';
  const order = query.sort_order === 'A' || query.sort_order === 'asc' ? 'asc' : 'desc';
  const shape: ListShape = {
    own: !admin,
    user: Boolean(query.user_id) && (admin || query.user_id !== user.user_id),
    status: Boolean(query.status),
    customer: !query.customer_id ? 'any' : query.include_related ? 'related' : 'exact',
    deal: !query.deal_id ? 'any' : seesEveryDeal(member) ? 'exact' : 'owned',
    report: Boolean(query.report_id),
    category: Boolean(query.category_id),
    from: Boolean(query.date_start),
    to: Boolean(query.date_end),
    sortBy: column === 'amount' ? 'e.base_amount' : column === 'created_time' ? 'e.created_time' : 'e.date',
    order,
  };
  const { rows } = await listQuery(db, JSON.stringify(shape), {
    org: org.org_id,
    me: user.user_id,
    user: query.user_id ?? null,
    status: query.status ?? null,
    customer: query.customer_id ?? null,
    deal: query.deal_id ?? null,
    report: query.report_id ?? null,
    category: query.category_id ?? null,
    from: query.date_start ?? null,
    to: query.date_end ?? null,
    offset: window.offset,
    limit: window.limit,
  });
  return { rows, toViews: (r: typeof rows) => toExpenseViews(db, org, r), column, order };
}
