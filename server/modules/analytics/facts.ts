/**
 * The "facts" every analytics query aggregates: rows of (deal_id, user_id, category_id, customer_id,
 * month, bucket, total, count) in base-currency minor units, already scoped to the caller and filtered.
 *
 * Query plan, cheapest first:
 * 1. deal grain (deal_spend, one row per deal and bucket) when the query needs nothing finer than the
 *    deal and filters only by deal attributes, for an org-wide caller;
 * 2. fine grain (spend_rollups) for the whole months of the date range, plus the raw expenses of the
 *    partial months at its edges (see domain/analytics/date-plan.ts).
 * Either way the rows add up to exactly what a sum over the raw expenses gives.
 *
 * For a caller who may not see every deal (potentials mode 'user'), spend on any other deal keeps
 * counting but its deal_id is HIDDEN_DEAL_ID (see hidden-deals.ts), so no report built on the facts
 * can group it by that deal or join it to the deal's name, stage, outcome, amount, owner or date.
 */
import { type RawBuilder, sql } from 'kysely';
import { planDateRange } from '../../domain/analytics/date-plan.js';
import type { ReportFilters, SpendStatus } from '../../domain/analytics/report-spec.js';
import type { DealsQuery } from '../deals/visible-deals.js';
import { HIDDEN_DEAL_ID } from './hidden-deals.js';

/** Whose spend the caller may see: submitters their own, approvers their team's, admins the org's. */
export type Scope = { kind: 'org' } | { kind: 'team'; userId: string } | { kind: 'self'; userId: string };

export interface FactsRequest {
  orgId: string;
  scope: Scope;
  filters: ReportFilters;
  /**
   * The deals the caller may see (visibleDeals). A deal_id filter naming another deal matches
   * nothing, so it answers exactly as an unknown deal id does (potentials mode); owner, stage and
   * outcome filters match only through these deals too.
   */
  deals: DealsQuery;
  /**
   * Whether `deals` is every deal of the organisation (seesEveryDeal: an admin, or potentials mode
   * 'all'). If not, spend on other deals comes out under HIDDEN_DEAL_ID.
   */
  seesEveryDeal: boolean;
  /** The query groups by or reads these finer columns, so the deal grain will not do. */
  needsFineGrain?: boolean;
}

const STATUSES_OF: Record<SpendStatus, string[]> = {
  spent: ['approved', 'reimbursed'],
  pending: ['submitted'],
};

function bucketsOf(filters: ReportFilters): SpendStatus[] {
  return filters.status?.length ? filters.status : ['spent', 'pending'];
}

