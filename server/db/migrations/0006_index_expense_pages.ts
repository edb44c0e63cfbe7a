import type { Kysely } from 'kysely';

/**
 * Expense lists sort by date then id. With the id in the index the database reads a page straight
 * off it instead of sorting every expense of the deal (or user) that shares a date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('expenses_org_deal').execute();
  await db.schema.dropIndex('expenses_org_user_date').execute();
  await db.schema
    .createIndex('expenses_org_deal_page')
    .on('expenses')
    .columns(['org_id', 'deal_id', 'date', 'expense_id'])
    .execute();
  await db.schema
    .createIndex('expenses_org_user_page')
    .on('expenses')
    .columns(['org_id', 'user_id', 'date', 'expense_id'])
    .execute();
  await db.schema
    .createIndex('expenses_org_page')
    .on('expenses')
    .columns(['org_id', 'date', 'expense_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('expenses_org_page').execute();
  await db.schema.dropIndex('expenses_org_user_page').execute();
  await db.schema.dropIndex('expenses_org_deal_page').execute();
  await db.schema
    .createIndex('expenses_org_user_date')
    .on('expenses')
    .columns(['org_id', 'user_id', 'date'])
    .execute();
  await db.schema
    .createIndex('expenses_org_deal')
    .on('expenses')
    .columns(['org_id', 'deal_id', 'date'])
    .execute();
}
