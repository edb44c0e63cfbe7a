import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { isPostgres } from './column-types.js';

/**
 * Analytics: live spend rollups kept by triggers on `expenses`, saved reports and dashboards.
 *
 * Two rollup grains, both maintained in the same transaction as the expense change, so a
 * just-approved expense counts at once and no service has to remember to update them:
 * - spend_rollups: per (org, deal, user, category, customer, month, bucket); filtered reports;
 * - deal_spend: per (org, deal, bucket); reports that only filter by deal attributes.
 * Missing deal/customer use the '' sentinel (NULLs never conflict in a unique key).
 * Buckets: 'spent' = approved + reimbursed, 'pending' = submitted, 'other' = the rest.
 * Rows whose count drops to 0 are deleted, so a rollup row always stands for at least one expense.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite: store rollup rows in primary-key order (WITHOUT ROWID), so reading one org's rows is a
  // range scan of the table itself rather than an index scan plus a lookup per row.
  const clustered = <T extends CreateTableBuilder<any, any>>(t: T): T =>
    isPostgres(db) ? t : (t.modifyEnd(sql`WITHOUT ROWID`) as T);
  await db.schema
    .createTable('spend_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('spend_rollups_pk', [
      'org_id',
      'deal_id',
      'user_id',
      'category_id',
      'customer_id',
      'month',
      'bucket',
    ])
    .$call(clustered)
    .execute();
  await db.schema
    .createIndex('spend_rollups_org_user')
    .on('spend_rollups')
    .columns(['org_id', 'user_id', 'month'])
    .execute();
  await db.schema
    .createIndex('spend_rollups_org_month')
    .on('spend_rollups')
    .columns(['org_id', 'month'])
    .execute();

  await db.schema
    .createTable('deal_spend')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_spend_pk', ['org_id', 'deal_id', 'bucket'])
    .$call(clustered)
    .execute();

  await db.schema
    .createTable('analytics_reports')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('report_name', 'text', (c) => c.notNull())
    .addColumn('based_on', 'text')
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analytics_reports_org').on('analytics_reports').column('org_id').execute();

  await db.schema
    .createTable('analytics_dashboards')
    .addColumn('dashboard_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('dashboard_name', 'text', (c) => c.notNull())
    /** 'default' for the org's default dashboard (unique per org, so a lazy create races safely). */
    .addColumn('default_key', 'text')
    .addColumn('components', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('analytics_dashboards_default')
    .unique()
    .on('analytics_dashboards')
    .columns(['org_id', 'default_key'])
    .execute();

  if (isPostgres(db)) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);

  // Expenses that exist before this migration.
  await sql`INSERT INTO spend_rollups (org_id, deal_id, user_id, category_id, customer_id, month, bucket, total, count)
    SELECT org_id, COALESCE(deal_id, ''), user_id, category_id, COALESCE(customer_id, ''), substr(date, 1, 7),
      ${sql.raw(BUCKET('e'))}, SUM(base_amount), COUNT(*)
    FROM expenses e
    GROUP BY org_id, COALESCE(deal_id, ''), user_id, category_id, COALESCE(customer_id, ''), substr(date, 1, 7), ${sql.raw(BUCKET('e'))}`.execute(
    db,
  );
  await sql`INSERT INTO deal_spend (org_id, deal_id, bucket, total, count)
    SELECT org_id, COALESCE(deal_id, ''), ${sql.raw(BUCKET('e'))}, SUM(base_amount), COUNT(*)
    FROM expenses e
    GROUP BY org_id, COALESCE(deal_id, ''), ${sql.raw(BUCKET('e'))}`.execute(db);
}

/** The status bucket of row `r` (NEW, OLD or a table alias). */
function BUCKET(r: string): string {
  return `(CASE WHEN ${r}.status IN ('approved', 'reimbursed') THEN 'spent' WHEN ${r}.status = 'submitted' THEN 'pending' ELSE 'other' END)`;
}

