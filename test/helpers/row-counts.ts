/** What a refused request must leave as it found: the row count of every table. */
import { sql } from 'kysely';

/**
 * Row counts of every table of this test's database (on PostgreSQL: its own schema only, read from
 * pg_tables alone, as other test files create and drop their schemas meanwhile).
 */
export async function rowCounts(db: any): Promise<Record<string, number>> {
  const own = await sql<{ s: string | null }>`select current_schema() as s`
    .execute(db)
    .then((r) => r.rows[0]?.s ?? null)
    .catch(() => null);
  const tables: string[] = own
    ? (
        await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = ${own}`.execute(db)
      ).rows.map((r) => r.t)
    : (
        await sql<{
          t: string;
        }>`select name as t from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      ).rows.map((r) => r.t);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    if (t === 'idempotency_keys' || t.startsWith('kysely_')) continue;
    const row = await db
      .selectFrom(t)
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    counts[t] = Number(row.n);
  }
  return counts;
}
