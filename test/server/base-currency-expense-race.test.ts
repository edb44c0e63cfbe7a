/**
 * An expense is priced in the organisation's base currency as read when its request starts (with
 * the member). These tests hold a write after it has read what it needs and before it writes, on a
 * connection of its own, change the base currency meanwhile (allowed: nothing is written in it
 * yet), then let the write go on. It must not write an expense priced in the old base: it gets 409
 * BASE_CURRENCY_CHANGED, nothing is written, and no answer is kept under its Idempotency-Key, so
 * sending it again with the same key runs again, priced in the new base.
 *
 * On PostgreSQL the two instances share the pool. SQLite runs a statement to completion and one
 * write transaction at a time, but a request's statements are not one transaction: on the server's
 * one connection a base change can commit between a create's reads and its write. A held statement
 * keeps that connection, so there the writer gets a connection of its own to the same file; held
 * before its write transaction begins, it is exactly in that gap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import type { DialectName } from '../../server/db/dialect.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';
import { createStatementGate, instanceWith, isBlocked, track, waitUntil } from '../helpers/statement-gate.js';
import { as } from '../helpers/test-app.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

const ADMIN = 'admin@base-race.example';

/**
 * The writer's database and another one for everything else: the same one on PostgreSQL, or with
 * `shared`; on SQLite otherwise two connections to one file.
 */
async function databases(
  dialect: DialectName,
  shared: boolean,
): Promise<{ writer: DatabaseHandle; other: DatabaseHandle }> {
  if (dialect === 'postgres' || shared) {
    const database = await openTestDatabase(dialect);
    onTestFinished(() => database.destroy());
    return { writer: database, other: database };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'base-race-'));
  const file = path.join(dir, 'dealspend.sqlite');
  const other = await openDatabase({ sqliteFile: file });
  const writer = await openDatabase({ sqliteFile: file });
  onTestFinished(async () => {
    await writer.destroy();
    await other.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { writer, other };
}

type World = Awaited<ReturnType<typeof world>>;

async function world(dialect: DialectName, { shared = false } = {}) {
  const { writer, other } = await databases(dialect, shared);
  const app = await instanceWith(other, createStatementGate(null).plugin);
  const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
  expect(me.statusCode, me.body).toBe(200);
  const orgId: string = me.json().user.organization_id;
  const categories = await app.inject({
    method: 'GET',
    url: '/api/v1/expensecategories',
    headers: as(ADMIN),
  });
  const categoryId: string = categories.json().expense_categories[0].category_id;
  const db = other.db;
  return {
    app,
    db,
    writerDatabase: writer,
    orgId,
    categoryId,
    base: async () =>
      (
        await db
          .selectFrom('organizations')
          .select('base_currency')
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).base_currency,
    expenses: () =>
      db.selectFrom('expenses').select(['currency_code', 'exchange_rate', 'base_amount']).execute(),
    storedKeys: () => db.selectFrom('idempotency_keys').select(['idem_key', 'status_code']).execute(),
  };
}

interface Write {
  name: string;
  /** Sent without an Idempotency-Key (on PostgreSQL then a plain insert, with no answer to store). */
  noKey?: true;
  /** Where the writer is held: the last statement it runs before its write (see the header). */
  holdAt(dialect: DialectName): 'organizations' | 'users';
  arrange(w: World): Promise<{ url: string; payload: object | Buffer; headers?: Record<string, string> }>;
}

const WRITES: Write[] = [
  {
    // The create's reads of its category, customer and deal (from the organisation's row) are its
    // last statement before the insert; on PostgreSQL the insert is one statement with its answer.
    name: 'a create',
    holdAt: () => 'organizations',
    async arrange(w) {
      return {
        url: '/api/v1/expenses',
        payload: { date: '2026-11-02', category_id: w.categoryId, amount: 42.5 },
      };
    },
  },
  {
    name: 'a create without an Idempotency-Key',
    noKey: true,
    holdAt: () => 'organizations',
    async arrange(w) {
      return {
        url: '/api/v1/expenses',
        payload: { date: '2026-11-02', category_id: w.categoryId, amount: 42.5 },
      };
    },
  },
  {
    // Into a report the insert runs in a transaction with the report's bookkeeping.
    name: 'a create into a report',
    holdAt: () => 'organizations',
    async arrange(w) {
      const report = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: as(ADMIN),
        payload: { report_name: 'Trip' },
      });
      expect(report.statusCode, report.body).toBe(201);
      return {
        url: '/api/v1/expenses',
        payload: {
          date: '2026-11-02',
          category_id: w.categoryId,
          amount: 42.5,
          report_id: report.json().expense_report.report_id,
        },
      };
    },
  },
  {
    // Per diem writes in one transaction: on PostgreSQL held inside it, right before its insert;
    // on SQLite after the member is read, before the transaction begins.
    name: 'a per diem',
    holdAt: (dialect) => (dialect === 'postgres' ? 'organizations' : 'users'),
    async arrange(w) {
      const policy = await w.app.inject({
        method: 'POST',
        url: '/api/v1/settings/perdiem',
        headers: as(ADMIN),
        payload: {
          policy_name: 'Home',
          currency_code: 'USD',
          rates: [{ location: 'Munich', rate: 30 }],
          rules: [{ min_hours: 0, max_hours: 24, percent: 100 }],
        },
      });
      expect(policy.statusCode, policy.body).toBe(201);
      return {
        url: '/api/v1/expenses/perdiem',
        payload: {
          policy_id: policy.json().per_diem_policy.policy_id,
          per_diem_type: 'individual_days',
          start_date: '2026-11-02',
          start_time: '00:00',
          end_date: '2026-11-02',
          end_time: '24:00',
          location: 'Munich',
        },
      };
    },
  },
  {
    name: 'converting a receipt',
    holdAt: (dialect) => (dialect === 'postgres' ? 'organizations' : 'users'),
    async arrange(w) {
      const body = multipartBody(SAMPLES.png, { fileName: 'lunch.png' });
      const receipt = await w.app.inject({
        method: 'POST',
        url: '/api/v1/receipts',
        headers: { ...as(ADMIN), ...body.headers },
        payload: body.payload,
      });
      expect(receipt.statusCode, receipt.body).toBe(201);
      return {
        url: `/api/v1/receipts/${receipt.json().receipt.receipt_id}/convert`,
        payload: { date: '2026-11-02', category_id: w.categoryId, amount: 42.5 },
      };
    },
  },
];

