import type { Kysely } from 'kysely';

/**
 * Duplicate hints look for the same user's expenses of the same date, amount and currency. With
 * the merchant and id in the index too the look-up reads the index alone, however many expenses
 * the user has that day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('expenses_org_user_spend')
    .on('expenses')
    .columns(['org_id', 'user_id', 'date', 'amount', 'currency_code', 'merchant_name', 'expense_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('expenses_org_user_spend').execute();
}
