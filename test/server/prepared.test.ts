/**
 * Prepared queries (server/db/prepared.ts): built once per dialect with stand-ins, then run with
 * each caller's values. They must answer exactly as the same Kysely query built afresh, inside and
 * outside transactions, and refuse to run when a stand-in would reach the SQL or lack a value.
 */
import fc from 'fast-check';
import type { KyselyPlugin } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { prepare, prepareInsert, prepareShapes } from '../../server/db/prepared.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';

async function counters(dialect: (typeof DIALECTS)[number]) {
  const database = await openTestDatabase(dialect);
  onTestFinished(() => database.destroy());
  return database.db;
}

const byName = prepare((db, p: { org: string; name: string }) =>
  db.selectFrom('counters').select(['name', 'value']).where('org_id', '=', p.org).where('name', '=', p.name),
);

const insertCounter = prepareInsert('counters');

describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  it('answer every set of values exactly as the same query built by Kysely', async () => {
    const db = await counters(dialect);
    const names = ['a', 'b', "o'brien", 'ü', '%_'];
    for (const [i, name] of names.entries()) await insertCounter(db, { org_id: 'org-1', name, value: i + 1 });
    await insertCounter(db, { org_id: 'org-2', name: 'a', value: 99 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('org-1', 'org-2', 'org-3'),
        fc.constantFrom(...names, 'zz'),
        async (org, name) => {
          const built = await db
            .selectFrom('counters')
            .select(['name', 'value'])
            .where('org_id', '=', org)
            .where('name', '=', name)
            .execute();
          expect((await byName(db, { org, name })).rows).toEqual(built);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('run in the transaction they are given, and roll back with it', async () => {
    const db = await counters(dialect);
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await insertCounter(trx, { org_id: 'org-1', name: 'inside', value: 1 })).toBe(1);
        expect((await byName(trx, { org: 'org-1', name: 'inside' })).rows).toEqual([
          { name: 'inside', value: 1 },
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await byName(db, { org: 'org-1', name: 'inside' })).rows).toEqual([]);
  });

  it('keep one statement per shape, and values fixed at build time stay fixed', async () => {
    const db = await counters(dialect);
    for (const value of [1, 5, 10]) await insertCounter(db, { org_id: 'org-1', name: `n${value}`, value });
    const atLeast = prepareShapes((db2, p: { org: string; min: number }, shape: 'one' | 'all') => {
      const q = db2
        .selectFrom('counters')
        .select('value')
        .where('org_id', '=', p.org)
        .where('value', '>=', p.min)
        .orderBy('value');
      return shape === 'one' ? q.limit(1) : q;
    });
    expect((await atLeast(db, 'all', { org: 'org-1', min: 5 })).rows).toEqual([{ value: 5 }, { value: 10 }]);
    expect((await atLeast(db, 'one', { org: 'org-1', min: 2 })).rows).toEqual([{ value: 5 }]);
    expect((await atLeast(db, 'all', { org: 'org-1', min: 2 })).rows).toEqual([{ value: 5 }, { value: 10 }]);
  });

  it('refuse to run without a value for a slot, or with a slot outside a bound parameter', async () => {
    const db = await counters(dialect);
    await expect(byName(db, { org: 'org-1' } as { org: string; name: string })).rejects.toThrow(
      'without a value for name',
    );
    const asIdentifier = prepare((db2, p: { column: string }) =>
      db2.selectFrom('counters').select(p.column as 'name'),
    );
    await expect(asIdentifier(db, { column: 'name' })).rejects.toThrow('outside a bound parameter');
  });

  it('show each run to plugins as the statement it is, and refuse a plugin that rewrites it', async () => {
    const db = await counters(dialect);
    const seen: string[] = [];
    const ids = new Set<unknown>();
    const watcher: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        seen.push(node.kind);
        ids.add(queryId);
        return node;
      },
      async transformResult({ result, queryId }) {
        seen.push(ids.has(queryId) ? 'result of a seen query' : 'result of an unseen query');
        return result;
      },
    };
    await byName(db.withPlugin(watcher), { org: 'org-1', name: 'a' });
    expect(seen).toEqual(['SelectQueryNode', 'result of a seen query']);
    const rewriter: KyselyPlugin = {
      transformQuery: ({ node }) => ({ ...node }),
      transformResult: async ({ result }) => result,
    };
    await expect(byName(db.withPlugin(rewriter), { org: 'org-1', name: 'a' })).rejects.toThrow(
      'rewrites queries',
    );
  });
});
