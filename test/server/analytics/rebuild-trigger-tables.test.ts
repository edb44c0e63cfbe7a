/**
 * rebuildTriggerTables after a bulk load with the expense triggers off (as bench/analytics.bench.ts
 * loads): every table the triggers keep, expense_attendees included, must end up exactly as the
 * triggers would have written it.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DialectName } from '../../../server/db/dialect.js';
import type { Database, ExpenseRow } from '../../../server/db/schema.js';
import { rebuildTriggerTables, reconcileRollups } from '../../../server/modules/analytics/rollups.js';
import { DIALECTS, openTestDatabase } from '../../helpers/dialects.js';
import { createOrgWithUsers, insertContact, insertExpense } from '../../helpers/fixtures.js';

type Db = Kysely<Database>;

/** Switches the expense triggers off the way the bench does; the returned function switches them on. */
async function triggersOff(db: Db, dialect: DialectName): Promise<(trx: Db) => Promise<void>> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE expenses DISABLE TRIGGER USER`.execute(db);
    return async (trx) => {
      await sql`ALTER TABLE expenses ENABLE TRIGGER USER`.execute(trx);
    };
  }
  const { rows } = await sql<{
    name: string;
    sql: string;
  }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'expenses'`.execute(db);
  for (const t of rows) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  return async (trx) => {
    for (const t of rows) await sql.raw(t.sql).execute(trx);
  };
}

async function derivedTables(db: Db) {
  return {
    expense_attendees: await db
      .selectFrom('expense_attendees')
      .selectAll()
      .orderBy('expense_id')
      .orderBy('contact_id')
      .execute(),
    spend_rollups: (
      await sql<Record<string, unknown>>`SELECT * FROM spend_rollups ORDER BY deal_id, user_id, category_id,
        customer_id, month, bucket`.execute(db)
    ).rows.map((r) => ({ ...r, total: Number(r.total), count: Number(r.count) })),
  };
}

describe.each(DIALECTS)('rebuilding the trigger-kept tables on %s', (dialect) => {
  it('after a load with the triggers off, expense_attendees and the rollups equal what the triggers write', async () => {
    const handle = await openTestDatabase(dialect);
    const { db } = handle;
    try {
      const o = await createOrgWithUsers(db);
      const acme = await insertContact(db, o.org.org_id, { contact_name: 'Acme' });
      const zylker = await insertContact(db, o.org.org_id, { contact_name: 'Zylker' });
      const base = { org_id: o.org.org_id, user_id: o.rep.user_id, category_id: o.categoryId };
      const lists = [
        [{ contact_id: acme }, { user_id: o.manager.user_id }],
        [{ contact_id: acme }, { contact_id: zylker }, { contact_id: acme }],
        [{ user_id: o.manager.user_id }],
        [],
        [{ contact_id: zylker }],
      ];
      const expenses: ExpenseRow[] = [];
      for (const [i, list] of lists.entries()) {
        expenses.push(
          await insertExpense(db, { ...base, amount: 1000 * (i + 1), attendees: JSON.stringify(list) }),
        );
      }
      // What the triggers wrote, one insert at a time.
      const expected = await derivedTables(db);
      expect(expected.expense_attendees).toHaveLength(4);

      // The same expenses loaded again with the triggers off, over tables that no longer match them.
      const switchOn = await triggersOff(db, dialect);
      await db.deleteFrom('expenses').execute();
      await db.deleteFrom('expense_attendees').execute();
      await db.deleteFrom('spend_rollups').execute();
      await db
        .insertInto('expense_attendees')
        .values({ org_id: o.org.org_id, expense_id: 'gone', contact_id: acme })
        .execute();
      await db.insertInto('expenses').values(expenses).execute();
      const { drift } = await reconcileRollups(db, o.org.org_id);
      expect(drift.filter((d) => d.table === 'expense_attendees')).toHaveLength(5);

      await db.transaction().execute(async (trx) => {
        await rebuildTriggerTables(trx);
        await switchOn(trx);
      });
      expect(await derivedTables(db)).toEqual(expected);
      expect(await reconcileRollups(db)).toEqual({ drift: [] });

      // The triggers are back: a later change keeps the rebuilt table in step.
      await db
        .updateTable('expenses')
        .set({ attendees: '[]' })
        .where('expense_id', '=', expenses[1]!.expense_id)
        .execute();
      expect(await reconcileRollups(db)).toEqual({ drift: [] });
      expect(await db.selectFrom('expense_attendees').select('contact_id').execute()).toHaveLength(2);
    } finally {
      await handle.destroy();
    }
  });
});
