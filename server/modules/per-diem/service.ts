/**
 * Per diem: the admin's policies (rates per location, partial-day rules), the calculation the
 * domain does for a trip or individual days, and recording the chosen days as expenses.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { Database, ExpenseRow, PerDiemPolicyRow } from '../../db/schema.js';
import { formatAmount, isCurrencyCode } from '../../domain/money.js';
import {
  type PerDiemLine,
  type PerDiemResult,
  type PerDiemRule,
  perDiemForIndividualDays,
  perDiemForTrip,
  validateRules,
} from '../../domain/per-diem.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { inTransaction } from '../expense-reports/service.js';
import { createExpense } from '../expenses/create.js';
import { parsePositiveAmount, priceMinor } from '../expenses/pricing.js';
import type {
  CalculateInput,
  CreatePerDiemInput,
  CreatePolicyInput,
  Policy,
  UpdatePolicyInput,
} from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;
interface ServiceContext {
  clock: Clock;
  ids: IdGenerator;
}

/** The category every per diem expense is recorded under (one of the default categories). */
export const PER_DIEM_CATEGORY = 'Per Diem';

type ApiRule = { min_hours: number; max_hours: number; percent: number };

function toDomainRules(rules: readonly ApiRule[]): PerDiemRule[] {
  return rules.map((r) => ({ minHours: r.min_hours, maxHours: r.max_hours, percent: r.percent }));
}

