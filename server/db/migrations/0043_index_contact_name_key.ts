import { type Kysely, sql } from 'kysely';

/**
 * Duplicate customers are found by name whatever its case and surrounding spaces (Clone / Overwrite
 * / Skip, People clients): this index serves `lower(trim(contact_name))`, the same expression on
 * both databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX contacts_org_name_key ON contacts (org_id, lower(trim(contact_name)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_org_name_key').execute();
}