const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`));

/**
 * The deal-attribute filters, as a condition on a deal id column. Owner, stage and outcome match
 * only through the deals the caller may see: spend on a hidden deal (a rep's own expense on another
 * owner's deal, potentials mode 'user') matches no owner, stage or outcome, as if those were
 * unknown, so a filter cannot tell what they are (nor can the won and lost reports, which are
 * defined by the outcome). Unfiltered, that spend still counts. For a caller who sees every deal,
 * req.deals is the org's deals: the same lookup as ever.
 */
function dealConditions(req: FactsRequest, dealCol: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const { filters } = req;
  const dealId = filters.deal_id;
  const conditions =
    dealId === undefined
      ? []
      : [sql`${dealCol} IN (${req.deals.select('deals.deal_id').where('deals.deal_id', '=', dealId)})`];
  const { owner_id: owner, stage, outcome } = filters;
  if (owner === undefined && stage === undefined && outcome === undefined) return conditions;
  let deals = req.deals;
  if (owner !== undefined) deals = deals.where('deals.owner_id', '=', owner);
  if (stage !== undefined) deals = deals.where('deals.stage', '=', stage);
  if (outcome !== undefined) deals = deals.where('deals.forecast_type', '=', outcome);
  return [...conditions, sql`${dealCol} IN (${deals.select('deals.deal_id')})`];
}

/**
 * The facts' deal_id for rows of a table aliased `alias`, and the join it needs: the plain id
 * ('' for no deal) for a caller who sees every deal; otherwise one LEFT JOIN to the deals the caller
 * may see (the same visibility query the filters use, by primary key, no per-row subquery) turns
 * any other deal's id into HIDDEN_DEAL_ID.
 */
function dealIdOf(
  req: FactsRequest,
  alias: 'r' | 'e',
): { select: RawBuilder<unknown>; join: RawBuilder<unknown> } {
  const col = sql.ref(`${alias}.deal_id`);
  const plain = sql`COALESCE(${col}, '')`;
  if (req.seesEveryDeal) return { select: alias === 'r' ? col : plain, join: sql`` };
  return {
    select: sql`CASE WHEN v.deal_id IS NOT NULL THEN ${col} WHEN ${plain} = '' THEN ''
      ELSE ${sql.lit(HIDDEN_DEAL_ID)} END`,
    join: sql` LEFT JOIN ${req.deals.select('deals.deal_id')} v ON v.deal_id = ${col}`,
  };
}

/** Conditions on the spender, category, customer and scope, for a table aliased `alias`. */
function spendConditions(req: FactsRequest, alias: 'r' | 'e'): RawBuilder<unknown>[] {
  const { orgId, filters, scope } = req;
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
  if (filters.user_id !== undefined) parts.push(sql`${c('user_id')} = ${filters.user_id}`);
  if (filters.category_id !== undefined) parts.push(sql`${c('category_id')} = ${filters.category_id}`);
  if (filters.customer_id !== undefined) parts.push(sql`${c('customer_id')} = ${filters.customer_id}`);
  if (filters.department_id !== undefined) {
    parts.push(
      sql`${c('user_id')} IN (SELECT user_id FROM users WHERE org_id = ${orgId} AND department_id = ${filters.department_id})`,
    );
  }
  if (scope.kind === 'self') parts.push(sql`${c('user_id')} = ${scope.userId}`);
  if (scope.kind === 'team') {
    parts.push(
      sql`${c('user_id')} IN (SELECT user_id FROM users WHERE org_id = ${orgId} AND (user_id = ${scope.userId} OR manager_id = ${scope.userId}))`,
    );
  }
  return parts;
}

/** Whether the cheap deal grain answers this request exactly. */
export function usesDealGrain(req: FactsRequest): boolean {
  const f = req.filters;
  return (
    !req.needsFineGrain &&
    req.seesEveryDeal &&
    req.scope.kind === 'org' &&
    f.date_from === undefined &&
    f.date_to === undefined &&
    f.user_id === undefined &&
    f.category_id === undefined &&
    f.customer_id === undefined &&
    f.department_id === undefined
  );
}

const and = (parts: RawBuilder<unknown>[]) => sql.join(parts, sql` AND `);

/** The facts as a SELECT (use it as a CTE or derived table). */
export function factsQuery(req: FactsRequest): RawBuilder<unknown> {
  const { orgId, filters } = req;
  const buckets = bucketsOf(filters);
  if (usesDealGrain(req)) {
    const where = [
      sql`d.org_id = ${orgId}`,
      sql`d.bucket IN (${list(buckets)})`,
      ...dealConditions(req, sql.ref('d.deal_id')),
    ];
    return sql`SELECT d.deal_id, NULL AS user_id, NULL AS category_id, NULL AS customer_id, NULL AS month,
      d.bucket, d.total, d.count FROM deal_spend d WHERE ${and(where)}`;
  }
  const plan = planDateRange(filters.date_from, filters.date_to);
  const selects: RawBuilder<unknown>[] = [];
  if (plan.months) {
    const where = [
      sql`r.org_id = ${orgId}`,
      sql`r.bucket IN (${list(buckets)})`,
      ...dealConditions(req, sql.ref('r.deal_id')),
      ...spendConditions(req, 'r'),
    ];
    if (plan.months.from) where.push(sql`r.month >= ${plan.months.from}`);
    if (plan.months.to) where.push(sql`r.month <= ${plan.months.to}`);
    const deal = dealIdOf(req, 'r');
    selects.push(sql`SELECT ${deal.select} AS deal_id, r.user_id, r.category_id, r.customer_id, r.month,
      r.bucket, r.total, r.count
      FROM spend_rollups r${deal.join} WHERE ${and(where)}`);
  }
  if (plan.raw.length > 0) {
    const statuses = buckets.flatMap((b) => STATUSES_OF[b]);
    const ranges = plan.raw.map((rg) => sql`(e.date >= ${rg.from} AND e.date <= ${rg.to})`);
    const where = [
      sql`e.org_id = ${orgId}`,
      sql`e.status IN (${list(statuses)})`,
      sql`(${sql.join(ranges, sql` OR `)})`,
      ...dealConditions(req, sql.ref('e.deal_id')),
      ...spendConditions(req, 'e'),
    ];
    const deal = dealIdOf(req, 'e');
    selects.push(sql`SELECT ${deal.select} AS deal_id, e.user_id, e.category_id,
      COALESCE(e.customer_id, '') AS customer_id, substr(e.date, 1, 7) AS month,
      ${sql.raw(BUCKET_SQL)} AS bucket, e.base_amount AS total, 1 AS count
      FROM expenses e${deal.join} WHERE ${and(where)}`);
  }
  if (selects.length === 0) {
    // An empty range (date_from after date_to): no rows, but the same columns.
    return sql`SELECT deal_id, user_id, category_id, customer_id, month, bucket, total, count
      FROM spend_rollups WHERE 1 = 0`;
  }
  return sql.join(selects, sql` UNION ALL `);
}

/** The bucket of an expense row aliased `e` (the same rule as the rollup triggers). */
export const BUCKET_SQL =
  "(CASE WHEN e.status IN ('approved', 'reimbursed') THEN 'spent' WHEN e.status = 'submitted' THEN 'pending' ELSE 'other' END)";

/**
 * Raw expense rows that sit in a report, with the report id: the "reports" data source counts
 * reports, which no rollup can, so it always reads the raw rows.
 */
export function reportFactsQuery(req: FactsRequest): RawBuilder<unknown> {
  const { orgId, filters } = req;
  const statuses = bucketsOf(filters).flatMap((b) => STATUSES_OF[b]);
  const where = [
    sql`e.org_id = ${orgId}`,
    sql`e.report_id IS NOT NULL`,
    sql`e.status IN (${list(statuses)})`,
    ...dealConditions(req, sql.ref('e.deal_id')),
    ...spendConditions(req, 'e'),
  ];
  if (filters.date_from) where.push(sql`e.date >= ${filters.date_from}`);
  if (filters.date_to) where.push(sql`e.date <= ${filters.date_to}`);
  const deal = dealIdOf(req, 'e');
  return sql`SELECT ${deal.select} AS deal_id, e.user_id, e.category_id,
    COALESCE(e.customer_id, '') AS customer_id, substr(e.date, 1, 7) AS month,
    ${sql.raw(BUCKET_SQL)} AS bucket, e.base_amount AS total, 1 AS count, e.report_id
    FROM expenses e${deal.join} WHERE ${and(where)}`;
}
