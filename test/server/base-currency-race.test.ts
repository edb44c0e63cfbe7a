/**
 * The base currency may change only while nothing is written in it (domain/base-currency.ts). These
 * tests hold a write that adds such a thing (an exchange rate, an approval threshold, an expense)
 * open right after its insert, on a connection of its own, and meanwhile ask to change the base on
 * another. On PostgreSQL (READ COMMITTED) the change used to read the holds, not see the uncommitted
 * row, and commit a new base under it; it must wait for the write and refuse. SQLite runs one
 * transaction at a time, so there the change simply waits for the connection.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { createStatementGate, instanceWith, isBlocked, track, waitUntil } from '../helpers/statement-gate.js';
import { as } from '../helpers/test-app.js';

type World = Awaited<ReturnType<typeof buildOrgApp>>;

interface Hold {
  name: string;
  /** The table the write inserts into, where it is held. */
  table: 'exchange_rates' | 'approval_rules' | 'expenses';
  /** Sets up what the write needs; returns the request that writes. */
  arrange(w: World): Promise<{ method: 'POST'; url: string; payload: object }>;
}

const HOLDS: Hold[] = [
  {
    name: 'enabling a currency with its first exchange rate',
    table: 'exchange_rates',
    async arrange() {
      return {
        method: 'POST',
        url: '/api/v1/settings/currencies',
        payload: { currency_code: 'GBP', exchange_rate: '1.27' },
      };
    },
  },
  {
    name: 'adding an exchange rate',
    table: 'exchange_rates',
    async arrange(w) {
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies',
        headers: as(ADMIN),
        payload: { currency_code: 'GBP' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return {
        method: 'POST',
        url: '/api/v1/settings/currencies/GBP/exchangerates',
        payload: { effective_date: '2026-01-01', rate: '1.27' },
      };
    },
  },
  {
    name: 'adding an approval level above an amount',
    table: 'approval_rules',
    async arrange() {
      return {
        method: 'POST',
        url: '/api/v1/settings/approvalrules',
        payload: { level: 2, min_total: 1000, approver_type: 'department_head' },
      };
    },
  },
  {
    // Into a report the expense is written in a transaction, which can be held after the insert.
    name: 'adding the first expense into a report',
    table: 'expenses',
    async arrange(w) {
      const report = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: as(ADMIN),
        payload: { report_name: 'Trip' },
      });
      expect(report.statusCode, report.body).toBe(201);
      const category = await w.db
        .selectFrom('expense_categories')
        .select('category_id')
        .where('org_id', '=', w.orgId)
        .where('category_name', '=', 'Meals')
        .executeTakeFirstOrThrow();
      return {
        method: 'POST',
        url: '/api/v1/expenses',
        payload: {
          date: '2026-01-16',
          category_id: category.category_id,
          amount: 42.5,
          report_id: report.json().expense_report.report_id,
        },
      };
    },
  },
];

describe.each(DIALECTS)(
  'changing the base currency while something is being written in it on %s',
  (dialect) => {
    it.each(HOLDS.map((h) => [h.name, h] as const))(
      '%s, not yet committed: the change waits and is refused, the write stays',
      async (_name, hold) => {
        const w = await buildOrgApp(dialect);
        const request = await hold.arrange(w);
        const writer = createStatementGate({ kind: 'InsertQueryNode', table: hold.table });
        const changer = createStatementGate(null);
        const writerApp = await instanceWith(w.database, writer.plugin);
        const changerApp = await instanceWith(w.database, changer.plugin);

        const write = track(writerApp.inject({ ...request, headers: as(ADMIN) }));
        await writer.reachedHold;
        const change = track(
          changerApp.inject({
            method: 'PUT',
            url: `/api/v1/organizations/${w.orgId}`,
            headers: as(ADMIN),
            payload: { currency_code: 'EUR' },
          }),
        );
        await waitUntil(async () => change.done || (await isBlocked(dialect, w.db, changer)));
        writer.release();

        const [written, changed] = await Promise.all([write.promise, change.promise]);
        expect(written.statusCode, written.body).toBe(201);
        expect(changed.statusCode, changed.body).toBe(409);
        const org = await w.db
          .selectFrom('organizations')
          .select('base_currency')
          .where('org_id', '=', w.orgId)
          .executeTakeFirstOrThrow();
        expect(org.base_currency).toBe('USD');
        const { n } = (await w.db
          .selectFrom(hold.table)
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()) as { n: string | number };
        expect(Number(n)).toBe(1);
      },
    );

    /** The change holds after reading the approval thresholds, its last look at the holds. */
    async function changeHeldAfterHolds(w: World, to: string, write: { url: string; payload: object }) {
      const changer = createStatementGate({ kind: 'SelectQueryNode', table: 'approval_rules' });
      const writer = createStatementGate(null);
      const changerApp = await instanceWith(w.database, changer.plugin);
      const writerApp = await instanceWith(w.database, writer.plugin);
      const change = track(
        changerApp.inject({
          method: 'PUT',
          url: `/api/v1/organizations/${w.orgId}`,
          headers: as(ADMIN),
          payload: { currency_code: to },
        }),
      );
      await changer.reachedHold;
      const written = track(writerApp.inject({ method: 'POST', ...write, headers: as(ADMIN) }));
      await waitUntil(async () => written.done || (await isBlocked(dialect, w.db, writer)));
      changer.release();
      const [changed, wrote] = await Promise.all([change.promise, written.promise]);
      expect(changed.statusCode, changed.body).toBe(200);
      return wrote;
    }

    it('a rate for the currency that is becoming the base, sent while the change is under way, is refused', async () => {
      const w = await buildOrgApp(dialect);
      const enabled = await w.app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies',
        headers: as(ADMIN),
        payload: { currency_code: 'EUR' },
      });
      expect(enabled.statusCode, enabled.body).toBe(201);
      const wrote = await changeHeldAfterHolds(w, 'EUR', {
        url: '/api/v1/settings/currencies/EUR/exchangerates',
        payload: { effective_date: '2026-01-01', rate: '0.92' },
      });
      // Checked against the new base, EUR is the base now and has no rate of its own.
      expect(wrote.statusCode, wrote.body).toBe(400);
      expect(await w.db.selectFrom('exchange_rates').selectAll().execute()).toEqual([]);
    });

    it('a threshold sent while the base changes is written in the new base', async () => {
      const w = await buildOrgApp(dialect);
      const wrote = await changeHeldAfterHolds(w, 'JPY', {
        url: '/api/v1/settings/approvalrules',
        payload: { level: 2, min_total: 1000, approver_type: 'department_head' },
      });
      expect(wrote.statusCode, wrote.body).toBe(201);
      expect(wrote.json().approval_rule).toMatchObject({ min_total: 1000, currency_code: 'JPY' });
      const rule = await w.db.selectFrom('approval_rules').select('min_total').executeTakeFirstOrThrow();
      // 1,000 JPY (no minor unit), not 1,000.00 USD in cents.
      expect(Number(rule.min_total)).toBe(1000);
    });
  },
);
