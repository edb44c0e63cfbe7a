/**
 * Runs an editable report spec (domain/analytics/report-spec.ts) over the facts: group by the chosen
 * dimensions, add up the chosen measures, sort, page. Dimension and sort names come from a fixed
 * table below, never from the request text, so no input reaches the SQL except as a parameter.
 */
import { type RawBuilder, sql } from 'kysely';
import { averageMinor, type ColumnType, type ReportColumn } from '../../domain/analytics/default-reports.js';
import type { Dimension, Measure, ReportSpec } from '../../domain/analytics/report-spec.js';
import type { PageRequest, ReportContext } from './default-report-queries.js';
import { factsQuery, reportFactsQuery } from './facts.js';
import { HIDDEN_DEAL_ID, showHiddenDeals } from './hidden-deals.js';
import type { ReportResult, ReportTable, Row } from './report-result.js';

interface DimensionSql {
  key: RawBuilder<unknown>;
  label: RawBuilder<unknown>;
  title: string;
  /** A key-only dimension (month, stage) has no separate label column. */
  keyOnly: boolean;
}

/** A fact's deal stage, or HIDDEN_DEAL_ID for a deal the caller may not see (literals, so PostgreSQL matches it in GROUP BY). */
const FACT_STAGE = sql`CASE WHEN f.deal_id = ${sql.lit(HIDDEN_DEAL_ID)} THEN ${sql.lit(HIDDEN_DEAL_ID)} ELSE d.stage END`;

/** Dimension expressions over facts `f` joined with deals d, users u, contacts cu, departments dp, categories cat. */
const FACT_DIMENSIONS: Record<Dimension, DimensionSql> = {
  deal: { key: sql`f.deal_id`, label: sql`d.deal_name`, title: 'Deal', keyOnly: false },
  // Spend on deals the caller may not see is its own stage group, never the deal's stage.
  stage: { key: FACT_STAGE, label: FACT_STAGE, title: 'Stage', keyOnly: true },
  customer: { key: sql`f.customer_id`, label: sql`cu.contact_name`, title: 'Customer', keyOnly: false },
  spender: { key: sql`f.user_id`, label: sql`u.name`, title: 'Spender', keyOnly: false },
  department: {
    key: sql`u.department_id`,
    label: sql`dp.department_name`,
    title: 'Department',
    keyOnly: false,
  },
  category: { key: sql`f.category_id`, label: sql`cat.category_name`, title: 'Category', keyOnly: false },
  month: { key: sql`f.month`, label: sql`f.month`, title: 'Month', keyOnly: true },
};

/** For the deals source: rows are deals d with owner u (the "spender" of a deal is its owner). */
const DEAL_DIMENSIONS: Record<Exclude<Dimension, 'category'>, DimensionSql> = {
  deal: { key: sql`d.deal_id`, label: sql`d.deal_name`, title: 'Deal', keyOnly: false },
  stage: { key: sql`d.stage`, label: sql`d.stage`, title: 'Stage', keyOnly: true },
  customer: {
    key: sql`COALESCE(d.account_id, d.contact_id)`,
    label: sql`cu.contact_name`,
    title: 'Customer',
    keyOnly: false,
  },
  spender: { key: sql`d.owner_id`, label: sql`u.name`, title: 'Deal owner', keyOnly: false },
  department: {
    key: sql`u.department_id`,
    label: sql`dp.department_name`,
    title: 'Department',
    keyOnly: false,
  },
  month: {
    key: sql`substr(d.closing_date, 1, 7)`,
    label: sql`substr(d.closing_date, 1, 7)`,
    title: 'Closing month',
    keyOnly: true,
  },
};

const MEASURE_TITLES: Record<Measure, { label: string; type: ColumnType }> = {
  total: { label: 'Total', type: 'money' },
  count: { label: 'Count', type: 'number' },
  average: { label: 'Average', type: 'money' },
};

function dimensionSql(spec: ReportSpec, dim: Dimension): DimensionSql {
  if (spec.source === 'deals') {
    if (dim === 'category') throw new RangeError('category is not a dimension of deals');
    return DEAL_DIMENSIONS[dim];
  }
  return FACT_DIMENSIONS[dim];
}

