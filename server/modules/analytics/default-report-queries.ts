/**
 * The four default reports as queries over the facts (see facts.ts). Each returns a ReportResult
 * with money in base-currency minor units.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  averageMinor,
  costToDealRatio,
  DEAL_COLUMNS,
  DEFAULT_REPORTS,
  type DefaultReportKey,
  MONTH_COLUMNS,
  SPENDER_COLUMNS,
  USER_COLUMNS,
} from '../../domain/analytics/default-reports.js';
import type { ReportFilters } from '../../domain/analytics/report-spec.js';
import { convertToBase, isCurrencyCode } from '../../domain/money.js';
import type { DealsQuery } from '../deals/visible-deals.js';
import { type FactsRequest, factsQuery, type Scope } from './facts.js';
import { showHiddenDeals } from './hidden-deals.js';
import type { ReportResult, ReportTable, Row } from './report-result.js';

export interface ReportContext {
  db: Kysely<Database>;
  orgId: string;
  baseCurrency: string;
  scope: Scope;
  /** The deals the caller may see (visibleDeals): the deal summary and reports about deals show no other. */
  deals: DealsQuery;
  /** Whether deals is every deal of the organisation; if not, other deals' spend shows as hidden (hidden-deals.ts). */
  seesEveryDeal: boolean;
  /** Today, 'YYYY-MM-DD': picks the exchange rate for deal amounts in another currency. */
  today: string;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

async function query<T>(db: Kysely<Database>, q: RawBuilder<unknown>): Promise<T[]> {
  return (await (q as RawBuilder<T>).execute(db)).rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const SPENT = sql`SUM(CASE WHEN f.bucket = 'spent' THEN f.total ELSE 0 END)`;
const PENDING = sql`SUM(CASE WHEN f.bucket = 'pending' THEN f.total ELSE 0 END)`;

/**
 * Latest rate per currency on or before today, for putting deal amounts into base currency.
 * Rule: a deal amount in the base currency is used as it is; in another currency it is converted at
 * the org's latest rate for that currency; with no rate the ratio is left empty (null).
 */
async function latestRates(ctx: ReportContext, currencies: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(currencies.filter((c) => c !== ctx.baseCurrency))];
  const rates = new Map<string, string>();
  if (wanted.length === 0) return rates;
  const rows = await ctx.db
    .selectFrom('exchange_rates')
    .select(['currency_code', 'rate', 'effective_date'])
    .where('org_id', '=', ctx.orgId)
    .where('currency_code', 'in', wanted)
    .where('effective_date', '<=', ctx.today)
    .orderBy('effective_date', 'asc')
    .execute();
  for (const r of rows) rates.set(r.currency_code, r.rate);
  return rates;
}

function dealAmountInBase(row: Row, base: string, rates: Map<string, string>): number | null {
  const amount = row.deal_amount;
  const cur = row.deal_currency_code;
  if (typeof amount !== 'number' || typeof cur !== 'string') return null;
  if (cur === base) return amount;
  const rate = rates.get(cur);
  if (!rate || !isCurrencyCode(cur)) return null;
  return convertToBase(amount, cur, base, rate);
}

/**
 * Per deal: spent, pending, expense count, deal attributes and cost-to-deal ratio (paged, biggest
 * spend first). The page is cut before the joins, so only its rows are joined to deals and people.
 */
async function dealTable(
  ctx: ReportContext,
  req: FactsRequest,
  page: PageRequest,
  title: string,
): Promise<ReportTable> {
  return dealTableFrom(
    ctx,
    sql`WITH facts AS (${factsQuery(req)}),
    per_deal AS (SELECT f.deal_id, ${SPENT} AS spent, ${PENDING} AS pending, SUM(f.count) AS expense_count
      FROM facts f WHERE f.deal_id <> '' GROUP BY f.deal_id
      ORDER BY spent DESC, pending DESC, f.deal_id
      LIMIT ${page.perPage + 1} OFFSET ${(page.page - 1) * page.perPage})`,
    page,
    title,
  );
}

