/**
 * Reading the audit log of one record, for the people allowed to: the owner, the approvers of
 * the report (for an expense: of the report it is in) and admins. Anyone else gets 404, as if
 * the record did not exist.
 */
import type { Member } from '../../auth/membership.js';
import { appError } from '../../errors.js';
import { canSeeReport, type Db, findVisibleReport } from '../expense-reports/service.js';
import { listAuditEntries, SYSTEM_ACTOR_NAMES } from './service.js';

/** Returns true when access rests only on the admin seeing trails of deleted records. */
async function assertCanSeeExpense(db: Db, member: Member, expenseId: string): Promise<boolean> {
  const expense = await db
    .selectFrom('expenses')
    .select(['user_id', 'report_id'])
    .where('org_id', '=', member.org.org_id)
    .where('expense_id', '=', expenseId)
    .executeTakeFirst();
  if (expense) {
    if (expense.user_id === member.user.user_id || member.user.user_role === 'admin') return false;
    if (expense.report_id) {
      const report = await db
        .selectFrom('expense_reports')
        .selectAll()
        .where('org_id', '=', member.org.org_id)
        .where('report_id', '=', expense.report_id)
        .executeTakeFirst();
      if (report && (await canSeeReport(db, member, report))) return false;
    }
  } else if (member.user.user_role === 'admin') {
    // A deleted expense's trail stays readable by admins.
    return true;
  }
  throw appError('EXPENSE_NOT_FOUND', `Expense ${expenseId} does not exist`);
}

/** The entries about one expense or report, oldest first, with the actor's name. */
export async function findAuditTrail(
  db: Db,
  member: Member,
  entityType: 'expense' | 'report',
  entityId: string,
) {
  let deleted = false;
  if (entityType === 'report') {
    try {
      await findVisibleReport(db, member, entityId);
    } catch (e) {
      // A deleted report's trail stays readable by admins.
      if (member.user.user_role !== 'admin') throw e;
      deleted = true;
    }
  } else {
    deleted = await assertCanSeeExpense(db, member, entityId);
  }
  const entries = await listAuditEntries(db, member, entityType, entityId);
  if (deleted && entries.length === 0) {
    throw entityType === 'report'
      ? appError('REPORT_NOT_FOUND', `Expense report ${entityId} does not exist`)
      : appError('EXPENSE_NOT_FOUND', `Expense ${entityId} does not exist`);
  }
  const actorIds = [...new Set(entries.map((e) => e.actor_id))];
  const names =
    actorIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['user_id', 'name'])
          .where('org_id', '=', member.org.org_id)
          .where('user_id', 'in', actorIds)
          .execute();
  const nameOf = new Map(names.map((n) => [n.user_id, n.name]));
  return entries.map((e) => ({
    seq: e.seq,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    action: e.action,
    actor_id: e.actor_id,
    actor_name: nameOf.get(e.actor_id) ?? SYSTEM_ACTOR_NAMES[e.actor_id] ?? '',
    changes: e.changes as Record<string, unknown[]>,
    time: e.time,
    prev_hash: e.prev_hash,
    hash: e.hash,
  }));
}
