/**
 * Potentials mode 'user': a member's own spend on a deal they cannot see still counts, but the
 * owner and stage filters never match it, so filtering by that deal's owner or stage answers
 * exactly as filtering by one that matches nothing the member may see.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/dialects.js';
import { hiddenDealsWorld } from './hidden-deals-world.js';

type Answer = { status: number; body: string };

describe.each(DIALECTS)('analytics owner and stage filters over hidden deals (%s)', (dialect) => {
  it("with potentials_mode 'user', a hidden deal's owner or stage filters every report as one matching nothing", async () => {
    const s = await hiddenDealsWorld(dialect);
    const { users, emails, deals } = s.org;
    const { deal0, deal1, deal2, deal3 } = s;

    const saved = await s.send(emails.admin, 'POST', '/reports', {
      report_name: 'By deal',
      spec: { source: 'expenses', dimensions: ['deal'], measures: ['total', 'count'], filters: {} },
    });
    expect(saved.status, saved.body).toBe(201);
    const savedId = JSON.parse(saved.body).report.report_id as string;

    /** Every report that takes owner_id and stage, filtered by `qs` (e.g. "stage=X"). */
    const everyReport = (who: string, filter: Record<string, string>): [string, () => Promise<Answer>][] => {
      const qs = new URLSearchParams(filter).toString();
      const run = (source: string, dimension: string) => () =>
        s.send(who, 'POST', '/run', {
          spec: { source, dimensions: [dimension], measures: ['total', 'count'], filters: filter },
        });
      return [
        ...['spend-per-deal', 'deal-spenders', 'won-deals-by-month', 'lost-deals'].flatMap(
          (key): [string, () => Promise<Answer>][] => [
            [key, () => s.send(who, 'GET', `/${key}?${qs}`)],
            [`${key} csv`, () => s.send(who, 'GET', `/${key}?${qs}&format=csv`)],
          ],
        ),
        ['saved run', () => s.send(who, 'GET', `/reports/${savedId}/run?${qs}`)],
        ['saved export', () => s.send(who, 'GET', `/reports/${savedId}/export.csv?${qs}`)],
        ['run expenses', run('expenses', 'deal')],
        ['run reports', run('reports', 'deal')],
        ['run deals', run('deals', 'stage')],
      ];
    };

    // The rep sees deal0 (and deal4); mona, an approver over the rep, sees only deal3.
    const cases = [
      { who: emails.rep, hidden: [deal1, deal2], visible: [deal0, deals[4]] },
      { who: emails.mona, hidden: [deal0, deal1, deal2], visible: [deal3] },
    ];
    let compared = 0;
    for (const { who, hidden, visible } of cases) {
      for (const h of hidden) {
        const filters: [Record<string, string>, Record<string, string>][] = [
          [{ owner_id: h.owner_id }, { owner_id: 'nobody' }],
        ];
        // A stage some visible deal has would rightly match that deal, so only compare the others.
        if (!visible.some((v) => v?.stage === h.stage)) {
          filters.push([{ stage: h.stage }, { stage: 'No such stage' }]);
        }
        for (const [byHidden, byNothing] of filters) {
          const nothing = everyReport(who, byNothing);
          for (const [i, [name, ask]] of everyReport(who, byHidden).entries()) {
            const want = await nothing[i]?.[1]();
            expect(want?.status, `${name} ${who}`).toBe(200);
            const got = await ask();
            expect(got, `${name} ${who} ${JSON.stringify(byHidden)}`).toEqual(want);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);

    // Unfiltered, the rep's spend on hidden deals still counts; filters still work on seen deals.
    const totals = async (who: string, qs = '') =>
      JSON.parse((await s.send(who, 'GET', `/spend-per-deal?${qs}`)).body).report.totals;
    expect(await totals(emails.rep)).toMatchObject({ spent: 70, pending: 3, expense_count: 4 });
    expect(await totals(emails.rep, 'stage=Negotiation')).toMatchObject({ spent: 10, expense_count: 1 });
    expect(await totals(emails.rep, `owner_id=${users.rep}`)).toMatchObject({ spent: 10 });
    expect(await totals(emails.mona, `owner_id=${users.mona}`)).toMatchObject({ spent: 5 });
    // An admin sees every deal, so the same filters find the rep's spend on ray's deal.
    expect(await totals(emails.admin, `owner_id=${users.ray}`)).toMatchObject({ spent: 20, pending: 3 });
    expect(await totals(emails.admin, 'stage=Closed%20Won')).toMatchObject({ spent: 25, pending: 3 });
  });
});
