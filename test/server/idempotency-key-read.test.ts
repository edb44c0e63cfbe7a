/**
 * A create (a route that stores its answer in-transaction) reads what is stored under its
 * Idempotency-Key in the statement that resolves the caller's membership, instead of a look-up of
 * its own. The key keeps every promise it kept before: a repeat replays the first answer, the key
 * is the member's own, and a key used on another path is refused.
 */
import { type KyselyPlugin, SelectQueryNode, TableNode } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DialectName } from '../../server/db/dialect.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';
import { instanceWith } from '../helpers/statement-gate.js';
import { as } from '../helpers/test-app.js';

const ADMIN = 'admin@keys.example';
const REP = 'rep@keys.example';

async function setup(dialect: DialectName) {
  const database = await openTestDatabase(dialect);
  /** Tables read by each SELECT whose FROM is a plain table (not joins' own tables). */
  const selectedFrom: string[] = [];
  const watcher: KyselyPlugin = {
    transformQuery({ node }) {
      const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from)) selectedFrom.push(from.table.identifier.name);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  onTestFinished(() => database.destroy());
  const app = await instanceWith(database, watcher);
  // The first sign-in creates the organisation with its admin, who adds a rep.
  expect((await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) })).statusCode).toBe(
    200,
  );
  const added = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: as(ADMIN),
    payload: { name: 'Rep', email: REP, user_role: 'submitter' },
  });
  expect(added.statusCode).toBe(201);
  const categories = await app.inject({
    method: 'GET',
    url: '/api/v1/expensecategories',
    headers: as(ADMIN),
  });
  const categoryId: string = categories.json().expense_categories[0].category_id;
  const create = (email: string, key: string, amount = 12.5) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: { ...as(email), 'idempotency-key': key },
      payload: { date: '2026-11-02', category_id: categoryId, amount },
    });
  const expenses = () => database.db.selectFrom('expenses').select(['user_id', 'amount']).execute();
  return { app, create, expenses, selectedFrom };
}

describe.each(DIALECTS)('Idempotency-Key read with the member on %s', (dialect) => {
  it('a create and its repeat read the key with the member, not in a look-up of its own', async () => {
    const t = await setup(dialect);
    t.selectedFrom.length = 0;
    const first = await t.create(REP, 'k-1');
    const repeat = await t.create(REP, 'k-1', 99);
    expect(first.statusCode).toBe(201);
    expect(repeat.statusCode).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toBe(first.body);
    expect(await t.expenses()).toHaveLength(1);
    expect(t.selectedFrom).not.toContain('idempotency_keys');
  });

  it("the same key from another member is that member's own", async () => {
    const t = await setup(dialect);
    const rep = await t.create(REP, 'shared-key', 10);
    const admin = await t.create(ADMIN, 'shared-key', 20);
    expect(rep.statusCode).toBe(201);
    expect(admin.statusCode).toBe(201);
    expect(admin.headers['idempotent-replayed']).toBeUndefined();
    expect((await t.expenses()).map((e) => e.amount).sort()).toEqual([1000, 2000]);
  });

  it('a key first used on another path is refused with 422 and creates nothing', async () => {
    const t = await setup(dialect);
    const department = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { ...as(ADMIN), 'idempotency-key': 'used-elsewhere' },
      payload: { department_name: 'Sales' },
    });
    expect(department.statusCode).toBe(201);
    const create = await t.create(ADMIN, 'used-elsewhere');
    expect(create.statusCode).toBe(422);
    expect(await t.expenses()).toHaveLength(0);
  });
});
