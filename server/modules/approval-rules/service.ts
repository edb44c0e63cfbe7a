/**
 * Approval rules: the admin's further approval levels after the manager (see
 * domain/approval-routing.ts). Amounts are stored in base-currency minor units.
 */

import type { Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { ApprovalRuleRow, Database } from '../../db/schema.js';
import { canApprove } from '../../domain/approval-routing.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { type Db, inTransaction, type ServiceContext } from '../expense-reports/service.js';
import { baseCurrencyForHold } from '../organizations/service.js';
import type { ApprovalRule, CreateApprovalRule, UpdateApprovalRule } from './schemas.js';

export function presentRule(member: Member, row: ApprovalRuleRow): ApprovalRule {
  return presentIn(member.org.base_currency, row);
}

function presentIn(base: string, row: ApprovalRuleRow): ApprovalRule {
  return {
    rule_id: row.rule_id,
    level: row.level,
    min_total: row.min_total === null ? null : formatAmount(Number(row.min_total), base),
    currency_code: base,
    approver_type: row.approver_type,
    approver_user_id: row.approver_user_id,
    created_time: row.created_time,
  };
}

function toMinor(base: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const parsed = parseAmount(value, base);
  if (!parsed.ok) throw appError('INVALID_AMOUNT', `min_total ${value} is not a valid amount in ${base}`);
  return parsed.minor;
}

/** A 'user' rule names an active approver or admin of the organisation; a department-head rule names nobody. */
async function checkApprover(
  db: Db,
  member: Member,
  type: 'department_head' | 'user',
  userId: string | null | undefined,
): Promise<string | null> {
  if (type === 'department_head') {
    if (userId) throw appError('INVALID_INPUT', 'approver_user_id is only for approver_type "user"');
    return null;
  }
  if (!userId) throw appError('INVALID_INPUT', 'approver_user_id is required for approver_type "user"');
  const user = await db
    .selectFrom('users')
    .select(['user_id', 'user_role', 'status', 'manager_id', 'department_id'])
    .where('org_id', '=', member.org.org_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!canApprove(user)) {
    throw appError(
      'APPROVER_NOT_ELIGIBLE',
      `User ${userId} is not an active approver or admin of this organisation`,
    );
  }
  return userId;
}

export async function listRules(db: Db, member: Member): Promise<ApprovalRuleRow[]> {
  return db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .orderBy('level')
    .orderBy('rule_id')
    .execute();
}

export async function findRule(db: Db, member: Member, ruleId: string): Promise<ApprovalRuleRow> {
  const row = await db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('rule_id', '=', ruleId)
    .executeTakeFirst();
  if (!row) throw appError('APPROVAL_RULE_NOT_FOUND', `Approval rule ${ruleId} does not exist`);
  return row;
}

/**
 * The base currency a threshold is written in. With a threshold, the write becomes something the
 * base currency depends on (domain/base-currency.ts), so it reads the base under the hold lock
 * (baseCurrencyForHold) in its transaction; the request's copy may predate a base change.
 */
async function baseFor(trx: Transaction<Database>, member: Member, minTotal: number | null | undefined) {
  if (minTotal === null || minTotal === undefined) return member.org.base_currency;
  return baseCurrencyForHold(trx, member.org.org_id);
}

export async function createRule(
  db: Db,
  member: Member,
  input: CreateApprovalRule,
  ctx: ServiceContext,
): Promise<ApprovalRule> {
  return inTransaction(db, async (trx) => {
    const base = await baseFor(trx, member, input.min_total);
    const row: ApprovalRuleRow = {
      rule_id: ctx.ids(),
      org_id: member.org.org_id,
      level: input.level,
      min_total: toMinor(base, input.min_total),
      approver_type: input.approver_type,
      approver_user_id: await checkApprover(trx, member, input.approver_type, input.approver_user_id),
      created_time: ctx.clock().toISOString(),
    };
    await trx.insertInto('approval_rules').values(row).execute();
    return presentIn(base, row);
  });
}

export async function updateRule(
  db: Db,
  member: Member,
  ruleId: string,
  input: UpdateApprovalRule,
): Promise<ApprovalRule> {
  return inTransaction(db, async (trx) => {
    const row = await findRule(trx, member, ruleId);
    // A threshold the rule already has holds the base too: it cannot have changed since it was written.
    const base = await baseFor(trx, member, input.min_total);
    const type = input.approver_type ?? row.approver_type;
    const userInput =
      input.approver_user_id !== undefined
        ? input.approver_user_id
        : input.approver_type === 'department_head'
          ? null
          : row.approver_user_id;
    const next: ApprovalRuleRow = {
      ...row,
      level: input.level ?? row.level,
      min_total: input.min_total !== undefined ? toMinor(base, input.min_total) : row.min_total,
      approver_type: type,
      approver_user_id: await checkApprover(trx, member, type, userInput),
    };
    await trx
      .updateTable('approval_rules')
      .set({
        level: next.level,
        min_total: next.min_total,
        approver_type: next.approver_type,
        approver_user_id: next.approver_user_id,
      })
      .where('org_id', '=', member.org.org_id)
      .where('rule_id', '=', ruleId)
      .execute();
    return presentIn(base, next);
  });
}

export async function deleteRule(db: Db, member: Member, ruleId: string): Promise<void> {
  await findRule(db, member, ruleId);
  await db
    .deleteFrom('approval_rules')
    .where('org_id', '=', member.org.org_id)
    .where('rule_id', '=', ruleId)
    .execute();
}