function parseRules(text: string): ApiRule[] {
  try {
    const v = JSON.parse(text) as ApiRule[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

async function ratesOf(db: Db, policyId: string) {
  return db
    .selectFrom('per_diem_rates')
    .select(['location', 'rate'])
    .where('policy_id', '=', policyId)
    .orderBy('location')
    .execute();
}

async function toPolicyView(db: Db, row: PerDiemPolicyRow): Promise<Policy> {
  const rates = await ratesOf(db, row.policy_id);
  return {
    policy_id: row.policy_id,
    policy_name: row.policy_name,
    currency_code: row.currency_code,
    rates: rates.map((r) => ({ location: r.location, rate: formatAmount(r.rate, row.currency_code) })),
    rules: parseRules(row.rules),
    status: row.status,
    created_time: row.created_time,
    last_modified_time: row.last_modified_time,
  };
}

function checkRules(rules: readonly ApiRule[]): void {
  const v = validateRules(toDomainRules(rules));
  if (!v.ok) throw appError('INVALID_INPUT', `rules: ${v.detail}`);
}

/** Rates in minor units, one per location (a location listed twice is an error). */
function parseRates(rates: readonly { location: string; rate: number }[], currency: string) {
  const seen = new Set<string>();
  return rates.map((r) => {
    const location = r.location.trim();
    if (!location) throw appError('INVALID_INPUT', 'rates: location must not be blank');
    if (seen.has(location)) throw appError('INVALID_INPUT', `rates: location "${location}" is listed twice`);
    seen.add(location);
    return { location, rate: parsePositiveAmount(r.rate, currency, `rate for ${location}`) };
  });
}

function assertIsoCurrency(code: string): void {
  if (!isCurrencyCode(code))
    throw appError('INVALID_CURRENCY', `currency_code ${code} is not an ISO 4217 currency`);
}

async function findPolicyRow(db: Db, orgId: string, policyId: string): Promise<PerDiemPolicyRow> {
  const row = await db
    .selectFrom('per_diem_policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .executeTakeFirst();
  if (!row) throw appError('PER_DIEM_POLICY_NOT_FOUND');
  return row;
}

export async function listPolicies(db: Db, orgId: string): Promise<Policy[]> {
  const rows = await db
    .selectFrom('per_diem_policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_time')
    .orderBy('policy_id')
    .execute();
  return Promise.all(rows.map((r) => toPolicyView(db, r)));
}

export async function getPolicy(db: Db, orgId: string, policyId: string): Promise<Policy> {
  return toPolicyView(db, await findPolicyRow(db, orgId, policyId));
}

/** Creates a policy (in the caller's transaction when `db` is one, as the demo loader's is). */
export async function createPolicy(
  db: Db,
  orgId: string,
  input: CreatePolicyInput,
  ctx: ServiceContext,
): Promise<Policy> {
  assertIsoCurrency(input.currency_code);
  const rates = parseRates(input.rates, input.currency_code);
  const rules = input.rules ?? [];
  checkRules(rules);
  return inTransaction(db, async (trx) => {
    const now = ctx.clock().toISOString();
    const row: PerDiemPolicyRow = {
      policy_id: ctx.ids(),
      org_id: orgId,
      policy_name: input.policy_name.trim(),
      currency_code: input.currency_code,
      rules: JSON.stringify(rules),
      status: 'active',
      created_time: now,
      last_modified_time: now,
    };
    await trx.insertInto('per_diem_policies').values(row).execute();
    await trx
      .insertInto('per_diem_rates')
      .values(rates.map((r) => ({ policy_id: row.policy_id, org_id: orgId, ...r })))
      .execute();
    return toPolicyView(trx, row);
  });
}

export async function updatePolicy(
  db: Kysely<Database>,
  orgId: string,
  policyId: string,
  input: UpdatePolicyInput,
  expected: string | undefined,
  ctx: ServiceContext,
): Promise<Policy> {
  return db.transaction().execute(async (trx) => {
    const old = await findPolicyRow(trx, orgId, policyId);
    assertFresh(expected, old.last_modified_time);
    const currency = input.currency_code ?? old.currency_code;
    assertIsoCurrency(currency);
    if (input.rules) checkRules(input.rules);
    if (input.currency_code && input.currency_code !== old.currency_code && !input.rates) {
      throw appError('INVALID_INPUT', 'Send the rates again when changing the policy currency');
    }
    const rates = input.rates ? parseRates(input.rates, currency) : undefined;
    const next: PerDiemPolicyRow = {
      ...old,
      policy_name: input.policy_name?.trim() ?? old.policy_name,
      currency_code: currency,
      rules: input.rules ? JSON.stringify(input.rules) : old.rules,
      status: input.status ?? old.status,
      last_modified_time: nextModifiedTime(ctx.clock(), old.last_modified_time),
    };
    const res = await trx
      .updateTable('per_diem_policies')
      .set({
        policy_name: next.policy_name,
        currency_code: next.currency_code,
        rules: next.rules,
        status: next.status,
        last_modified_time: next.last_modified_time,
      })
      .where('policy_id', '=', policyId)
      .where('last_modified_time', '=', old.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    if (rates) {
      await trx.deleteFrom('per_diem_rates').where('policy_id', '=', policyId).execute();
      await trx
        .insertInto('per_diem_rates')
        .values(rates.map((r) => ({ policy_id: policyId, org_id: orgId, ...r })))
        .execute();
    }
    return toPolicyView(trx, next);
  });
}

/** Deleting a policy keeps recorded per diem expenses: they carry their own rate and location. */
export async function deletePolicy(db: Kysely<Database>, orgId: string, policyId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findPolicyRow(trx, orgId, policyId);
    await trx.deleteFrom('per_diem_rates').where('policy_id', '=', policyId).execute();
    await trx.deleteFrom('per_diem_policies').where('policy_id', '=', policyId).execute();
  });
}

/** The chosen active policy, or the organisation's first active one. */
async function choosePolicy(db: Db, orgId: string, policyId: string | undefined): Promise<PerDiemPolicyRow> {
  let q = db
    .selectFrom('per_diem_policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'active');
  q = policyId ? q.where('policy_id', '=', policyId) : q.orderBy('created_time').orderBy('policy_id');
  const row = await q.executeTakeFirst();
  if (!row) {
    throw appError(
      'PER_DIEM_POLICY_NOT_FOUND',
      policyId
        ? `Per diem policy ${policyId} does not exist or is inactive`
        : 'No per diem policy is set up yet; ask an admin',
    );
  }
  return row;
}

export interface Calculation {
  policy: PerDiemPolicyRow;
  lines: PerDiemLine[];
}

/** Calculates the per diem lines for a trip or for individual days under the chosen policy. */
export async function calculatePerDiem(db: Db, orgId: string, input: CalculateInput): Promise<Calculation> {
  const policy = await choosePolicy(db, orgId, input.policy_id);
  const rates = Object.fromEntries((await ratesOf(db, policy.policy_id)).map((r) => [r.location, r.rate]));
  const rated = { rates, rules: toDomainRules(parseRules(policy.rules)) };
  const period = {
    startDate: input.start_date,
    startTime: input.start_time,
    endDate: input.end_date,
    endTime: input.end_time,
  };
  let result: PerDiemResult;
  if (input.per_diem_type === 'trip') {
    if (!input.departure_location || !input.arrival_location) {
      throw appError('INVALID_INPUT', 'A trip needs departure_location and arrival_location');
    }
    result = perDiemForTrip(rated, {
      ...period,
      departureLocation: input.departure_location,
      arrivalLocation: input.arrival_location,
      stayLocation: input.location,
    });
  } else {
    if (!input.location) throw appError('INVALID_INPUT', 'Individual days need a location');
    result = perDiemForIndividualDays(rated, { ...period, location: input.location });
  }
  if (!result.ok) {
    throw result.reason === 'PER_DIEM_NO_RATE'
      ? appError(
          'PER_DIEM_NO_RATE',
          `The per diem policy "${policy.policy_name}" has no rate for "${result.location}"`,
        )
      : appError('INVALID_PER_DIEM_PERIOD', result.detail);
  }
  return { policy, lines: result.lines };
}

/** The calculation as the API shows it (decimals in the policy currency). */
export function calculationView(c: Calculation, type: string) {
  const cur = c.policy.currency_code;
  return {
    policy_id: c.policy.policy_id,
    policy_name: c.policy.policy_name,
    currency_code: cur,
    per_diem_type: type,
    lines: c.lines.map((l) => ({
      ...l,
      rate: formatAmount(l.rate, cur),
      amount: formatAmount(l.amount, cur),
    })),
    total: formatAmount(
      c.lines.reduce((s, l) => s + l.amount, 0),
      cur,
    ),
  };
}

/**
 * Records the chosen per diem lines as expenses, one per day, under the "Per Diem" category, in
 * one transaction (all or none), optionally straight into a report.
 */
export async function createPerDiemExpenses(
  db: Kysely<Database>,
  member: Member,
  input: CreatePerDiemInput,
  ctx: ServiceContext,
): Promise<ExpenseRow[]> {
  const orgId = member.org.org_id;
  return inTransaction(db, async (trx) => {
    const calc = await calculatePerDiem(trx, orgId, input);
    const byDate = new Map(calc.lines.map((l) => [l.date, l]));
    let chosen: PerDiemLine[];
    if (input.dates) {
      chosen = input.dates.map((d) => {
        const line = byDate.get(d);
        if (!line) throw appError('INVALID_INPUT', `dates: ${d} is not a day of this per diem period`);
        if (line.amount <= 0)
          throw appError('INVALID_INPUT', `dates: ${d} earns no per diem (${line.hours} h)`);
        return line;
      });
    } else {
      chosen = calc.lines.filter((l) => l.amount > 0);
      if (chosen.length === 0) throw appError('INVALID_INPUT', 'No day of this period earns a per diem');
    }
    const category = await trx
      .selectFrom('expense_categories')
      .select('category_id')
      .where('org_id', '=', orgId)
      .where('category_name', '=', PER_DIEM_CATEGORY)
      .where('is_enabled', '=', 1)
      .executeTakeFirst();
    if (!category) {
      throw appError('INVALID_REFERENCE', `This organisation has no enabled "${PER_DIEM_CATEGORY}" category`);
    }
    const currency = calc.policy.currency_code;
    const created: ExpenseRow[] = [];
    for (const line of chosen) {
      const priced = await priceMinor(trx, member.org, line.amount, currency, line.date);
      const row = await createExpense(
        trx,
        member,
        {
          date: line.date,
          category_id: category.category_id,
          amount: formatAmount(line.amount, currency),
          currency_code: currency,
          merchant_name: '',
          description: input.description ?? `Per diem: ${line.location}`,
          is_billable: input.is_billable,
          customer_id: input.customer_id,
          deal_id: input.deal_id,
          project_id: input.project_id,
          report_id: input.report_id,
        },
        ctx,
        {
          expense_type: 'per_diem',
          priced,
          extra: {
            per_diem_type: input.per_diem_type,
            per_diem_name: calc.policy.policy_name,
            policy_id: calc.policy.policy_id,
            location: line.location,
            hours: line.hours,
            percent: line.percent,
            per_diem_rate: formatAmount(line.rate, currency),
            per_diem_days: 1,
          },
        },
      );
      created.push(row);
    }
    return created;
  });
}