describe.each(DIALECTS)('an expense priced while the base currency changes on %s', (dialect) => {
  it.each(WRITES.map((wr) => [wr.name, wr] as const))(
    '%s: nothing is written and it gets 409; sent again with its key, it is priced in the new base',
    async (_name, write) => {
      const w = await world(dialect);
      const request = await write.arrange(w);
      const gate = createStatementGate({ kind: 'SelectQueryNode', table: write.holdAt(dialect) });
      const writerApp = await instanceWith(w.writerDatabase, gate.plugin);
      const send = (app: typeof writerApp) =>
        app.inject({
          method: 'POST',
          url: request.url,
          headers: write.noKey ? as(ADMIN) : { ...as(ADMIN), 'idempotency-key': 'save-1' },
          payload: request.payload,
        });

      const saving = track(send(writerApp));
      await gate.reachedHold;
      const changed = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${w.orgId}`,
        headers: as(ADMIN),
        payload: { currency_code: 'EUR' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      gate.release();
      const saved = await saving.promise;

      expect(saved.statusCode, saved.body).toBe(409);
      expect(saved.json().code).toBe(4018);
      expect(saved.json().message).toMatch(/base currency changed/);
      expect(await w.base()).toBe('EUR');
      expect(await w.expenses()).toEqual([]);
      expect(await w.storedKeys()).toEqual([]);

      // Sent again (with the same key), it runs again, priced in the new base.
      const again = await send(w.app);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      if (write.name === 'a per diem') {
        // The policy's currency is no longer the base and has no rate in it.
        expect(again.statusCode, again.body).toBe(400);
        expect(await w.expenses()).toEqual([]);
      } else {
        expect(again.statusCode, again.body).toBe(201);
        expect(await w.expenses()).toEqual([
          { currency_code: 'EUR', exchange_rate: '1', base_amount: expect.anything() },
        ]);
      }
    },
  );

  it('a create held while a base change is refused is written as it was priced', async () => {
    // The change finds an exchange rate in the base and is refused; the held create still writes.
    const w = await world(dialect);
    const rate = await w.app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as(ADMIN),
      payload: { currency_code: 'GBP', exchange_rate: '1.27' },
    });
    expect(rate.statusCode, rate.body).toBe(201);
    const gate = createStatementGate({ kind: 'SelectQueryNode', table: 'organizations' });
    const writerApp = await instanceWith(w.writerDatabase, gate.plugin);
    const saving = track(
      writerApp.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: { ...as(ADMIN), 'idempotency-key': 'save-1' },
        payload: { date: '2026-11-02', category_id: w.categoryId, amount: 42.5 },
      }),
    );
    await gate.reachedHold;
    const changed = await w.app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${w.orgId}`,
      headers: as(ADMIN),
      payload: { currency_code: 'EUR' },
    });
    expect(changed.statusCode, changed.body).toBe(409);
    gate.release();
    const saved = await saving.promise;
    expect(saved.statusCode, saved.body).toBe(201);
    expect(await w.expenses()).toEqual([{ currency_code: 'USD', exchange_rate: '1', base_amount: 4250 }]);
    expect(await w.storedKeys()).toEqual([{ idem_key: 'save-1', status_code: 201 }]);
  });
});

