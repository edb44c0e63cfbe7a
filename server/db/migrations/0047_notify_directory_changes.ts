import { type Kysely, sql } from 'kysely';
import { isPostgres } from './column-types.js';

/**
 * On PostgreSQL, every statement that changes users or organizations announces it on the
 * `dealspend_directory` channel, with its schema as the payload, once its transaction commits
 * (PostgreSQL folds a transaction's identical notifications into one). Each server instance listens
 * and stops trusting the members it keeps between requests (db/directory-watch.ts). Statement-level
 * triggers: a sync writing thousands of users sends one notice per statement, not per row.
 * SQLite needs no trigger: the application's one connection sees its own writes, and SQLite's
 * data_version tells of other connections' commits (connect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(`CREATE OR REPLACE FUNCTION directory_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('dealspend_directory', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$fn$`)
    .execute(db);
  for (const table of ['users', 'organizations']) {
    await sql
      .raw(`CREATE TRIGGER ${table}_directory_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
FOR EACH STATEMENT EXECUTE FUNCTION directory_changed()`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of ['users', 'organizations']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_directory_changed ON ${table}`).execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS directory_changed()`.execute(db);
}
