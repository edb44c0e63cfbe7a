import { type Kysely, sql } from 'kysely';

/**
 * Duplicate customers (Clone / Overwrite / Skip, People clients) are found by a normalised name
 * stored beside the name, `name_key`, instead of 0043's index on lower(trim(contact_name)): that
 * expression kept repeated inner spaces, and SQLite's lower() folds ASCII only ("ÉLAN" ≠ "élan").
 * The key is computed in TypeScript (customerNameKey in server/domain/sync-duplicates.ts) and
 * written with every name; existing rows are filled here, a batch at a time, on both databases.
 * SQLite adds a NOT NULL column only with a default; every insert sets the real key.
 */

/**
 * customerNameKey as it stood when this migration was written, copied so the migration stays
 * frozen (migrations never import app code). A test checks the two agree: a change to
 * customerNameKey needs a new migration that recomputes name_key.
 */
export function nameKeyAt0044(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rows read and written per statement: 500 ids and 500 keys stay far below either database's parameter limit. */
const BATCH = 500;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contacts')
    .addColumn('name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  let after = '';
  for (;;) {
    const rows: Array<{ contact_id: string; contact_name: string }> = await db
      .selectFrom('contacts')
      .select(['contact_id', 'contact_name'])
      .where('contact_id', '>', after)
      .orderBy('contact_id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.contact_id;
    // One statement per batch, in SQL both databases read alike.
    const cases = rows.map((r) => sql`WHEN ${r.contact_id} THEN ${nameKeyAt0044(r.contact_name)}`);
    const ids = rows.map((r) => sql`${r.contact_id}`);
    await sql`UPDATE contacts SET name_key = CASE contact_id ${sql.join(cases, sql` `)} END
      WHERE contact_id IN (${sql.join(ids)})`.execute(db);
  }
  await db.schema.dropIndex('contacts_org_name_key').execute();
  await db.schema
    .createIndex('contacts_org_name_key')
    .on('contacts')
    .columns(['org_id', 'name_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_org_name_key').execute();
  await sql`CREATE INDEX contacts_org_name_key ON contacts (org_id, lower(trim(contact_name)))`.execute(db);
  await db.schema.alterTable('contacts').dropColumn('name_key').execute();
}