/** The deal table for the page of deals in `perDeal` (a WITH clause defining per_deal). */
async function dealTableFrom(
  ctx: ReportContext,
  perDeal: RawBuilder<unknown>,
  page: PageRequest,
  title: string,
): Promise<ReportTable> {
  const { orgId } = ctx;
  const rows = await query<Row>(
    ctx.db,
    sql`${perDeal}
    SELECT p.deal_id, p.spent, p.pending, p.expense_count, d.deal_name, d.stage, d.forecast_type,
      d.amount AS deal_amount, d.currency_code AS deal_currency_code, d.closing_date, d.account_id,
      a.contact_name AS account_name, d.owner_id, u.name AS owner_name
    FROM per_deal p
    LEFT JOIN deals d ON d.deal_id = p.deal_id AND d.org_id = ${orgId}
    LEFT JOIN contacts a ON a.contact_id = d.account_id AND a.org_id = ${orgId}
    LEFT JOIN users u ON u.user_id = d.owner_id AND u.org_id = ${orgId}
    ORDER BY p.spent DESC, p.pending DESC, p.deal_id`,
  );
  const hasMore = rows.length > page.perPage;
  const pageRows = rows.slice(0, page.perPage);
  const rates = await latestRates(
    ctx,
    pageRows.map((r) => String(r.deal_currency_code ?? '')),
  );
  for (const r of pageRows) {
    r.spent = num(r.spent);
    r.pending = num(r.pending);
    r.expense_count = num(r.expense_count);
    if (r.deal_amount !== null) r.deal_amount = num(r.deal_amount);
    r.cost_to_deal_ratio = costToDealRatio(r.spent, dealAmountInBase(r, ctx.baseCurrency, rates));
  }
  return {
    table_id: 'deals',
    title,
    columns: DEAL_COLUMNS,
    rows: pageRows,
    page_context: { page: page.page, per_page: page.perPage, has_more_page: hasMore },
  };
}

async function dealTotals(ctx: ReportContext, req: FactsRequest): Promise<Row> {
  const [t] = await query<Row>(
    ctx.db,
    sql`WITH facts AS (${factsQuery(req)})
    SELECT ${SPENT} AS spent, ${PENDING} AS pending, SUM(f.count) AS expense_count,
      COUNT(DISTINCT f.deal_id) AS deal_count
    FROM facts f WHERE f.deal_id <> ''`,
  );
  return {
    spent: num(t?.spent),
    pending: num(t?.pending),
    expense_count: num(t?.expense_count),
    deal_count: num(t?.deal_count),
  };
}

function sortMonths(rows: Row[]): Row[] {
  // Months with no closing date go last, whichever database sorted them.
  return rows.sort((a, b) => {
    const x = a.month;
    const y = b.month;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return String(x) < String(y) ? -1 : 1;
  });
}

function monthRow(r: Row): Row {
  return {
    month: r.month ?? null,
    spent: num(r.spent),
    pending: num(r.pending),
    expense_count: num(r.expense_count),
    deal_count: num(r.deal_count),
  };
}

/** Spend on deals grouped by the deal's closing month. */
async function byClosingMonth(ctx: ReportContext, req: FactsRequest): Promise<ReportTable> {
  const rows = await query<Row>(
    ctx.db,
    sql`WITH facts AS (${factsQuery(req)})
    SELECT substr(d.closing_date, 1, 7) AS month, ${SPENT} AS spent, ${PENDING} AS pending,
      SUM(f.count) AS expense_count, COUNT(DISTINCT f.deal_id) AS deal_count
    FROM facts f JOIN deals d ON d.deal_id = f.deal_id AND d.org_id = ${ctx.orgId}
    GROUP BY substr(d.closing_date, 1, 7)`,
  );
  return {
    table_id: 'by_closing_month',
    title: 'By closing month',
    columns: MONTH_COLUMNS,
    rows: sortMonths(rows.map(monthRow)),
  };
}

