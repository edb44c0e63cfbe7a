import type { Kysely } from 'kysely';

/**
 * Links are found by local id (merges, pushes, deletions) through an index on local_id alone. The
 * old (org, system, module, local_id) index shared its first three columns with the primary key, so
 * a PostgreSQL planner without statistics for the table took either for a one-row range and could
 * choose it for a lookup by external id, scanning a whole module on every page of a sync.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sync_links_local').execute();
  await db.schema.createIndex('sync_links_by_local_id').on('sync_links').column('local_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sync_links_by_local_id').execute();
  await db.schema
    .createIndex('sync_links_local')
    .on('sync_links')
    .columns(['org_id', 'system', 'module', 'local_id'])
    .execute();
}
