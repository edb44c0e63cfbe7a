import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpenseRow, ExpenseStatus } from '../../../server/db/schema.js';
import {
  DEFAULT_REPORT_KEYS,
  type DefaultReportKey,
} from '../../../server/domain/analytics/default-reports.js';
import type { ReportFilters, SpendStatus } from '../../../server/domain/analytics/report-spec.js';
import { runDefaultReport } from '../../../server/modules/analytics/default-report-queries.js';
import type { Scope } from '../../../server/modules/analytics/facts.js';
import { HIDDEN_DEALS_LABEL, NOT_VISIBLE_STAGE } from '../../../server/modules/analytics/hidden-deals.js';
import { reconcileRollups } from '../../../server/modules/analytics/rollups.js';
import { runSpec } from '../../../server/modules/analytics/spec-query.js';
import { orgDeals, ownDeals } from '../../../server/modules/deals/visible-deals.js';
import { DIALECTS, openTestDatabase } from '../../helpers/dialects.js';
import { type AnalyticsOrg, expenseRow, seedAnalyticsOrg } from './analytics-fixture.js';

const STATUSES: ExpenseStatus[] = [
  'unreported',
  'unsubmitted',
  'submitted',
  'approved',
  'rejected',
  'reimbursed',
];
const BUCKET: Record<ExpenseStatus, SpendStatus | 'other'> = {
  unreported: 'other',
  unsubmitted: 'other',
  submitted: 'pending',
  approved: 'spent',
  rejected: 'other',
  reimbursed: 'spent',
};

/** Days around month edges come up often, so expenses land exactly on range bounds. */
const dayArb = fc.oneof(
  fc.constantFrom(
    '2026-01-01',
    '2026-01-15',
    '2026-01-31',
    '2026-02-01',
    '2026-02-28',
    '2026-03-01',
    '2026-03-31',
  ),
  fc.integer({ min: 0, max: 119 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)),
);

type Command =
  | {
      op: 'insert';
      user: number;
      deal: number;
      category: number;
      customer: number;
      date: string;
      amount: number;
      status: ExpenseStatus;
      report: number;
    }
  | { op: 'status'; at: number; status: ExpenseStatus }
  | { op: 'move'; at: number; date: string; deal: number; amount: number }
  | { op: 'delete'; at: number }
  | { op: 'deal'; deal: number; outcome: DealOutcome; closing: string | null };

type DealOutcome = 'Open' | 'Closed Won' | 'Closed Lost';
const STAGE_OF: Record<DealOutcome, string> = {
  Open: 'Negotiation',
  'Closed Won': 'Closed Won',
  'Closed Lost': 'Closed Lost',
};

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      // Often rep (index 2), whom the narrowed scopes and potentials mode 'user' are about.
      user: fc.oneof(fc.constant(2), fc.nat(4)),
      deal: fc.nat(6),
      category: fc.nat(2),
      customer: fc.nat(2),
      date: dayArb,
      amount: fc.integer({ min: 1, max: 500000 }),
      status: fc.constantFrom(...STATUSES),
      report: fc.nat(3),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('status' as const),
      at: fc.nat(),
      status: fc.constantFrom(...STATUSES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      at: fc.nat(),
      date: dayArb,
      deal: fc.nat(6),
      amount: fc.integer({ min: 1, max: 500000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    // A deal is won, lost or reopened, or its closing date moves, after its expenses exist.
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('deal' as const),
      deal: fc.nat(5),
      outcome: fc.constantFrom<DealOutcome>('Open', 'Closed Won', 'Closed Lost'),
      closing: fc.option(dayArb, { nil: null }),
    }),
  },
);

const FILTER_KEYS = [
  'date_from',
  'date_to',
  'user',
  'category',
  'customer',
  'owner',
  'department',
  'stage',
  'status',
] as const;

