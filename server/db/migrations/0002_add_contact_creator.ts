import type { Kysely } from 'kysely';

/**
 * Who created each customer: any member may add a customer, but only its creator or an admin may
 * change or delete it. Null for customers that came from a sync or the demo data (admins only).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('created_by_user_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').dropColumn('created_by_user_id').execute();
}
