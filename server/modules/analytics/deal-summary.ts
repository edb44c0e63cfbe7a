/** One deal's spend summary for the deal page: spent, pending, by person, cost-to-deal ratio. */
import { type RawBuilder, sql } from 'kysely';
import { costToDealRatio } from '../../domain/analytics/default-reports.js';
import { convertToBase, isCurrencyCode } from '../../domain/money.js';
import { appError } from '../../errors.js';
import type { ReportContext } from './default-report-queries.js';
import { factsQuery } from './facts.js';

export interface DealSummaryMinor {
  deal_id: string;
  deal_name: string;
  stage: string;
  spent: number;
  pending: number;
  expense_count: number;
  deal_amount: number | null;
  deal_currency_code: string;
  cost_to_deal_ratio: number | null;
  by_person: Array<{
    user_id: string;
    user_name: string;
    spent: number;
    pending: number;
    expense_count: number;
  }>;
}

interface PersonRow {
  user_id: string;
  user_name: string | null;
  spent: number | string | null;
  pending: number | string | null;
  expense_count: number | string | null;
}

/**
 * The caller sees the spend their role allows (own, team, org), like every report, of a deal they
 * may see (potentials mode); any other deal is DEAL_NOT_FOUND, as at GET /deals/{id}.
 */
export async function dealSummary(ctx: ReportContext, dealId: string): Promise<DealSummaryMinor> {
  const deal = await ctx.deals
    .select(['deals.deal_id', 'deals.deal_name', 'deals.stage', 'deals.amount', 'deals.currency_code'])
    .where('deals.deal_id', '=', dealId)
    .executeTakeFirst();
  if (!deal) throw appError('DEAL_NOT_FOUND');
  const facts = factsQuery({
    orgId: ctx.orgId,
    scope: ctx.scope,
    deals: ctx.deals,
    seesEveryDeal: ctx.seesEveryDeal,
    filters: { deal_id: dealId },
    needsFineGrain: true,
  });
  const people = (
    await (
      sql`WITH facts AS (${facts})
      SELECT f.user_id, MAX(u.name) AS user_name,
        SUM(CASE WHEN f.bucket = 'spent' THEN f.total ELSE 0 END) AS spent,
        SUM(CASE WHEN f.bucket = 'pending' THEN f.total ELSE 0 END) AS pending,
        SUM(f.count) AS expense_count
      FROM facts f LEFT JOIN users u ON u.user_id = f.user_id AND u.org_id = ${ctx.orgId}
      GROUP BY f.user_id
      ORDER BY SUM(f.total) DESC, f.user_id` as RawBuilder<PersonRow>
    ).execute(ctx.db)
  ).rows.map((r) => ({
    user_id: r.user_id,
    user_name: r.user_name ?? '',
    spent: Number(r.spent ?? 0),
    pending: Number(r.pending ?? 0),
    expense_count: Number(r.expense_count ?? 0),
  }));
  const spent = people.reduce((a, p) => a + p.spent, 0);
  const pending = people.reduce((a, p) => a + p.pending, 0);
  let amountBase: number | null = null;
  if (deal.amount !== null) {
    if (deal.currency_code === ctx.baseCurrency) amountBase = Number(deal.amount);
    else if (isCurrencyCode(deal.currency_code)) {
      const rate = await ctx.db
        .selectFrom('exchange_rates')
        .select('rate')
        .where('org_id', '=', ctx.orgId)
        .where('currency_code', '=', deal.currency_code)
        .where('effective_date', '<=', ctx.today)
        .orderBy('effective_date', 'desc')
        .executeTakeFirst();
      if (rate)
        amountBase = convertToBase(Number(deal.amount), deal.currency_code, ctx.baseCurrency, rate.rate);
    }
  }
  return {
    deal_id: deal.deal_id,
    deal_name: deal.deal_name,
    stage: deal.stage,
    spent,
    pending,
    expense_count: people.reduce((a, p) => a + p.expense_count, 0),
    deal_amount: deal.amount === null ? null : Number(deal.amount),
    deal_currency_code: deal.currency_code,
    cost_to_deal_ratio: costToDealRatio(spent, amountBase),
    by_person: people,
  };
}