/** Spend on deals grouped by the expense month. */
async function byExpenseMonth(ctx: ReportContext, req: FactsRequest): Promise<ReportTable> {
  const rows = await query<Row>(
    ctx.db,
    sql`WITH facts AS (${factsQuery({ ...req, needsFineGrain: true })})
    SELECT f.month, ${SPENT} AS spent, ${PENDING} AS pending, SUM(f.count) AS expense_count,
      COUNT(DISTINCT f.deal_id) AS deal_count
    FROM facts f WHERE f.deal_id <> '' GROUP BY f.month`,
  );
  return {
    table_id: 'by_expense_month',
    title: 'By expense month',
    columns: MONTH_COLUMNS,
    rows: sortMonths(rows.map(monthRow)),
  };
}

/** Per won deal, each spender's total ranked (1 = most); paged by deal, biggest deal first. */
async function spendersByDeal(
  ctx: ReportContext,
  req: FactsRequest,
  page: PageRequest,
): Promise<ReportTable> {
  const { orgId } = ctx;
  const rows = await query<Row>(
    ctx.db,
    sql`WITH facts AS (${factsQuery({ ...req, needsFineGrain: true })}),
    pu AS (SELECT f.deal_id, f.user_id, SUM(f.total) AS spent, SUM(f.count) AS expense_count
      FROM facts f WHERE f.deal_id <> '' GROUP BY f.deal_id, f.user_id),
    pd AS (SELECT deal_id, SUM(spent) AS deal_spent FROM pu GROUP BY deal_id)
    SELECT pu.deal_id, pu.user_id, pu.spent, pu.expense_count, pd.deal_spent,
      RANK() OVER (PARTITION BY pu.deal_id ORDER BY pu.spent DESC) AS rank,
      d.deal_name, u.name AS user_name
    FROM pu JOIN pd ON pd.deal_id = pu.deal_id
    LEFT JOIN deals d ON d.deal_id = pu.deal_id AND d.org_id = ${orgId}
    LEFT JOIN users u ON u.user_id = pu.user_id AND u.org_id = ${orgId}
    ORDER BY pd.deal_spent DESC, pu.deal_id, pu.spent DESC, pu.user_id
    LIMIT ${page.perPage + 1} OFFSET ${(page.page - 1) * page.perPage}`,
  );
  const hasMore = rows.length > page.perPage;
  return {
    table_id: 'by_deal',
    title: 'Spenders per won deal',
    columns: SPENDER_COLUMNS,
    rows: rows.slice(0, page.perPage).map((r) => ({
      ...r,
      spent: num(r.spent),
      expense_count: num(r.expense_count),
      deal_spent: num(r.deal_spent),
      rank: num(r.rank),
    })),
    page_context: { page: page.page, per_page: page.perPage, has_more_page: hasMore },
  };
}

/** Across won deals, per spender: total, number of deals, average, most and least on one deal. */
async function spendersByUser(ctx: ReportContext, req: FactsRequest): Promise<ReportTable> {
  const rows = await query<Row>(
    ctx.db,
    sql`WITH facts AS (${factsQuery({ ...req, needsFineGrain: true })}),
    pu AS (SELECT f.deal_id, f.user_id, SUM(f.total) AS spent
      FROM facts f WHERE f.deal_id <> '' GROUP BY f.deal_id, f.user_id)
    SELECT pu.user_id, u.name AS user_name, COUNT(*) AS won_deals, SUM(pu.spent) AS spent,
      MAX(pu.spent) AS most_on_a_deal, MIN(pu.spent) AS least_on_a_deal
    FROM pu LEFT JOIN users u ON u.user_id = pu.user_id AND u.org_id = ${ctx.orgId}
    GROUP BY pu.user_id, u.name
    ORDER BY SUM(pu.spent) DESC, pu.user_id`,
  );
  return {
    table_id: 'by_user',
    title: 'Per spender, across won deals',
    columns: USER_COLUMNS,
    rows: rows.map((r) => {
      const spent = num(r.spent);
      const deals = num(r.won_deals);
      return {
        ...r,
        spent,
        won_deals: deals,
        average_per_deal: averageMinor(spent, deals),
        most_on_a_deal: num(r.most_on_a_deal),
        least_on_a_deal: num(r.least_on_a_deal),
      };
    }),
  };
}

