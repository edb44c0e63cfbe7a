import type { Kysely } from 'kysely';

/**
 * Customers are listed in the order of their name key (case, Unicode forms and spaces aside, see
 * 0044), then id, instead of the raw name: "acme" no longer sorts after "Zylker". One index,
 * (org_id, name_key, contact_id), now serves both that order and the duplicate look-up by name key,
 * so contacts_org_name goes: every customer written (a full CRM sync writes hundreds of thousands)
 * maintains one index fewer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_org_name').execute();
  await db.schema.dropIndex('contacts_org_name_key').execute();
  await db.schema
    .createIndex('contacts_org_name_key')
    .on('contacts')
    .columns(['org_id', 'name_key', 'contact_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_org_name_key').execute();
  await db.schema
    .createIndex('contacts_org_name_key')
    .on('contacts')
    .columns(['org_id', 'name_key'])
    .execute();
  await db.schema
    .createIndex('contacts_org_name')
    .on('contacts')
    .columns(['org_id', 'contact_name'])
    .execute();
}
