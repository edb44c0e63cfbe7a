import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../server/domain/analytics/csv.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { as, buildTestApp } from '../../helpers/test-app.js';
import { expenseRow, seedAnalyticsOrg } from './analytics-fixture.js';

async function setup(dialect: (typeof DIALECTS)[number]) {
  const t = await buildTestApp(dialect);
  const org = await seedAnalyticsOrg(t.db, 'acme');
  const other = await seedAnalyticsOrg(t.db, 'globex');
  const [won, , lost] = [org.deals[1], org.deals[2], org.deals[2]];
  let n = 0;
  const add = async (
    user: string,
    dealId: string | null,
    amount: number,
    status: 'submitted' | 'approved' | 'unreported' | 'reimbursed',
    date = '2026-02-10',
  ) => {
    const id = `x${n++}`;
    await t.db
      .insertInto('expenses')
      .values(
        expenseRow(org.orgId, {
          expense_id: id,
          user_id: user,
          date,
          category_id: org.categories[0] ?? '',
          base_amount: amount,
          status,
          deal_id: dealId,
          customer_id: org.customers[0] ?? null,
        }),
      )
      .execute();
    return id;
  };
  const get = (url: string, who: string, orgId?: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/analytics${url}`, headers: as(who, orgId) });
  return { ...t, org, other, won: won!, lost: lost!, add, get };
}

describe.each(DIALECTS)('analytics routes (%s)', (dialect) => {
  it('spend per deal shows spent and pending in base-currency decimals with the cost-to-deal ratio', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.won.deal_id, 12345, 'approved');
    await s.add(s.org.users.ray, s.won.deal_id, 5000, 'reimbursed');
    await s.add(s.org.users.rep, s.won.deal_id, 250, 'submitted');
    await s.add(s.org.users.rep, s.won.deal_id, 999999, 'unreported');
    const res = await s.get('/spend-per-deal', s.org.emails.admin);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json().report;
    expect(report.currency_code).toBe('USD');
    const row = report.tables[0].rows.find((r: { deal_id: string }) => r.deal_id === s.won.deal_id);
    // Deal 1 amount is 2,000.00 USD; spent 173.45 → ratio 0.0867.
    expect(row).toMatchObject({
      spent: 173.45,
      pending: 2.5,
      expense_count: 3,
      deal_amount: 2000,
      cost_to_deal_ratio: 0.0867,
    });
    expect(report.totals).toMatchObject({ spent: 173.45, pending: 2.5, expense_count: 3 });
  });

  it('a just-approved expense counts as spent in every report at once', async () => {
    const s = await setup(dialect);
    const id = await s.add(s.org.users.rep, s.won.deal_id, 7000, 'submitted');
    const before = (await s.get('/won-deals-by-month', s.org.emails.admin)).json().report;
    expect(before.totals).toMatchObject({ spent: 0, pending: 70 });
    await s.db.updateTable('expenses').set({ status: 'approved' }).where('expense_id', '=', id).execute();
    const after = (await s.get('/won-deals-by-month', s.org.emails.admin)).json().report;
    expect(after.totals).toMatchObject({ spent: 70, pending: 0 });
    const spenders = (await s.get('/deal-spenders', s.org.emails.admin)).json().report;
    expect(spenders.tables[0].rows[0]).toMatchObject({
      deal_id: s.won.deal_id,
      user_id: s.org.users.rep,
      spent: 70,
      rank: 1,
    });
    const summary = (await s.get(`/deals/${s.won.deal_id}/summary`, s.org.emails.admin)).json().summary;
    expect(summary).toMatchObject({ spent: 70, pending: 0, expense_count: 1 });
  });

  it('submitters see their own spend, approvers their team’s, admins the whole organisation’s', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.won.deal_id, 100, 'approved');
    await s.add(s.org.users.ray, s.won.deal_id, 200, 'approved');
    await s.add(s.org.users.mona, s.won.deal_id, 400, 'approved');
    await s.add(s.org.users.sam, s.won.deal_id, 800, 'approved');
    const spent = async (who: string) => (await s.get('/spend-per-deal', who)).json().report.totals.spent;
    expect(await spent(s.org.emails.rep)).toBe(1);
    expect(await spent(s.org.emails.sam)).toBe(8);
    expect(await spent(s.org.emails.mona)).toBe(7);
    expect(await spent(s.org.emails.admin)).toBe(15);
    const summary = (await s.get(`/deals/${s.won.deal_id}/summary`, s.org.emails.rep)).json().summary;
    expect(summary.by_person.map((p: { user_id: string }) => p.user_id)).toEqual([s.org.users.rep]);
  });

  it('filters narrow every default report and a reversed date range is a 400', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.lost.deal_id, 100, 'approved', '2026-01-31');
    await s.add(s.org.users.rep, s.lost.deal_id, 300, 'approved', '2026-02-01');
    const feb = (
      await s.get('/lost-deals?date_from=2026-02-01&date_to=2026-02-15', s.org.emails.admin)
    ).json().report;
    expect(feb.totals.spent).toBe(3);
    expect(feb.tables.find((t: { table_id: string }) => t.table_id === 'by_expense_month').rows).toEqual([
      { month: '2026-02', spent: 3, pending: 0, expense_count: 1, deal_count: 1 },
    ]);
    const bad = await s.get('/lost-deals?date_from=2026-03-01&date_to=2026-02-01', s.org.emails.admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/date_from/);
    const unknown = await s.get('/no-such-report', s.org.emails.admin);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe(6500);
  });

  it('exports a default report as CSV with a header row and correctly quoted fields', async () => {
    const s = await setup(dialect);
    await s.db
      .updateTable('deals')
      .set({ deal_name: 'Big, "quoted" deal' })
      .where('deal_id', '=', s.won.deal_id)
      .execute();
    await s.add(s.org.users.rep, s.won.deal_id, 1050, 'approved');
    const res = await s.get('/spend-per-deal?format=csv', s.org.emails.admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="spend-per-deal-deals.csv"/);
    const rows = parseCsv(res.body);
    expect(rows[0]?.[0]).toBe('Deal');
    expect(rows[1]?.[0]).toBe('Big, "quoted" deal');
    expect(rows[1]).toContain('10.5');
  });

  it('saved reports: save as new, run, export, rename, stale rename, delete; other orgs get 404', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.won.deal_id, 1000, 'approved');
    await s.add(s.org.users.ray, s.lost.deal_id, 500, 'submitted');
    const headers = as(s.org.emails.mona);
    const spec = {
      source: 'expenses',
      dimensions: ['spender'],
      measures: ['total', 'count'],
      filters: {},
      sort: { by: 'total', order: 'desc' },
    };
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/reports',
      headers,
      payload: { report_name: 'By spender', spec, based_on: 'spend-per-deal' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json().report;
    const run = await s.get(`/reports/${saved.report_id}/run`, s.org.emails.mona);
    expect(run.json().report.tables[0].rows).toEqual([
      { spender_id: s.org.users.rep, spender: 'rep', total: 10, count: 1 },
      { spender_id: s.org.users.ray, spender: 'ray', total: 5, count: 1 },
    ]);
    const csv = await s.get(`/reports/${saved.report_id}/export.csv`, s.org.emails.mona);
    expect(parseCsv(csv.body)).toEqual([
      ['Spender', 'Total', 'Count'],
      ['rep', '10', '1'],
      ['ray', '5', '1'],
    ]);
    const renamed = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${saved.report_id}`,
      headers,
      payload: { report_name: 'Spend by person', last_modified_time: saved.last_modified_time },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().report.report_name).toBe('Spend by person');
    const stale = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${saved.report_id}`,
      headers,
      payload: { report_name: 'Lost', last_modified_time: saved.last_modified_time },
    });
    expect(stale.statusCode).toBe(409);
    const notAuthor = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/analytics/reports/${saved.report_id}`,
      headers: as(s.org.emails.rep),
    });
    expect(notAuthor.statusCode).toBe(403);
    const otherOrg = await s.get(`/reports/${saved.report_id}`, s.other.emails.admin);
    expect(otherOrg.statusCode).toBe(404);
    const del = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/analytics/reports/${saved.report_id}`,
      headers,
    });
    expect(del.statusCode).toBe(200);
    expect((await s.get('/reports', s.org.emails.mona)).json().reports).toEqual([]);
  });

  it('an invalid report definition is a 400 that names the problem and saves nothing', async () => {
    const s = await setup(dialect);
    const headers = as(s.org.emails.admin);
    const onDeals = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/reports',
      headers,
      payload: {
        report_name: 'x',
        spec: { source: 'deals', dimensions: ['category'], measures: ['total'], filters: {} },
      },
    });
    expect(onDeals.statusCode).toBe(400);
    expect(onDeals.json()).toMatchObject({ code: 6502, message: expect.stringMatching(/category/) });
    const badSort = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/run',
      headers,
      payload: {
        spec: {
          source: 'expenses',
          dimensions: ['deal'],
          measures: ['count'],
          filters: {},
          sort: { by: 'month', order: 'asc' },
        },
      },
    });
    expect(badSort.statusCode).toBe(400);
    const unknownDim = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/run',
      headers,
      payload: { spec: { source: 'expenses', dimensions: ['colour'], measures: ['count'], filters: {} } },
    });
    expect(unknownDim.statusCode).toBe(400);
    expect((await s.get('/reports', s.org.emails.admin)).json().reports).toEqual([]);
  });

  it('groups without a value come last whichever way a report is sorted by them, on both databases', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.won.deal_id, 1000, 'approved');
    await s.add(s.org.users.rep, s.org.deals[0]!.deal_id, 500, 'approved');
    await s.add(s.org.users.rep, null, 200, 'approved');
    const run = async (spec: object) => {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/v1/analytics/run',
        headers: as(s.org.emails.admin),
        payload: { spec },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().report.tables[0].rows as Array<Record<string, unknown>>;
    };
    // Deals by closing month: one deal has no closing date.
    const byMonth = (order: string) =>
      run({
        source: 'deals',
        dimensions: ['month'],
        measures: ['count'],
        filters: {},
        sort: { by: 'month', order },
      });
    expect((await byMonth('asc')).map((r) => r.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      null,
    ]);
    expect((await byMonth('desc')).map((r) => r.month)).toEqual([
      '2026-04',
      '2026-03',
      '2026-02',
      '2026-01',
      null,
    ]);
    // Spend by deal: one expense has no deal, so its group has no deal name.
    const byDeal = async (order: string) =>
      (
        await run({
          source: 'expenses',
          dimensions: ['deal'],
          measures: ['total'],
          filters: {},
          sort: { by: 'deal', order },
        })
      ).map((r) => [r.deal, r.total]);
    const named = [...(await byDeal('asc'))].slice(0, 2);
    expect(named.map(([, total]) => total).sort()).toEqual([10, 5]);
    expect(await byDeal('asc')).toEqual([...named, [null, 2]]);
    expect(await byDeal('desc')).toEqual([...named].reverse().concat([[null, 2]]));
  });

  it('every org gets one default dashboard; components can be added, reordered and removed', async () => {
    const s = await setup(dialect);
    const [a, b] = await Promise.all([
      s.get('/dashboards', s.org.emails.mona),
      s.get('/dashboards', s.org.emails.admin),
    ]);
    expect(a.json().dashboards).toHaveLength(1);
    expect(b.json().dashboards).toHaveLength(1);
    const dash = a.json().dashboards[0];
    expect(dash.is_default).toBe(true);
    expect(dash.components.map((c: { component_type: string }) => c.component_type)).toEqual([
      'kpi',
      'bar_chart',
      'line_chart',
      'table',
    ]);
    const headers = as(s.org.emails.mona);
    const added = await s.app.inject({
      method: 'POST',
      url: `/api/v1/analytics/dashboards/${dash.dashboard_id}/components`,
      headers,
      payload: {
        component_type: 'bar_chart',
        title: 'Lost deals',
        report_id: 'lost-deals',
        measure: 'spent',
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    const withNew = added.json().dashboard;
    expect(withNew.components).toHaveLength(5);
    const reordered = [...withNew.components].reverse();
    const put = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/dashboards/${dash.dashboard_id}`,
      headers,
      payload: { components: reordered, last_modified_time: withNew.last_modified_time },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().dashboard.components.map((c: { component_id: string }) => c.component_id)).toEqual(
      reordered.map((c) => c.component_id),
    );
    const removed = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/analytics/dashboards/${dash.dashboard_id}/components/${reordered[0].component_id}`,
      headers,
    });
    expect(removed.json().dashboard.components).toHaveLength(4);
    const delDefault = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/analytics/dashboards/${dash.dashboard_id}`,
      headers,
    });
    expect(delDefault.statusCode).toBe(409);
    const bySubmitter = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/dashboards',
      headers: as(s.org.emails.rep),
      payload: { dashboard_name: 'Mine' },
    });
    expect(bySubmitter.statusCode).toBe(403);
    const unknownReport = await s.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/dashboards',
      headers,
      payload: {
        dashboard_name: 'X',
        components: [{ component_type: 'kpi', title: 'K', report_id: 'nope' }],
      },
    });
    expect(unknownReport.statusCode).toBe(404);
    expect((await s.get(`/dashboards/${dash.dashboard_id}`, s.other.emails.admin)).statusCode).toBe(404);
  });

  it('the deal summary gives spent, pending, each person and the ratio; other orgs’ deals are 404', async () => {
    const s = await setup(dialect);
    await s.add(s.org.users.rep, s.won.deal_id, 3000, 'approved');
    await s.add(s.org.users.ray, s.won.deal_id, 1000, 'submitted');
    const res = await s.get(`/deals/${s.won.deal_id}/summary`, s.org.emails.admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary).toMatchObject({
      spent: 30,
      pending: 10,
      expense_count: 2,
      deal_amount: 2000,
      cost_to_deal_ratio: 0.015,
      by_person: [
        { user_id: s.org.users.rep, spent: 30, pending: 0 },
        { user_id: s.org.users.ray, spent: 0, pending: 10 },
      ],
    });
    expect((await s.get(`/deals/${s.won.deal_id}/summary`, s.other.emails.admin)).statusCode).toBe(404);
  });

  it('reconciliation finds no drift, and only admins may run it', async () => {
    const s = await setup(dialect);
    const id = await s.add(s.org.users.rep, s.won.deal_id, 3000, 'approved');
    await s.db
      .updateTable('expenses')
      .set({ deal_id: s.lost.deal_id, date: '2026-03-01' })
      .where('expense_id', '=', id)
      .execute();
    const res = await s.get('/reconcile', s.org.emails.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().reconciliation).toEqual({ drift: [] });
    // Tampering with a rollup is reported.
    await s.db.updateTable('deal_spend').set({ total: 1 }).where('org_id', '=', s.org.orgId).execute();
    expect((await s.get('/reconcile', s.org.emails.admin)).json().reconciliation.drift).toHaveLength(1);
    expect((await s.get('/reconcile', s.org.emails.mona)).statusCode).toBe(403);
  });
});