const DEAL_TOTAL_MONEY = ['spent', 'pending'];

/*
 * The default view (org-wide, no filters) reads the small per-deal rollups of migration 0021:
 * totals from a handful of per-outcome rows, the first page straight off an index in order.
 * Any filter or narrower scope falls back to the general queries above.
 */

type Outcome = 'Closed Won' | 'Closed Lost';

function isDefaultView(ctx: ReportContext, filters: ReportFilters): boolean {
  return (
    ctx.seesEveryDeal && ctx.scope.kind === 'org' && Object.values(filters).every((v) => v === undefined)
  );
}

const outcomeIs = (outcome?: Outcome) => (outcome === undefined ? sql`` : sql`AND outcome = ${outcome}`);

async function fastDealTable(
  ctx: ReportContext,
  page: PageRequest,
  title: string,
  outcome?: Outcome,
): Promise<ReportTable> {
  return dealTableFrom(
    ctx,
    sql`WITH per_deal AS (SELECT deal_id, spent, pending, spent_count + pending_count AS expense_count
      FROM deal_rollups WHERE org_id = ${ctx.orgId} ${outcomeIs(outcome)}
      ORDER BY spent DESC, pending DESC, deal_id
      LIMIT ${page.perPage + 1} OFFSET ${(page.page - 1) * page.perPage})`,
    page,
    title,
  );
}

async function fastTotals(ctx: ReportContext, outcome?: Outcome): Promise<Row> {
  const [t] = await query<Row>(
    ctx.db,
    sql`SELECT SUM(spent) AS spent, SUM(pending) AS pending, SUM(expense_count) AS expense_count,
      SUM(deal_count) AS deal_count, SUM(spent_deal_count) AS spent_deal_count
    FROM outcome_month_rollups WHERE org_id = ${ctx.orgId} AND kind = 'closing' ${outcomeIs(outcome)}`,
  );
  return {
    spent: num(t?.spent),
    pending: num(t?.pending),
    expense_count: num(t?.expense_count),
    deal_count: num(t?.deal_count),
    spent_deal_count: num(t?.spent_deal_count),
  };
}

async function fastMonths(
  ctx: ReportContext,
  outcome: Outcome,
  kind: 'closing' | 'expense',
): Promise<ReportTable> {
  const rows = await query<Row>(
    ctx.db,
    sql`SELECT month, spent, pending, expense_count, deal_count FROM outcome_month_rollups
    WHERE org_id = ${ctx.orgId} AND outcome = ${outcome} AND kind = ${kind}`,
  );
  // '' stands for "no closing date".
  const table = rows.map((r) => monthRow({ ...r, month: r.month === '' ? null : (r.month ?? null) }));
  return kind === 'closing'
    ? {
        table_id: 'by_closing_month',
        title: 'By closing month',
        columns: MONTH_COLUMNS,
        rows: sortMonths(table),
      }
    : {
        table_id: 'by_expense_month',
        title: 'By expense month',
        columns: MONTH_COLUMNS,
        rows: sortMonths(table),
      };
}

