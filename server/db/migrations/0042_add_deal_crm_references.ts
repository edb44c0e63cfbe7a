import type { Kysely } from 'kysely';

/**
 * A deal synced from Zoho CRM remembers the CRM ids its owner, account and contact had when it was
 * written (and the owner's email), so references that had no local id then (the account or contact
 * not synced yet, the owner not a user yet) are filled in once they have one, without the deal
 * being read again (crm-deals.ts). Null for deals made in DealSpend. The deals that lack a local id
 * are found through the existing (org_id, owner_id / account_id / contact_id) indexes.
 * SQLite adds one column per statement.
 */
const COLUMNS = ['crm_owner_id', 'crm_owner_email', 'crm_account_id', 'crm_contact_id'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const c of COLUMNS) await db.schema.alterTable('deals').addColumn(c, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of COLUMNS) await db.schema.alterTable('deals').dropColumn(c).execute();
}
