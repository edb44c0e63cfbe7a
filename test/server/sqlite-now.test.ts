/**
 * Statements run at once on SQLite (server/db/sqlite-now.ts). A prepared query skips Kysely's
 * executor only when nothing stands in the way: it must answer as Kysely's path does, never join
 * another request's open transaction (nor read its uncommitted rows), and writeNow's statements
 * must commit together or not at all. On PostgreSQL nothing is run at once.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { prepare, prepareInsert } from '../../server/db/prepared.js';
import { sqliteNow, writeNow } from '../../server/db/sqlite-now.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';

async function counters(dialect: (typeof DIALECTS)[number]) {
  const database = await openTestDatabase(dialect);
  onTestFinished(() => database.destroy());
  return database.db;
}

const byOrg = prepare((db, p: { org: string }) =>
  db.selectFrom('counters').select(['name', 'value']).where('org_id', '=', p.org).orderBy('name'),
);
const bump = prepare((db, p: { org: string; by: number }) =>
  db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', p.by) }))
    .where('org_id', '=', p.org),
);
const insertCounter = prepareInsert('counters');

/** A watcher that changes nothing: the same database reached through Kysely's executor. */
const throughKysely = {
  transformQuery: ({ node }: { node: any }) => node,
  transformResult: async ({ result }: { result: any }) => result,
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.each(DIALECTS)('statements run at once, on %s', (dialect) => {
  it('answer exactly as the same prepared statements through Kysely', async () => {
    const db = await counters(dialect);
    const slow = db.withPlugin(throughKysely);
    expect(sqliteNow(slow)).toBeUndefined();
    expect(sqliteNow(db) !== undefined).toBe(dialect === 'sqlite');
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      expect(await insertCounter(db, { org_id: 'org-1', name, value: i })).toBe(1);
      expect(await insertCounter(slow, { org_id: 'org-2', name, value: i })).toBe(1);
    }
    const fast = await bump(db, { org: 'org-1', by: 10 });
    const viaKysely = await bump(slow, { org: 'org-2', by: 10 });
    expect(fast.numAffectedRows).toBe(3n);
    expect(fast.numAffectedRows).toEqual(viaKysely.numAffectedRows);
    expect(fast.rows).toEqual(viaKysely.rows);
    const rows = (await byOrg(db, { org: 'org-1' })).rows;
    expect(rows).toEqual([
      { name: 'a', value: 10 },
      { name: 'b', value: 11 },
      { name: 'c', value: 12 },
    ]);
    expect((await byOrg(slow, { org: 'org-2' })).rows).toEqual(rows);
  });

  it('never join another request’s open transaction, nor read its rows before it commits', async () => {
    const db = await counters(dialect);
    await insertCounter(db, { org_id: 'org-1', name: 'kept', value: 1 });
    const written = deferred();
    const finish = deferred();
    const other = db.transaction().execute(async (trx) => {
      await insertCounter(trx, { org_id: 'org-1', name: 'rolled back', value: 2 });
      written.resolve();
      await finish.promise;
      throw new Error('the other request fails');
    });
    await written.promise;
    // The other transaction is open, waiting between its statements.
    expect(sqliteNow(db)).toBeUndefined();
    expect(writeNow(db, () => 'ran')).toBeUndefined();
    const read = byOrg(db, { org: 'org-1' });
    const insert = insertCounter(db, { org_id: 'org-1', name: 'mine', value: 3 });
    finish.resolve();
    await expect(other).rejects.toThrow('the other request fails');
    // Both waited for it: the read saw none of its rows, and the insert outlived its rollback. (On
    // PostgreSQL the read and the insert run side by side on connections of their own, so whether
    // the read sees the insert is a race; on SQLite they wait in turn and it never does.)
    const seen = (await read).rows.filter((r) => dialect === 'sqlite' || r.name !== 'mine');
    expect(seen).toEqual([{ name: 'kept', value: 1 }]);
    expect(await insert).toBe(1);
    expect((await byOrg(db, { org: 'org-1' })).rows).toEqual([
      { name: 'kept', value: 1 },
      { name: 'mine', value: 3 },
    ]);
  });

  it('commit writeNow’s statements together, or none of them when it throws', async () => {
    const db = await counters(dialect);
    if (dialect !== 'sqlite') {
      // PostgreSQL has no connection to run on at once: callers take a Kysely transaction.
      expect(
        writeNow(db, () => insertCounter.now(db, { org_id: 'org-1', name: 'a', value: 1 })),
      ).toBeUndefined();
      return;
    }
    expect(
      writeNow(db, () => {
        insertCounter.now(db, { org_id: 'org-1', name: 'a', value: 1 });
        return insertCounter.now(db, { org_id: 'org-1', name: 'b', value: 2 });
      }),
    ).toEqual({ value: 1 });
    expect(() =>
      writeNow(db, () => {
        insertCounter.now(db, { org_id: 'org-1', name: 'c', value: 3 });
        bump.now(db, { org: 'org-1', by: 100 });
        throw new Error('refused');
      }),
    ).toThrow('refused');
    // Work that is not synchronous would let the transaction commit early: refused, rolled back.
    expect(() =>
      writeNow(db, async () => {
        insertCounter.now(db, { org_id: 'org-1', name: 'd', value: 4 });
      }),
    ).toThrow('synchronous work only');
    expect((await byOrg(db, { org: 'org-1' })).rows).toEqual([
      { name: 'a', value: 1 },
      { name: 'b', value: 2 },
    ]);
  });

  it('refuse to run a statement meant for writeNow outside it', async () => {
    const db = await counters(dialect);
    const insideAnother = db.transaction().execute(async (trx) => {
      expect(() => insertCounter.now(trx, { org_id: 'org-1', name: 'x', value: 1 })).toThrow(
        'outside writeNow',
      );
      if (dialect === 'sqlite')
        expect(() => bump.now(db, { org: 'org-1', by: 1 })).toThrow('outside writeNow');
    });
    await insideAnother;
    expect((await byOrg(db, { org: 'org-1' })).rows).toEqual([]);
  });
});
