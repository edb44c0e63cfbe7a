import { type Kysely, sql } from 'kysely';
import { isPostgres } from './column-types.js';

/**
 * expense_attendees: one row per (expense, customer it lists as an attendee), so "is this customer
 * an attendee anywhere?" is an index look-up on (org_id, contact_id) instead of taking apart the
 * JSON of every expense of the org that mentions a contact.
 *
 * `expenses.attendees` stays the source of truth (a JSON list of {user_id} | {contact_id}); triggers
 * on expenses keep this table in step in the same statement as every insert, attendee change and
 * delete, whoever writes (the API, PostgreSQL's one-statement create with its idempotent answer,
 * per diem, merges, demo data, test fixtures). Only customer attendees are kept: user attendees
 * answer no question here.
 *
 * A list names a customer only through an object entry whose contact_id is a string; JSON that is
 * not a list names nobody, as does text that is not JSON on SQLite (PostgreSQL's jsonb cast refuses
 * it, as the JSON scan this replaces did; the server writes only JSON lists). Lists without the text
 * `"contact_id"` are skipped before any JSON is parsed, so the triggers cost nothing for the common
 * expense without customer attendees. An expense's id and org never change, so only a change of
 * attendees moves rows.
 */
const MENTIONS = `'%"contact_id"%'`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('expense_attendees')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('expense_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('expense_attendees_pk', ['expense_id', 'contact_id'])
    // SQLite: rows in key order, and the index below then carries expense_id without a row lookup.
    .$call((t) => (pg ? t : t.modifyEnd(sql`WITHOUT ROWID`)))
    .execute();
  await db.schema
    .createIndex('expense_attendees_org_contact')
    .on('expense_attendees')
    .columns(['org_id', 'contact_id'])
    .execute();

  if (pg) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);

  // Expenses that exist before this migration, in one statement.
  await sql
    .raw(`INSERT INTO expense_attendees (org_id, expense_id, contact_id) ${expenseAttendeesSource(pg)}`)
    .execute(db);
}

/**
 * The rows expense_attendees should hold, computed from every expense's attendees in one SELECT
 * (org_id, expense_id, contact_id): the same rows the triggers write. Used to fill the table here,
 * and by the rollup rebuild and reconciliation (analytics/rollups.ts).
 */
export function expenseAttendeesSource(pg: boolean): string {
  const from = pg
    ? `expenses e CROSS JOIN LATERAL ${pgAttendees('e')}`
    : `expenses e, ${sqliteAttendees('e')}`;
  return `SELECT DISTINCT e.org_id, e.expense_id, ${pg ? PG_CONTACT_ID : SQLITE_CONTACT_ID} AS contact_id
      FROM ${from}
      WHERE e.attendees LIKE ${MENTIONS} AND ${pg ? PG_IS_CUSTOMER : SQLITE_IS_CUSTOMER}`;
}

/**
 * SQLite: the entries of row `r`'s attendee list as json_each rows `a`. CASE evaluates lazily, so
 * json_type never sees invalid JSON (it would raise an error rather than answer).
 */
function sqliteAttendees(r: string): string {
  return `json_each(CASE WHEN NOT json_valid(${r}.attendees) THEN '[]'
    WHEN json_type(${r}.attendees) = 'array' THEN ${r}.attendees ELSE '[]' END) a`;
}
/** An object entry with a string contact_id (json_type on a bare string entry would raise an error). */
const SQLITE_IS_CUSTOMER = `CASE WHEN a.type = 'object' THEN json_type(a.value, '$.contact_id') END = 'text'`;
const SQLITE_CONTACT_ID = `json_extract(a.value, '$.contact_id')`;

/** PostgreSQL: the entries of row `r`'s attendee list as jsonb values `a`. */
function pgAttendees(r: string): string {
  return `jsonb_array_elements(CASE WHEN jsonb_typeof(${r}.attendees::jsonb) = 'array'
    THEN ${r}.attendees::jsonb ELSE '[]'::jsonb END) AS a`;
}
const PG_IS_CUSTOMER = `jsonb_typeof(a -> 'contact_id') = 'string'`;
const PG_CONTACT_ID = `a ->> 'contact_id'`;

async function createSqliteTriggers(db: Kysely<any>): Promise<void> {
  const insertNew = `INSERT INTO expense_attendees (org_id, expense_id, contact_id)
    SELECT DISTINCT NEW.org_id, NEW.expense_id, ${SQLITE_CONTACT_ID}
    FROM ${sqliteAttendees('NEW')} WHERE NEW.attendees LIKE ${MENTIONS} AND ${SQLITE_IS_CUSTOMER};`;
  const deleteOld = 'DELETE FROM expense_attendees WHERE expense_id = OLD.expense_id;';
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_insert AFTER INSERT ON expenses
WHEN NEW.attendees LIKE ${MENTIONS} BEGIN
${insertNew}
END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_update AFTER UPDATE OF attendees ON expenses
WHEN OLD.attendees IS NOT NEW.attendees AND (OLD.attendees LIKE ${MENTIONS} OR NEW.attendees LIKE ${MENTIONS}) BEGIN
${deleteOld}
${insertNew}
END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_delete AFTER DELETE ON expenses
WHEN OLD.attendees LIKE ${MENTIONS} BEGIN
${deleteOld}
END`)
    .execute(db);
}

async function createPostgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE OR REPLACE FUNCTION expenses_attendees_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    DELETE FROM expense_attendees WHERE expense_id = OLD.expense_id;
  END IF;
  IF (TG_OP = 'INSERT' OR TG_OP = 'UPDATE') AND NEW.attendees LIKE ${MENTIONS} THEN
    INSERT INTO expense_attendees (org_id, expense_id, contact_id)
      SELECT DISTINCT NEW.org_id, NEW.expense_id, ${PG_CONTACT_ID}
      FROM ${pgAttendees('NEW')} WHERE ${PG_IS_CUSTOMER};
  END IF;
  RETURN NULL;
END
$fn$`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_insert AFTER INSERT ON expenses
FOR EACH ROW WHEN (NEW.attendees LIKE ${MENTIONS}) EXECUTE FUNCTION expenses_attendees_apply()`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_update AFTER UPDATE OF attendees ON expenses
FOR EACH ROW WHEN (OLD.attendees IS DISTINCT FROM NEW.attendees
  AND (OLD.attendees LIKE ${MENTIONS} OR NEW.attendees LIKE ${MENTIONS}))
EXECUTE FUNCTION expenses_attendees_apply()`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_attendees_delete AFTER DELETE ON expenses
FOR EACH ROW WHEN (OLD.attendees LIKE ${MENTIONS}) EXECUTE FUNCTION expenses_attendees_apply()`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  for (const t of ['expenses_attendees_insert', 'expenses_attendees_update', 'expenses_attendees_delete']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${t}${pg ? ' ON expenses' : ''}`).execute(db);
  }
  if (pg) await sql`DROP FUNCTION IF EXISTS expenses_attendees_apply()`.execute(db);
  await db.schema.dropTable('expense_attendees').ifExists().execute();
}