/** Won deals by approved spend; each deal has at least one spender row, so the first N deals fill N rows. */
async function fastSpendersByDeal(ctx: ReportContext, page: PageRequest): Promise<ReportTable> {
  const { orgId } = ctx;
  const offset = (page.page - 1) * page.perPage;
  const rows = await query<Row>(
    ctx.db,
    sql`WITH top AS (SELECT deal_id, spent AS deal_spent FROM deal_rollups
      WHERE org_id = ${orgId} AND outcome = 'Closed Won' AND spent_count > 0
      ORDER BY spent DESC, deal_id LIMIT ${offset + page.perPage + 1}),
    pu AS (SELECT du.deal_id, du.user_id, du.spent, du.spent_count AS expense_count, top.deal_spent,
      RANK() OVER (PARTITION BY du.deal_id ORDER BY du.spent DESC) AS rank
      FROM top JOIN deal_user_rollups du ON du.org_id = ${orgId} AND du.deal_id = top.deal_id)
    SELECT pu.deal_id, pu.user_id, pu.spent, pu.expense_count, pu.deal_spent, pu.rank,
      d.deal_name, u.name AS user_name
    FROM pu
    LEFT JOIN deals d ON d.deal_id = pu.deal_id AND d.org_id = ${orgId}
    LEFT JOIN users u ON u.user_id = pu.user_id AND u.org_id = ${orgId}
    ORDER BY pu.deal_spent DESC, pu.deal_id, pu.spent DESC, pu.user_id
    LIMIT ${page.perPage + 1} OFFSET ${offset}`,
  );
  const hasMore = rows.length > page.perPage;
  return {
    table_id: 'by_deal',
    title: 'Spenders per won deal',
    columns: SPENDER_COLUMNS,
    rows: rows.slice(0, page.perPage).map((r) => ({
      ...r,
      spent: num(r.spent),
      expense_count: num(r.expense_count),
      deal_spent: num(r.deal_spent),
      rank: num(r.rank),
    })),
    page_context: { page: page.page, per_page: page.perPage, has_more_page: hasMore },
  };
}

/** Per spender on won deals, straight from outcome_user_rollups (most/least kept by the triggers). */
async function fastSpendersByUser(ctx: ReportContext): Promise<ReportTable> {
  const { orgId } = ctx;
  const rows = await query<Row>(
    ctx.db,
    sql`SELECT t.user_id, u.name AS user_name, t.deal_count AS won_deals, t.spent,
      t.most_on_a_deal, t.least_on_a_deal
    FROM outcome_user_rollups t LEFT JOIN users u ON u.user_id = t.user_id AND u.org_id = ${orgId}
    WHERE t.org_id = ${orgId} AND t.outcome = 'Closed Won'
    ORDER BY t.spent DESC, t.user_id`,
  );
  return {
    table_id: 'by_user',
    title: 'Per spender, across won deals',
    columns: USER_COLUMNS,
    rows: rows.map((r) => {
      const spent = num(r.spent);
      const deals = num(r.won_deals);
      return {
        ...r,
        spent,
        won_deals: deals,
        average_per_deal: averageMinor(spent, deals),
        most_on_a_deal: num(r.most_on_a_deal),
        least_on_a_deal: num(r.least_on_a_deal),
      };
    }),
  };
}

function withoutSpentDeals(t: Row): Row {
  const { spent_deal_count: _, ...rest } = t;
  return rest;
}