/** Column names: `<dim>_id` holds the key, `<dim>` the label (key-only dimensions: just `<dim>`). */
function columnsOf(spec: ReportSpec): ReportColumn[] {
  const cols: ReportColumn[] = [];
  for (const dim of spec.dimensions) {
    const d = dimensionSql(spec, dim);
    cols.push({ key: dim, label: d.title, type: dim === 'month' ? 'month' : 'text' });
  }
  for (const m of spec.measures) cols.push({ key: m, ...MEASURE_TITLES[m] });
  return cols;
}

interface QueryParts {
  ctes: RawBuilder<unknown>;
  from: RawBuilder<unknown>;
  total: RawBuilder<unknown>;
  count: RawBuilder<unknown>;
}

/** The CTEs, FROM clause and measure expressions for the spec's data source. */
function partsOf(ctx: ReportContext, spec: ReportSpec): QueryParts {
  const { orgId } = ctx;
  const req = {
    orgId,
    scope: ctx.scope,
    deals: ctx.deals,
    seesEveryDeal: ctx.seesEveryDeal,
    filters: spec.filters,
    needsFineGrain: spec.source === 'expenses',
  };
  if (spec.source === 'deals') {
    // The deal's customer, not the expense's, filters a report about deals.
    const { customer_id, ...spendFilters } = spec.filters;
    const where = [sql`d.org_id = ${orgId}`];
    if (spec.filters.owner_id !== undefined) where.push(sql`d.owner_id = ${spec.filters.owner_id}`);
    if (spec.filters.stage !== undefined) where.push(sql`d.stage = ${spec.filters.stage}`);
    if (spec.filters.outcome !== undefined) where.push(sql`d.forecast_type = ${spec.filters.outcome}`);
    if (customer_id !== undefined) {
      where.push(sql`(d.account_id = ${customer_id} OR d.contact_id = ${customer_id})`);
    }
    return {
      ctes: sql`WITH facts AS (${factsQuery({ ...req, filters: spendFilters, needsFineGrain: false })}),
        per_deal AS (SELECT f.deal_id, SUM(f.total) AS total FROM facts f GROUP BY f.deal_id)`,
      // Only the deals the caller may see are rows (potentials mode).
      from: sql`FROM ${ctx.deals.selectAll('deals')} d LEFT JOIN per_deal p ON p.deal_id = d.deal_id
        LEFT JOIN users u ON u.user_id = d.owner_id AND u.org_id = ${orgId}
        LEFT JOIN contacts cu ON cu.contact_id = COALESCE(d.account_id, d.contact_id) AND cu.org_id = ${orgId}
        LEFT JOIN departments dp ON dp.department_id = u.department_id AND dp.org_id = ${orgId}
        WHERE ${sql.join(where, sql` AND `)}`,
      total: sql`SUM(COALESCE(p.total, 0))`,
      count: sql`COUNT(*)`,
    };
  }
  const facts = spec.source === 'reports' ? reportFactsQuery(req) : factsQuery(req);
  return {
    ctes: sql`WITH facts AS (${facts})`,
    from: sql`FROM facts f
      LEFT JOIN deals d ON d.deal_id = f.deal_id AND d.org_id = ${orgId}
      LEFT JOIN users u ON u.user_id = f.user_id AND u.org_id = ${orgId}
      LEFT JOIN contacts cu ON cu.contact_id = f.customer_id AND cu.org_id = ${orgId}
      LEFT JOIN departments dp ON dp.department_id = u.department_id AND dp.org_id = ${orgId}
      LEFT JOIN expense_categories cat ON cat.category_id = f.category_id AND cat.org_id = ${orgId}`,
    total: sql`SUM(f.total)`,
    count: spec.source === 'reports' ? sql`COUNT(DISTINCT f.report_id)` : sql`SUM(f.count)`,
  };
}