function addStatements(r: string): string[] {
  return [
    `INSERT INTO spend_rollups (org_id, deal_id, user_id, category_id, customer_id, month, bucket, total, count)
      VALUES (${r}.org_id, COALESCE(${r}.deal_id, ''), ${r}.user_id, ${r}.category_id, COALESCE(${r}.customer_id, ''),
        substr(${r}.date, 1, 7), ${BUCKET(r)}, ${r}.base_amount, 1)
      ON CONFLICT (org_id, deal_id, user_id, category_id, customer_id, month, bucket)
      DO UPDATE SET total = spend_rollups.total + excluded.total, count = spend_rollups.count + 1`,
    `INSERT INTO deal_spend (org_id, deal_id, bucket, total, count)
      VALUES (${r}.org_id, COALESCE(${r}.deal_id, ''), ${BUCKET(r)}, ${r}.base_amount, 1)
      ON CONFLICT (org_id, deal_id, bucket)
      DO UPDATE SET total = deal_spend.total + excluded.total, count = deal_spend.count + 1`,
  ];
}

function removeStatements(r: string): string[] {
  const rollupKey = `org_id = ${r}.org_id AND deal_id = COALESCE(${r}.deal_id, '') AND user_id = ${r}.user_id
    AND category_id = ${r}.category_id AND customer_id = COALESCE(${r}.customer_id, '')
    AND month = substr(${r}.date, 1, 7) AND bucket = ${BUCKET(r)}`;
  const dealKey = `org_id = ${r}.org_id AND deal_id = COALESCE(${r}.deal_id, '') AND bucket = ${BUCKET(r)}`;
  return [
    `UPDATE spend_rollups SET total = total - ${r}.base_amount, count = count - 1 WHERE ${rollupKey}`,
    `DELETE FROM spend_rollups WHERE ${rollupKey} AND count <= 0`,
    `UPDATE deal_spend SET total = total - ${r}.base_amount, count = count - 1 WHERE ${dealKey}`,
    `DELETE FROM deal_spend WHERE ${dealKey} AND count <= 0`,
  ];
}

/** Columns whose change moves an expense between rollup rows. */
const ROLLUP_COLUMNS = [
  'org_id',
  'deal_id',
  'user_id',
  'category_id',
  'customer_id',
  'date',
  'status',
  'base_amount',
];

async function createSqliteTriggers(db: Kysely<any>): Promise<void> {
  const body = (stmts: string[]) => stmts.map((s) => `${s};`).join('\n');
  await sql
    .raw(`CREATE TRIGGER expenses_rollup_insert AFTER INSERT ON expenses BEGIN
${body(addStatements('NEW'))}
END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_rollup_delete AFTER DELETE ON expenses BEGIN
${body(removeStatements('OLD'))}
END`)
    .execute(db);
  const changed = ROLLUP_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  await sql
    .raw(`CREATE TRIGGER expenses_rollup_update AFTER UPDATE OF ${ROLLUP_COLUMNS.join(', ')} ON expenses
WHEN ${changed} BEGIN
${body(removeStatements('OLD'))}
${body(addStatements('NEW'))}
END`)
    .execute(db);
}

async function createPostgresTriggers(db: Kysely<any>): Promise<void> {
  const body = (stmts: string[]) => stmts.map((s) => `    ${s};`).join('\n');
  await sql
    .raw(`CREATE OR REPLACE FUNCTION expenses_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
${body(removeStatements('OLD'))}
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
${body(addStatements('NEW'))}
  END IF;
  RETURN NULL;
END
$fn$`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER expenses_rollup_insert_delete AFTER INSERT OR DELETE ON expenses
FOR EACH ROW EXECUTE FUNCTION expenses_rollup_apply()`)
    .execute(db);
  const changed = ROLLUP_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  await sql
    .raw(`CREATE TRIGGER expenses_rollup_update AFTER UPDATE OF ${ROLLUP_COLUMNS.join(', ')} ON expenses
FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION expenses_rollup_apply()`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS expenses_rollup_update ON expenses`.execute(db);
    await sql`DROP TRIGGER IF EXISTS expenses_rollup_insert_delete ON expenses`.execute(db);
    await sql`DROP FUNCTION IF EXISTS expenses_rollup_apply()`.execute(db);
  } else {
    for (const t of ['expenses_rollup_insert', 'expenses_rollup_delete', 'expenses_rollup_update']) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
    }
  }
  for (const t of ['analytics_dashboards', 'analytics_reports', 'deal_spend', 'spend_rollups']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
