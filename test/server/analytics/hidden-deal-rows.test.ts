/**
 * Potentials mode 'user': a rep's own spend on deals they cannot see still counts in every total,
 * but no analytics answer (default reports, CSV, saved runs and exports, ad-hoc runs) names or
 * describes those deals: they are one row "Deals you cannot see" with no deal id or details, their
 * stage is "Not visible", and the outcome filter (so the won and lost reports) never matches them.
 * Admins, and everyone in mode 'all', still see every deal.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/dialects.js';
import { as } from '../../helpers/test-app.js';
import { hiddenDealsWorld } from './hidden-deals-world.js';

type Row = Record<string, string | number | null>;
interface Report {
  tables: Array<{ table_id: string; rows: Row[] }>;
  totals: Row;
}

async function setup(dialect: (typeof DIALECTS)[number]) {
  const w = await hiddenDealsWorld(dialect);
  const ok = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await w.send(who, method, url, payload);
    expect(res.status, `${method} ${url}: ${res.body}`).toBe(200);
    return res.body;
  };
  const report = async (who: string, url: string): Promise<Report> =>
    JSON.parse(await ok(who, 'GET', url)).report;
  const run = async (who: string, spec: object): Promise<Report> =>
    JSON.parse(await ok(who, 'POST', '/run', { spec })).report;
  return { ...w, send: ok, report, run };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Nothing in `text` names, identifies or describes deal1 or deal2 (the rep's hidden deals). */
function expectNoTraceOfHiddenDeals(s: Setup, text: string, what: string) {
  for (const d of [s.deal1, s.deal2]) {
    expect(text, what).not.toContain(d.deal_id);
    expect(text, what).not.toContain(`Deal ${s.org.deals.indexOf(d)}`);
  }
  for (const detail of ['Closed Won', 'Closed Lost', 'ray', 'sam', '2026-02-10', '2026-02-28']) {
    expect(text, `${what}: ${detail}`).not.toContain(detail);
  }
}

const HIDDEN_ROW = {
  deal_id: null,
  deal_name: 'Deals you cannot see',
  account_id: null,
  account_name: null,
  owner_id: null,
  owner_name: null,
  stage: null,
  forecast_type: null,
  deal_amount: null,
  deal_currency_code: null,
  closing_date: null,
  cost_to_deal_ratio: null,
};

const BY_DEAL = { source: 'expenses', dimensions: ['deal'], measures: ['total', 'count'], filters: {} };

