import type { Kysely } from 'kysely';

/**
 * Organisations get a last_modified_time, so PUT /organizations/{id} can refuse a stale update as
 * every other resource does. Existing rows start at their created_time. SQLite adds a NOT NULL
 * column only with a default; every insert sets the real time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('last_modified_time', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db
    .updateTable('organizations')
    .set((eb) => ({ last_modified_time: eb.ref('created_time') }))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('last_modified_time').execute();
}