/**
 * The other order: the change is under way when the create comes. A change locks the organisation
 * row (FOR UPDATE), then the expenses table (SHARE), then reads what holds the base. The create's
 * insert reads the base without locking the organisation row, so it never waits for the change
 * while holding its own lock on `expenses`, which the change waits for: no deadlock.
 */
describe.each(DIALECTS)('a create sent while the base currency is being changed on %s', (dialect) => {
  /** The change to EUR, held right after its first statement on `table`; and the create beside it. */
  async function race(table: 'organizations' | 'approval_rules') {
    const w = await world(dialect, { shared: true });
    const changer = createStatementGate({ kind: 'SelectQueryNode', table });
    const creator = createStatementGate(null);
    const changerApp = await instanceWith(w.writerDatabase, changer.plugin);
    const creatorApp = await instanceWith(w.writerDatabase, creator.plugin);
    const change = track(
      changerApp.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${w.orgId}`,
        headers: as(ADMIN),
        payload: { currency_code: 'EUR' },
      }),
    );
    await changer.reachedHold;
    const create = track(
      creatorApp.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: { ...as(ADMIN), 'idempotency-key': 'save-1' },
        payload: { date: '2026-11-02', category_id: w.categoryId, amount: 42.5 },
      }),
    );
    return { w, changer, creator, change, create };
  }

  it('held after locking the organisation row: a create does not wait for it, and the change is then refused', async () => {
    const { w, changer, creator, change, create } = await race('organizations');
    await waitUntil(async () => create.done || (await isBlocked(dialect, w.db, creator)));
    const createdFirst = create.done;
    changer.release();
    const [changed, created] = await Promise.all([change.promise, create.promise]);
    expect(created.statusCode, created.body).toBe(201);
    if (dialect === 'postgres') {
      expect(createdFirst, 'the create did not wait for the change').toBe(true);
      expect(changed.statusCode, changed.body).toBe(409);
      expect(changed.json().code).toBe(4014);
      expect(await w.base()).toBe('USD');
      expect(await w.expenses()).toEqual([{ currency_code: 'USD', exchange_rate: '1', base_amount: 4250 }]);
    } else {
      // One transaction at a time: the create waits for the change and reads the new base.
      expect(createdFirst).toBe(false);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(await w.expenses()).toEqual([{ currency_code: 'EUR', exchange_rate: '1', base_amount: 4250 }]);
    }
  });

  it('held after reading what holds the base: a create waits for it and is not written in the old base', async () => {
    const { w, changer, creator, change, create } = await race('approval_rules');
    await waitUntil(async () => create.done || (await isBlocked(dialect, w.db, creator, 'expenses')));
    expect(create.done).toBe(false);
    changer.release();
    const changed = await change.promise;
    expect(changed.statusCode, changed.body).toBe(200);
    const created = await create.promise;
    if (dialect === 'postgres') {
      // It read and priced in USD before the change committed; its insert waited on the change's
      // lock on expenses and then saw EUR.
      expect(created.statusCode, created.body).toBe(409);
      expect(created.json().code).toBe(4018);
      expect(await w.expenses()).toEqual([]);
      expect(await w.storedKeys()).toEqual([]);
    } else {
      // It waited for the connection before reading anything, so it read EUR.
      expect(created.statusCode, created.body).toBe(201);
      expect(await w.expenses()).toEqual([{ currency_code: 'EUR', exchange_rate: '1', base_amount: 4250 }]);
    }
  });
});