async function runDefaultView(
  ctx: ReportContext,
  key: DefaultReportKey,
  page: PageRequest,
): Promise<Pick<ReportResult, 'tables' | 'totals' | 'total_money_keys'>> {
  // Each part is a few index reads; on PostgreSQL they run side by side on the pool.
  switch (key) {
    case 'spend-per-deal': {
      const [table, totals] = await Promise.all([
        fastDealTable(ctx, page, 'Spend per deal'),
        fastTotals(ctx),
      ]);
      return { tables: [table], totals: withoutSpentDeals(totals), total_money_keys: DEAL_TOTAL_MONEY };
    }
    case 'deal-spenders': {
      const [byDeal, byUser, totals] = await Promise.all([
        fastSpendersByDeal(ctx, page),
        fastSpendersByUser(ctx),
        fastTotals(ctx, 'Closed Won'),
      ]);
      return {
        tables: [byDeal, byUser],
        totals: { spent: num(totals.spent), deal_count: num(totals.spent_deal_count) },
        total_money_keys: ['spent'],
      };
    }
    case 'won-deals-by-month': {
      const [closing, expense, totals] = await Promise.all([
        fastMonths(ctx, 'Closed Won', 'closing'),
        fastMonths(ctx, 'Closed Won', 'expense'),
        fastTotals(ctx, 'Closed Won'),
      ]);
      return {
        tables: [closing, expense],
        totals: withoutSpentDeals(totals),
        total_money_keys: DEAL_TOTAL_MONEY,
      };
    }
    case 'lost-deals': {
      const [deals, closing, expense, totals] = await Promise.all([
        fastDealTable(ctx, page, 'Lost deals', 'Closed Lost'),
        fastMonths(ctx, 'Closed Lost', 'closing'),
        fastMonths(ctx, 'Closed Lost', 'expense'),
        fastTotals(ctx, 'Closed Lost'),
      ]);
      return {
        tables: [deals, closing, expense],
        totals: withoutSpentDeals(totals),
        total_money_keys: DEAL_TOTAL_MONEY,
      };
    }
  }
}

/**
 * Runs one default report. The report's own rules (e.g. Closed Won only) override the filters.
 * Spend on deals the caller may not see shows as one row with no deal details (hidden-deals.ts).
 */
export async function runDefaultReport(
  ctx: ReportContext,
  key: DefaultReportKey,
  filters: ReportFilters,
  page: PageRequest,
): Promise<ReportResult> {
  return showHiddenDeals(await runDefaultReportRows(ctx, key, filters, page));
}

async function runDefaultReportRows(
  ctx: ReportContext,
  key: DefaultReportKey,
  filters: ReportFilters,
  page: PageRequest,
): Promise<ReportResult> {
  const def = DEFAULT_REPORTS[key];
  const head = {
    report_id: key,
    report_name: def.title,
    description: def.description,
    currency_code: ctx.baseCurrency,
  };
  if (isDefaultView(ctx, filters)) return { ...head, ...(await runDefaultView(ctx, key, page)) };
  const base = { orgId: ctx.orgId, scope: ctx.scope, deals: ctx.deals, seesEveryDeal: ctx.seesEveryDeal };
  switch (key) {
    case 'spend-per-deal': {
      const req = { ...base, filters };
      return {
        ...head,
        tables: [await dealTable(ctx, req, page, 'Spend per deal')],
        totals: await dealTotals(ctx, req),
        total_money_keys: DEAL_TOTAL_MONEY,
      };
    }
    case 'deal-spenders': {
      const req = {
        ...base,
        filters: { ...filters, outcome: 'Closed Won' as const, status: filters.status ?? ['spent' as const] },
      };
      const byDeal = await spendersByDeal(ctx, req, page);
      const byUser = await spendersByUser(ctx, req);
      const totals = await dealTotals(ctx, req);
      return {
        ...head,
        tables: [byDeal, byUser],
        totals: { spent: num(totals.spent) + num(totals.pending), deal_count: num(totals.deal_count) },
        total_money_keys: ['spent'],
      };
    }
    case 'won-deals-by-month': {
      const req = { ...base, filters: { ...filters, outcome: 'Closed Won' as const } };
      return {
        ...head,
        tables: [await byClosingMonth(ctx, req), await byExpenseMonth(ctx, req)],
        totals: await dealTotals(ctx, req),
        total_money_keys: DEAL_TOTAL_MONEY,
      };
    }
    case 'lost-deals': {
      const req = { ...base, filters: { ...filters, outcome: 'Closed Lost' as const } };
      return {
        ...head,
        tables: [
          await dealTable(ctx, req, page, 'Lost deals'),
          await byClosingMonth(ctx, req),
          await byExpenseMonth(ctx, req),
        ],
        totals: await dealTotals(ctx, req),
        total_money_keys: DEAL_TOTAL_MONEY,
      };
    }
  }
}
