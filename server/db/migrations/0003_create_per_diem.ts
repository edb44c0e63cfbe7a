import type { Kysely } from 'kysely';

/** Per diem policies: per-location daily rates (minor units) and hour-based rules for partial days. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('per_diem_policies')
    .addColumn('policy_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('per_diem_policies_org').on('per_diem_policies').column('org_id').execute();

  await db.schema
    .createTable('per_diem_rates')
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('rate', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('per_diem_rates_pk', ['policy_id', 'location'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('per_diem_rates').ifExists().execute();
  await db.schema.dropTable('per_diem_policies').ifExists().execute();
}
