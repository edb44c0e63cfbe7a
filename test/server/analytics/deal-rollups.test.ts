import { describe, expect, it } from 'vitest';
import { runDefaultReport } from '../../../server/modules/analytics/default-report-queries.js';
import { reconcileRollups } from '../../../server/modules/analytics/rollups.js';
import { orgDeals } from '../../../server/modules/deals/visible-deals.js';
import { DIALECTS, openTestDatabase } from '../../helpers/dialects.js';
import { expenseRow, seedAnalyticsOrg } from './analytics-fixture.js';

const PAGE = { page: 1, perPage: 50 };

describe.each(DIALECTS)('per-deal rollups follow the deal record (%s)', (dialect) => {
  it('a deal synced after its expenses, then deleted, moves its spend in and out of the won reports', async () => {
    const handle = await openTestDatabase(dialect);
    const { db } = handle;
    try {
      const org = await seedAnalyticsOrg(db, `late${dialect[0]}`);
      const ctx = {
        db,
        orgId: org.orgId,
        baseCurrency: 'USD',
        scope: { kind: 'org' as const },
        deals: orgDeals(db, org.orgId),
        seesEveryDeal: true,
        today: '2026-06-01',
      };
      const dealId = `${org.orgId}-late`;
      const add = (n: number, user: string, amount: number, status: 'approved' | 'submitted') =>
        db
          .insertInto('expenses')
          .values(
            expenseRow(org.orgId, {
              expense_id: `${org.orgId}-x${n}`,
              user_id: user,
              date: '2026-02-10',
              category_id: org.categories[0] ?? '',
              base_amount: amount,
              status,
              deal_id: dealId,
            }),
          )
          .execute();
      await add(1, org.users.rep, 1000, 'approved');
      await add(2, org.users.mona, 2500, 'approved');
      await add(3, org.users.rep, 400, 'submitted');

      const before = await runDefaultReport(ctx, 'won-deals-by-month', {}, PAGE);
      expect(before.totals).toMatchObject({ spent: 0, pending: 0, deal_count: 0 });

      await db
        .insertInto('deals')
        .values({
          deal_id: dealId,
          org_id: org.orgId,
          deal_name: 'Late deal',
          stage: 'Closed Won',
          forecast_type: 'Closed Won',
          amount: 100000,
          currency_code: 'USD',
          closing_date: '2026-03-15',
          owner_id: org.users.rep,
          account_id: null,
          contact_id: null,
          created_time: '2026-01-01T00:00:00.000Z',
          last_modified_time: '2026-01-01T00:00:00.000Z',
        })
        .execute();
      const won = await runDefaultReport(ctx, 'won-deals-by-month', {}, PAGE);
      expect(won.totals).toMatchObject({ spent: 3500, pending: 400, expense_count: 3, deal_count: 1 });
      expect(won.tables[0]?.rows).toEqual([
        { month: '2026-03', spent: 3500, pending: 400, expense_count: 3, deal_count: 1 },
      ]);
      const spenders = await runDefaultReport(ctx, 'deal-spenders', {}, PAGE);
      expect(spenders.tables[1]?.rows.map((r) => [r.user_id, r.spent, r.most_on_a_deal])).toEqual([
        [org.users.mona, 2500, 2500],
        [org.users.rep, 1000, 1000],
      ]);
      expect(await reconcileRollups(db, org.orgId)).toEqual({ drift: [] });

      await db.deleteFrom('deals').where('deal_id', '=', dealId).execute();
      const after = await runDefaultReport(ctx, 'won-deals-by-month', {}, PAGE);
      expect(after.totals).toMatchObject({ spent: 0, pending: 0, deal_count: 0 });
      const perDeal = await runDefaultReport(ctx, 'spend-per-deal', {}, PAGE);
      expect(perDeal.tables[0]?.rows.find((r) => r.deal_id === dealId)).toMatchObject({
        spent: 3500,
        pending: 400,
      });
      expect(await reconcileRollups(db, org.orgId)).toEqual({ drift: [] });
    } finally {
      await handle.destroy();
    }
  });
});
