import { type Kysely, sql } from 'kysely';

/**
 * Zoho CRM / Zoho People integrations and the sync engine: connections, the link table, jobs with
 * leases and checkpoints, run history, per-record failures, field conflicts, in-app notifications.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('integrations')
    .addColumn('integration_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('refresh_token', 'text')
    .addColumn('connected_email', 'text')
    .addColumn('crm_org_id', 'text')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('modules', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('initial_sync_time', 'text')
    .addColumn('next_sync_time', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('integrations_org_system')
    .unique()
    .on('integrations')
    .columns(['org_id', 'system'])
    .execute();

  await db.schema
    .createTable('sync_links')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('external_modified_time', 'text')
    .addColumn('local_modified_time', 'text')
    .addColumn('field_hashes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('sync_links_pk', ['org_id', 'system', 'module', 'external_id'])
    .execute();
  await db.schema
    .createIndex('sync_links_local')
    .on('sync_links')
    .columns(['org_id', 'system', 'module', 'local_id'])
    .execute();

  await db.schema
    .createTable('sync_jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires', 'text')
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('updated_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_jobs_claim').on('sync_jobs').columns(['status', 'job_id']).execute();
  // One live job per (integration, module): enqueueing twice is a no-op.
  await db.schema
    .createIndex('sync_jobs_one_live')
    .unique()
    .on('sync_jobs')
    .columns(['integration_id', 'module'])
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_time', 'text', (c) => c.notNull())
    .addColumn('ended_time', 'text')
    .addColumn('fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflicts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .execute();
  await db.schema
    .createIndex('sync_runs_org')
    .on('sync_runs')
    .columns(['org_id', 'system', 'started_time'])
    .execute();

  await db.schema
    .createTable('sync_failures')
    .addColumn('failure_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_failures_run')
    .on('sync_failures')
    .columns(['org_id', 'run_id'])
    .execute();

  await db.schema
    .createTable('sync_conflicts')
    .addColumn('conflict_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('local_value', 'text')
    .addColumn('remote_value', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('detected_time', 'text', (c) => c.notNull())
    .addColumn('resolved_time', 'text')
    .execute();
  await db.schema
    .createIndex('sync_conflicts_org')
    .on('sync_conflicts')
    .columns(['org_id', 'status'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('notification_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('read_time', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_org')
    .on('notifications')
    .columns(['org_id', 'created_time'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'notifications',
    'sync_conflicts',
    'sync_failures',
    'sync_runs',
    'sync_jobs',
    'sync_links',
    'integrations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