/** A few filters at a time (all of them at once would almost always match nothing). */
const filtersArb = fc
  .tuple(
    fc.record({
      date_from: dayArb,
      date_to: dayArb,
      user: fc.nat(4),
      category: fc.nat(2),
      customer: fc.nat(1),
      owner: fc.nat(4),
      department: fc.nat(1),
      stage: fc.constantFrom('Negotiation', 'Closed Won', 'Closed Lost'),
      status: fc.subarray(['spent', 'pending'] as SpendStatus[], { minLength: 1 }),
    }),
    fc.subarray([...FILTER_KEYS], { maxLength: 3 }),
  )
  .map(([all, keys]) => {
    const picked: Partial<typeof all> = {};
    for (const k of keys) Object.assign(picked, { [k]: all[k] });
    return picked;
  });

const scopeArb = fc.constantFrom('org', 'team', 'self');

function scopeOf(kind: string, org: AnalyticsOrg): Scope {
  if (kind === 'team') return { kind: 'team', userId: org.users.mona };
  if (kind === 'self') return { kind: 'self', userId: org.users.rep };
  return { kind: 'org' };
}

let orgCounter = 0;

describe.each(DIALECTS)('report totals equal naive sums over the raw rows (%s)', (dialect) => {
  it('holds for any expenses, status changes, moves, deletes and deal outcome changes, under any filters and role', async () => {
    const handle = await openTestDatabase(dialect);
    const { db } = handle;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(commandArb, { minLength: 1, maxLength: 30 }),
          filtersArb,
          scopeArb,
          fc.constantFrom('spender', 'category', 'month', 'deal', 'department', 'customer', 'stage'),
          fc.constantFrom('expenses', 'reports'),
          // Potentials mode 'user': a non-admin sees only the deals they own.
          fc.constantFrom('all', 'user'),
          async (commands, rawFilters, scopeKind, dimension, source, potentials) => {
            orgCounter++;
            const org = await seedAnalyticsOrg(db, `p${orgCounter}${dialect[0]}`);
            const userIds = Object.values(org.users);
            const ids: string[] = [];
            let n = 0;
            for (const c of commands) {
              if (c.op === 'insert') {
                const id = `${org.orgId}-e${n++}`;
                await db
                  .insertInto('expenses')
                  .values(
                    expenseRow(org.orgId, {
                      expense_id: id,
                      user_id: userIds[c.user] ?? org.users.rep,
                      date: c.date,
                      category_id: org.categories[c.category] ?? '',
                      base_amount: c.amount,
                      status: c.status,
                      deal_id: c.deal === 6 ? null : (org.deals[c.deal]?.deal_id ?? null),
                      customer_id: org.customers[c.customer] ?? null,
                      report_id: c.report === 3 ? null : `${org.orgId}-r${c.report}`,
                    }),
                  )
                  .execute();
                ids.push(id);
              } else if (c.op === 'deal') {
                await db
                  .updateTable('deals')
                  .set({ forecast_type: c.outcome, stage: STAGE_OF[c.outcome], closing_date: c.closing })
                  .where('deal_id', '=', org.deals[c.deal]?.deal_id ?? '')
                  .execute();
              } else if (ids.length > 0) {
                const id = ids[c.at % ids.length] ?? '';
                if (c.op === 'status')
                  await db
                    .updateTable('expenses')
                    .set({ status: c.status })
                    .where('expense_id', '=', id)
                    .execute();
                if (c.op === 'move') {
                  await db
                    .updateTable('expenses')
                    .set({
                      date: c.date,
                      base_amount: c.amount,
                      deal_id: c.deal === 6 ? null : (org.deals[c.deal]?.deal_id ?? null),
                    })
                    .where('expense_id', '=', id)
                    .execute();
                }
                if (c.op === 'delete') {
                  await db.deleteFrom('expenses').where('expense_id', '=', id).execute();
                  ids.splice(ids.indexOf(id), 1);
                }
              }
            }

            const filters: ReportFilters = {
              date_from: rawFilters.date_from,
              date_to: rawFilters.date_to,
              user_id: rawFilters.user === undefined ? undefined : userIds[rawFilters.user],
              category_id:
                rawFilters.category === undefined ? undefined : org.categories[rawFilters.category],
              customer_id: rawFilters.customer === undefined ? undefined : org.customers[rawFilters.customer],
              owner_id: rawFilters.owner === undefined ? undefined : userIds[rawFilters.owner],
              department_id:
                rawFilters.department === undefined ? undefined : org.departments[rawFilters.department],
              stage: rawFilters.stage,
              status: rawFilters.status,
            };
            const scope = scopeOf(scopeKind, org);
            const raw = await db.selectFrom('expenses').selectAll().where('org_id', '=', org.orgId).execute();
            const users = await db.selectFrom('users').selectAll().where('org_id', '=', org.orgId).execute();
            const deals = await db.selectFrom('deals').selectAll().where('org_id', '=', org.orgId).execute();
            const dealOf = new Map(deals.map((d) => [d.deal_id, d]));
            const viewer = scope.kind === 'org' || potentials === 'all' ? null : scope.userId;
            const sees = (d: { owner_id: string | null }) => viewer === null || d.owner_id === viewer;
            /** The deal id a report shows for an expense: null for a deal the caller may not see. */
            const shownDeal = (e: ExpenseRow): string | null => {
              const d = e.deal_id ? dealOf.get(e.deal_id) : undefined;
              return e.deal_id && (viewer === null || (d && sees(d))) ? e.deal_id : null;
            };
            const userOf = new Map(users.map((u) => [u.user_id, u]));

            /** The naive filter: every rule written out again over plain objects. */
            const keep = (e: ExpenseRow, buckets: SpendStatus[], outcome?: string) => {
              const b = BUCKET[e.status];
              if (b === 'other' || !buckets.includes(b)) return false;
              if (filters.date_from && e.date < filters.date_from) return false;
              if (filters.date_to && e.date > filters.date_to) return false;
              if (filters.user_id && e.user_id !== filters.user_id) return false;
              if (filters.category_id && e.category_id !== filters.category_id) return false;
              if (filters.customer_id && e.customer_id !== filters.customer_id) return false;
              if (filters.department_id && userOf.get(e.user_id)?.department_id !== filters.department_id)
                return false;
              if (scope.kind === 'self' && e.user_id !== scope.userId) return false;
              if (
                scope.kind === 'team' &&
                e.user_id !== scope.userId &&
                userOf.get(e.user_id)?.manager_id !== scope.userId
              )
                return false;
              if (filters.owner_id || filters.stage || outcome) {
                const d = e.deal_id ? dealOf.get(e.deal_id) : undefined;
                if (!d) return false;
                // Owner, stage and outcome match only deals the caller sees; a hidden deal's are unknown.
                if (!sees(d)) return false;
                if (filters.owner_id && d.owner_id !== filters.owner_id) return false;
                if (filters.stage && d.stage !== filters.stage) return false;
                if (outcome && d.forecast_type !== outcome) return false;
              }
              return true;
            };
            const sumBy = <K>(rows: ExpenseRow[], key: (e: ExpenseRow) => K) => {
              const m = new Map<K, { spent: number; pending: number; count: number; deals: Set<string> }>();
              for (const e of rows) {
                const k = key(e);
                const acc = m.get(k) ?? { spent: 0, pending: 0, count: 0, deals: new Set<string>() };
                if (BUCKET[e.status] === 'spent') acc.spent += e.base_amount;
                else acc.pending += e.base_amount;
                acc.count++;
                if (e.deal_id) acc.deals.add(e.deal_id);
                m.set(k, acc);
              }
              return m;
            };
            const buckets = filters.status ?? ['spent', 'pending'];
            const ctx = {
              db,
              orgId: org.orgId,
              baseCurrency: 'USD',
              scope,
              deals: viewer === null ? orgDeals(db, org.orgId) : ownDeals(db, org.orgId, viewer),
              seesEveryDeal: viewer === null,
              today: '2026-06-01',
            };
            const page = { page: 1, perPage: 200 };
            /** Every result of this run, searched at the end for any trace of a hidden deal. */
            const shown: unknown[] = [];

            // Spend per deal.
            // Spend on deals the caller may not see is one row, deal_id null, with no deal details.
            const onDeals = raw.filter((e) => e.deal_id && keep(e, buckets));
            const perDeal = sumBy(onDeals, shownDeal);
            const spd = await runDefaultReport(ctx, 'spend-per-deal', filters, page);
            shown.push(spd);
            const spdRows = spd.tables[0]?.rows ?? [];
            expect(spdRows.length).toBe(perDeal.size);
            for (const r of spdRows) {
              const exp = perDeal.get(r.deal_id === null ? null : String(r.deal_id));
              expect([r.spent, r.pending, r.expense_count]).toEqual([exp?.spent, exp?.pending, exp?.count]);
              if (r.deal_id === null) {
                expect(r).toMatchObject({
                  deal_name: HIDDEN_DEALS_LABEL,
                  stage: null,
                  forecast_type: null,
                  deal_amount: null,
                  closing_date: null,
                  owner_id: null,
                  owner_name: null,
                  account_id: null,
                  cost_to_deal_ratio: null,
                });
              } else {
                expect(r.deal_name).toBe(`Deal ${org.deals.findIndex((d) => d.deal_id === r.deal_id)}`);
              }
            }
            const all = sumBy(onDeals, () => 'all').get('all');
            expect(spd.totals).toMatchObject({
              spent: all?.spent ?? 0,
              pending: all?.pending ?? 0,
              expense_count: all?.count ?? 0,
              // The hidden row counts as one deal, as in the table.
              deal_count: new Set(onDeals.map(shownDeal)).size,
            });

            // Who spent on won deals.
            const wonBuckets = filters.status ?? ['spent'];
            const onWon = raw.filter((e) => e.deal_id && keep(e, wonBuckets, 'Closed Won'));
            const perDealUser = sumBy(onWon, (e) => `${e.deal_id}|${e.user_id}`);
            const spenders = await runDefaultReport(ctx, 'deal-spenders', filters, page);
            shown.push(spenders);
            const byDeal = spenders.tables[0]?.rows ?? [];
            expect(byDeal.length).toBe(perDealUser.size);
            for (const r of byDeal) {
              const exp = perDealUser.get(`${r.deal_id}|${r.user_id}`);
              expect(r.spent).toBe((exp?.spent ?? 0) + (exp?.pending ?? 0));
              const better = byDeal.filter(
                (o) => o.deal_id === r.deal_id && Number(o.spent) > Number(r.spent),
              );
              expect(r.rank).toBe(better.length + 1);
            }
            const byUser = spenders.tables[1]?.rows ?? [];
            const perUser = new Map<string, number[]>();
            for (const [k, v] of perDealUser) {
              const u = k.split('|')[1] ?? '';
              perUser.set(u, [...(perUser.get(u) ?? []), v.spent + v.pending]);
            }
            expect(byUser.length).toBe(perUser.size);
            for (const r of byUser) {
              const list = perUser.get(String(r.user_id)) ?? [];
              expect([r.won_deals, r.spent, r.most_on_a_deal, r.least_on_a_deal]).toEqual([
                list.length,
                list.reduce((a, b) => a + b, 0),
                Math.max(...list),
                Math.min(...list),
              ]);
            }

            // Won and lost deals by month.
            for (const [key, outcome] of [
              ['won-deals-by-month', 'Closed Won'],
              ['lost-deals', 'Closed Lost'],
            ] as const) {
              const rows = raw.filter((e) => e.deal_id && keep(e, buckets, outcome));
              const report = await runDefaultReport(ctx, key, filters, page);
              shown.push(report);
              const closing = report.tables.find((t) => t.table_id === 'by_closing_month')?.rows ?? [];
              const expClosing = sumBy(
                rows,
                (e) => dealOf.get(e.deal_id ?? '')?.closing_date?.slice(0, 7) ?? null,
              );
              expect(closing.length).toBe(expClosing.size);
              for (const r of closing) {
                const exp = expClosing.get(r.month as string | null);
                expect([r.spent, r.pending, r.expense_count, r.deal_count]).toEqual([
                  exp?.spent,
                  exp?.pending,
                  exp?.count,
                  exp?.deals.size,
                ]);
              }
              const byMonth = report.tables.find((t) => t.table_id === 'by_expense_month')?.rows ?? [];
              const expMonth = sumBy(rows, (e) => e.date.slice(0, 7));
              expect(byMonth.length).toBe(expMonth.size);
              for (const r of byMonth) {
                const exp = expMonth.get(String(r.month));
                expect([r.spent, r.pending, r.expense_count]).toEqual([exp?.spent, exp?.pending, exp?.count]);
              }
              const tot = sumBy(rows, () => 'all').get('all');
              expect([report.totals.spent, report.totals.pending]).toEqual([
                tot?.spent ?? 0,
                tot?.pending ?? 0,
              ]);
            }

            // An edited report grouped by one dimension.
            const specRows = raw.filter(
              (e) => keep(e, buckets) && (source === 'expenses' || e.report_id !== null),
            );
            const result = await runSpec(
              ctx,
              {
                source,
                dimensions: [dimension],
                measures: ['total', 'count'],
                filters: { ...filters, status: buckets },
              },
              page,
              { report_id: 'x', report_name: 'x', description: '' },
            );
            const keyOf = (e: ExpenseRow): string => {
              switch (dimension) {
                case 'spender':
                  return e.user_id;
                case 'category':
                  return e.category_id;
                case 'month':
                  return e.date.slice(0, 7);
                case 'deal':
                  return e.deal_id ? (shownDeal(e) ?? HIDDEN_DEALS_LABEL) : '';
                case 'customer':
                  return e.customer_id ?? '';
                case 'department':
                  return userOf.get(e.user_id)?.department_id ?? '';
                case 'stage':
                  if (!e.deal_id) return '';
                  return shownDeal(e) === null ? NOT_VISIBLE_STAGE : (dealOf.get(e.deal_id)?.stage ?? '');
              }
            };
            const expGroups = new Map<string, { total: number; items: Set<string> }>();
            for (const e of specRows) {
              const g = expGroups.get(keyOf(e)) ?? { total: 0, items: new Set<string>() };
              g.total += e.base_amount;
              g.items.add(source === 'reports' ? (e.report_id ?? '') : e.expense_id);
              expGroups.set(keyOf(e), g);
            }
            shown.push(result);
            const got = result.tables[0]?.rows ?? [];
            expect(got.length).toBe(expGroups.size);
            for (const r of got) {
              const k = r[`${dimension}_id`] ?? r[dimension] ?? '';
              const exp = expGroups.get(String(k ?? ''));
              expect([r.total, r.count]).toEqual([exp?.total, exp?.items.size]);
            }

            // No result names a deal the caller may not see, or gives its id.
            const text = JSON.stringify(shown);
            for (const d of deals.filter((x) => !sees(x))) {
              expect(text).not.toContain(`"${d.deal_id}"`);
              expect(text).not.toContain(`"${d.deal_name}"`);
            }

            // The default view (org-wide, no filters) reads the per-deal rollups; spelling out the
            // default statuses takes the general path. Both must agree, page by page.
            const orgCtx = { ...ctx, scope: { kind: 'org' } as Scope, deals: orgDeals(db, org.orgId) };
            const explicit: Record<DefaultReportKey, ReportFilters> = {
              'spend-per-deal': { status: ['spent', 'pending'] },
              'deal-spenders': { status: ['spent'] },
              'won-deals-by-month': { status: ['spent', 'pending'] },
              'lost-deals': { status: ['spent', 'pending'] },
            };
            for (const key of DEFAULT_REPORT_KEYS) {
              for (const p of [1, 2, 3]) {
                const small = { page: p, perPage: 2 };
                const fast = await runDefaultReport(orgCtx, key, {}, small);
                const general = await runDefaultReport(orgCtx, key, explicit[key], small);
                expect(fast).toEqual(general);
              }
            }

            expect(await reconcileRollups(db, org.orgId)).toEqual({ drift: [] });
          },
        ),
        { numRuns: dialect === 'postgres' ? 25 : 60 },
      );
      expect(await reconcileRollups(db)).toEqual({ drift: [] });
    } finally {
      await handle.destroy();
    }
  }, 240_000);
});
