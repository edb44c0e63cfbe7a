/**
 * The world of the hidden-deal analytics tests: the analytics organisation in potentials mode
 * 'user', where the rep has spend on their own deal and on deals they cannot see.
 * deal0: the rep's own, Negotiation (open); deal1: ray's, Closed Won; deal2: sam's, Closed Lost;
 * deal3: mona's, Closed Won.
 */
import type { DIALECTS } from '../../helpers/dialects.js';
import { as, buildTestApp } from '../../helpers/test-app.js';
import { expenseRow, seedAnalyticsOrg } from './analytics-fixture.js';

export async function hiddenDealsWorld(dialect: (typeof DIALECTS)[number]) {
  const t = await buildTestApp(dialect);
  const org = await seedAnalyticsOrg(t.db, 'acme');
  let n = 0;
  const add = async (user: string, dealId: string, amount: number, status: 'approved' | 'submitted') => {
    await t.db
      .insertInto('expenses')
      .values(
        expenseRow(org.orgId, {
          expense_id: `x${n++}`,
          user_id: user,
          date: '2026-02-10',
          category_id: org.categories[0] ?? '',
          base_amount: amount,
          status,
          deal_id: dealId,
          customer_id: org.customers[0] ?? null,
          report_id: `${org.orgId}-r1`,
        }),
      )
      .execute();
  };
  /** An analytics request (`url` under /api/v1/analytics) as `who`: its status and body. */
  const send = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({
      method,
      url: `/api/v1/analytics${url}`,
      headers: as(who),
      ...(payload ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.body };
  };
  const potentials = async (mode: 'user' | 'all') => {
    await t.db
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ potentials_mode: mode }) })
      .where('org_id', '=', org.orgId)
      .execute();
  };
  const { users, deals } = org;
  const [deal0, deal1, deal2, deal3] = [deals[0], deals[1], deals[2], deals[3]];
  if (!deal0 || !deal1 || !deal2 || !deal3) throw new Error('fixture deals');
  await add(users.rep, deal0.deal_id, 1000, 'approved');
  await add(users.rep, deal1.deal_id, 2000, 'approved');
  await add(users.rep, deal1.deal_id, 300, 'submitted');
  await add(users.rep, deal2.deal_id, 4000, 'approved');
  await add(users.mona, deal3.deal_id, 500, 'approved');
  await potentials('user');
  return { ...t, org, send, potentials, deal0, deal1, deal2, deal3 };
}