describe.each(DIALECTS)('analytics rows for deals the caller cannot see (%s)', (dialect) => {
  it("with potentials_mode 'user', the rep's spend on hidden deals is one unnamed row in the deal tables, JSON and CSV", async () => {
    const s = await setup(dialect);
    const rep = s.org.emails.rep;

    const spd = await s.report(rep, '/spend-per-deal');
    const rows = spd.tables[0]?.rows ?? [];
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual(expect.objectContaining({ deal_id: s.deal0.deal_id, deal_name: 'Deal 0' }));
    expect(rows).toContainEqual({ ...HIDDEN_ROW, spent: 60, pending: 3, expense_count: 3 });
    // Totals still hold the spend on hidden deals; they count as one deal, like their row.
    expect(spd.totals).toEqual({ spent: 70, pending: 3, expense_count: 4, deal_count: 2 });
    expectNoTraceOfHiddenDeals(s, JSON.stringify(rows), 'spend-per-deal');
    // Part of a month reads the raw expenses instead of the monthly rollups: the same rows.
    const filtered = await s.report(rep, '/spend-per-deal?date_from=2026-02-05&date_to=2026-02-20');
    expect(filtered.tables[0]?.rows).toEqual(rows);

    const csv = await s.send(rep, 'GET', '/spend-per-deal?format=csv');
    expect(csv).toContain('Deals you cannot see');
    expect(csv).toContain('Deal 0');
    expectNoTraceOfHiddenDeals(s, csv, 'spend-per-deal csv');

    // A saved report by deal, run and exported, and the same spec run unsaved, on expenses and reports.
    const saved = JSON.parse(
      (
        await s.app.inject({
          method: 'POST',
          url: '/api/v1/analytics/reports',
          headers: as(s.org.emails.admin),
          payload: { report_name: 'By deal', spec: BY_DEAL },
        })
      ).body,
    ).report.report_id as string;
    const hiddenGroup = { deal_id: null, deal: 'Deals you cannot see' };
    const savedRun = await s.report(rep, `/reports/${saved}/run`);
    expect(savedRun.tables[0]?.rows).toEqual([
      { ...hiddenGroup, total: 63, count: 3 },
      { deal_id: s.deal0.deal_id, deal: 'Deal 0', total: 10, count: 1 },
    ]);
    expect(savedRun.totals).toMatchObject({ total: 73, count: 4 });
    expectNoTraceOfHiddenDeals(s, JSON.stringify(savedRun.tables), 'saved run');
    const exported = await s.send(rep, 'GET', `/reports/${saved}/export.csv`);
    expect(exported).toContain('Deals you cannot see,63');
    expectNoTraceOfHiddenDeals(s, exported, 'saved export');
    const savedCsv = await s.send(rep, 'GET', `/reports/${saved}/run?format=csv`);
    expect(savedCsv).toBe(exported);

    const adhoc = await s.run(rep, BY_DEAL);
    expect(adhoc.tables[0]?.rows).toEqual(savedRun.tables[0]?.rows);
    const byReport = await s.run(rep, { ...BY_DEAL, source: 'reports' });
    expect(byReport.tables[0]?.rows).toEqual([
      { ...hiddenGroup, total: 63, count: 1 },
      { deal_id: s.deal0.deal_id, deal: 'Deal 0', total: 10, count: 1 },
    ]);
  });

  it("with potentials_mode 'user', grouping by stage puts hidden deals' spend under \"Not visible\", and outcome never matches them", async () => {
    const s = await setup(dialect);
    const rep = s.org.emails.rep;

    const byStage = await s.run(rep, { ...BY_DEAL, dimensions: ['stage'] });
    expect(byStage.tables[0]?.rows).toEqual([
      { stage: 'Not visible', total: 63, count: 3 },
      { stage: 'Negotiation', total: 10, count: 1 },
    ]);
    expect(byStage.totals).toMatchObject({ total: 73, count: 4 });
    expectNoTraceOfHiddenDeals(s, JSON.stringify(byStage), 'by stage');
    const byDealAndStage = await s.run(rep, { ...BY_DEAL, dimensions: ['deal', 'stage'] });
    expect(byDealAndStage.tables[0]?.rows).toContainEqual({
      deal_id: null,
      deal: 'Deals you cannot see',
      stage: 'Not visible',
      total: 63,
      count: 3,
    });

    // The won and lost reports are defined by the outcome: the rep's spend on ray's won deal and
    // sam's lost deal is in neither, so neither tells what became of those deals.
    for (const key of ['won-deals-by-month', 'lost-deals', 'deal-spenders']) {
      const r = await s.report(rep, `/${key}`);
      expect(r.totals.spent, key).toBe(0);
      for (const t of r.tables) expect(t.rows, `${key} ${t.table_id}`).toEqual([]);
      expectNoTraceOfHiddenDeals(s, await s.send(rep, 'GET', `/${key}?format=csv`), `${key} csv`);
    }

    // The outcome filter: nothing through a hidden deal, the rep's own open deal as before.
    const nothing = { spent: 0, pending: 0, expense_count: 0, deal_count: 0 };
    for (const outcome of ['Closed Won', 'Closed Lost']) {
      const q = `outcome=${encodeURIComponent(outcome)}`;
      const r = await s.report(rep, `/spend-per-deal?${q}`);
      expect(r.totals, outcome).toEqual(nothing);
      expect(r.tables[0]?.rows, outcome).toEqual([]);
      const adhoc = await s.run(rep, { ...BY_DEAL, filters: { outcome } });
      expect(adhoc.tables[0]?.rows, outcome).toEqual([]);
      expect(adhoc.totals, outcome).toMatchObject({ total: 0, count: 0 });
    }
    const open = await s.report(rep, '/spend-per-deal?outcome=Open');
    expect(open.totals).toEqual({ spent: 10, pending: 0, expense_count: 1, deal_count: 1 });
    expect(open.tables[0]?.rows.map((r) => r.deal_id)).toEqual([s.deal0.deal_id]);

    // mona (approver over the rep) owns only deal3: the rep's spend on every other deal is hidden from her too.
    const team = await s.report(s.org.emails.mona, '/spend-per-deal');
    expect(team.tables[0]?.rows).toContainEqual({ ...HIDDEN_ROW, spent: 70, pending: 3, expense_count: 4 });
    expect(team.totals).toMatchObject({ spent: 75, pending: 3, expense_count: 5 });
  });

  it('an admin, and everyone in potentials_mode all, sees every deal by name, stage and outcome', async () => {
    const s = await setup(dialect);
    const admin = s.org.emails.admin;
    const spd = await s.report(admin, '/spend-per-deal');
    const names = (spd.tables[0]?.rows ?? []).map((r) => r.deal_name);
    expect(names).toEqual(['Deal 2', 'Deal 1', 'Deal 0', 'Deal 3']);
    expect(spd.tables[0]?.rows).toContainEqual(
      expect.objectContaining({ deal_id: s.deal1.deal_id, stage: 'Closed Won', owner_name: 'ray' }),
    );
    const byStage = await s.run(admin, { ...BY_DEAL, dimensions: ['stage'] });
    expect(byStage.tables[0]?.rows).toEqual([
      { stage: 'Closed Lost', total: 40, count: 1 },
      { stage: 'Closed Won', total: 28, count: 3 },
      { stage: 'Negotiation', total: 10, count: 1 },
    ]);
    expect((await s.report(admin, '/won-deals-by-month')).totals).toMatchObject({ spent: 25, pending: 3 });
    const won = await s.report(admin, '/spend-per-deal?outcome=Closed%20Won');
    expect(won.totals).toMatchObject({ spent: 25, pending: 3, deal_count: 2 });

    await s.potentials('all');
    const rep = s.org.emails.rep;
    const repRows = (await s.report(rep, '/spend-per-deal')).tables[0]?.rows ?? [];
    expect(repRows.map((r) => r.deal_name)).toEqual(['Deal 2', 'Deal 1', 'Deal 0']);
    expect(repRows.some((r) => r.deal_id === null)).toBe(false);
    expect((await s.report(rep, '/lost-deals')).totals).toMatchObject({ spent: 40 });
    const repStages = await s.run(rep, { ...BY_DEAL, dimensions: ['stage'] });
    expect(repStages.tables[0]?.rows.map((r) => r.stage)).toEqual([
      'Closed Lost',
      'Closed Won',
      'Negotiation',
    ]);
  });
});