/** The grouped query; with no dimensions (and no page) it yields the one totals row. */
function groupedQuery(
  ctx: ReportContext,
  spec: ReportSpec,
  dims: Dimension[],
  page: PageRequest | null,
): RawBuilder<unknown> {
  const p = partsOf(ctx, spec);
  const select: RawBuilder<unknown>[] = [];
  const group: RawBuilder<unknown>[] = [];
  for (const dim of dims) {
    const d = dimensionSql(spec, dim);
    if (d.keyOnly) select.push(sql`${d.key} AS ${sql.ref(dim)}`);
    else select.push(sql`${d.key} AS ${sql.ref(`${dim}_id`)}`, sql`MAX(${d.label}) AS ${sql.ref(dim)}`);
    group.push(d.key);
  }
  select.push(sql`${p.total} AS total`, sql`${p.count} AS count`);
  if (dims.length === 0) return sql`${p.ctes} SELECT ${sql.join(select)} ${p.from}`;
  const sort = spec.sort ?? { by: spec.measures[0] ?? 'total', order: 'desc' };
  const dir = sql.raw(sort.order === 'asc' ? 'ASC' : 'DESC');
  const order: RawBuilder<unknown>[] = [];
  if (sort.by === 'total') order.push(sql`${p.total} ${dir}`);
  else if (sort.by === 'count') order.push(sql`${p.count} ${dir}`);
  else if (sort.by === 'average') order.push(sql`(${p.total} * 1.0 / NULLIF(${p.count}, 0)) ${dir}`);
  else {
    const d = dimensionSql(spec, sort.by);
    const value = d.keyOnly ? d.key : sql`MAX(${d.label})`;
    // Groups without a value (no deal, customer, department, closing month) and spend on deals the
    // caller cannot see come last either way; left to the database, SQLite would put NULLs first
    // in ascending order and PostgreSQL last.
    order.push(sql`CASE WHEN ${value} IS NULL OR ${value} = ${sql.lit(HIDDEN_DEAL_ID)} THEN 1 ELSE 0 END`);
    order.push(sql`${value} ${dir}`);
  }
  // Ties in key order, a missing key last on both databases.
  for (const g of group) order.push(sql`CASE WHEN ${g} IS NULL THEN 1 ELSE 0 END`, sql`${g} ASC`);
  const window = page ? sql` LIMIT ${page.perPage + 1} OFFSET ${(page.page - 1) * page.perPage}` : sql``;
  return sql`${p.ctes} SELECT ${sql.join(select)} ${p.from}
    GROUP BY ${sql.join(group)} ORDER BY ${sql.join(order)}${window}`;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function withMeasures(row: Row, measures: Measure[]): Row {
  const total = num(row.total);
  const count = num(row.count);
  const out: Row = { ...row };
  delete out.total;
  delete out.count;
  for (const m of measures)
    out[m] = m === 'total' ? total : m === 'count' ? count : averageMinor(total, count);
  return out;
}

/**
 * Runs a checked spec (see checkReportSpec): one table of grouped rows, paged, plus totals.
 * @example runSpec(ctx, { source: 'expenses', dimensions: ['spender'], measures: ['total'], filters: {} }, page, meta)
 */
export async function runSpec(
  ctx: ReportContext,
  spec: ReportSpec,
  page: PageRequest,
  meta: { report_id: string; report_name: string; description: string },
): Promise<ReportResult> {
  const rows = (await (groupedQuery(ctx, spec, spec.dimensions, page) as RawBuilder<Row>).execute(ctx.db))
    .rows;
  const [totalsRow] = (await (groupedQuery(ctx, spec, [], null) as RawBuilder<Row>).execute(ctx.db)).rows;
  const hasMore = rows.length > page.perPage;
  const table: ReportTable = {
    table_id: 'rows',
    title: meta.report_name,
    columns: columnsOf(spec),
    rows: rows.slice(0, page.perPage).map((r) => withMeasures(r, spec.measures)),
    page_context: { page: page.page, per_page: page.perPage, has_more_page: hasMore },
  };
  const totals = withMeasures({ total: totalsRow?.total ?? 0, count: totalsRow?.count ?? 0 }, [
    'total',
    'count',
    'average',
  ]);
  return showHiddenDeals({
    ...meta,
    currency_code: ctx.baseCurrency,
    tables: [table],
    totals,
    total_money_keys: ['total', 'average'],
  });
}
