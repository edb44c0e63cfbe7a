/**
 * PostgreSQL plans from table statistics, and this server prepares each statement once per
 * connection; a sync that fills a table refreshes its statistics so plans made while it was nearly
 * empty are not kept. SQLite has no such planner statistics to keep fresh.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld } from './sync-world.js';

describe.runIf(DIALECTS.includes('postgres'))('planner statistics on PostgreSQL', () => {
  it('a run that changes many rows analyses the tables it wrote; a small run does not', async () => {
    // 400 accounts and 1,200 contacts: the contacts run passes the threshold, the accounts run not.
    const w = await openSyncWorld('postgres', { sandbox: { scale: 400 } });
    await connectCrm(w, {}, { deals: { enabled: false } });
    const analysed = async () => {
      const { rows } = await sql<{ relname: string; last_analyze: Date | null }>`
        SELECT relname, last_analyze FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname IN ('contacts', 'sync_links')`.execute(w.db);
      return Object.fromEntries(rows.map((r) => [r.relname, r.last_analyze?.getTime() ?? 0]));
    };
    const before = await analysed();

    await w.api('POST', '/integrations/crm/sync', { module: 'accounts' });
    await w.drain();
    expect(await analysed()).toEqual(before);

    const start = Date.now() - 1000;
    await w.api('POST', '/integrations/crm/sync', { module: 'contacts' });
    await w.drain();
    const after = await analysed();
    expect(after.contacts).toBeGreaterThan(Math.max(start, before.contacts ?? 0));
    expect(after.sync_links).toBeGreaterThan(Math.max(start, before.sync_links ?? 0));
  });

  it('a run that changes many rows but under a tenth of a big table keeps its statistics', async () => {
    const w = await openSyncWorld('postgres', { sandbox: { scale: 400 } });
    await connectCrm(w, {}, { deals: { enabled: false } });
    for (const module of ['accounts', 'contacts']) {
      await w.api('POST', '/integrations/crm/sync', { module });
      await w.drain();
    }
    // Another organisation's 20,000 customers make the table big; its statistics count them.
    await sql`INSERT INTO organizations (org_id, name, base_currency, time_zone, created_time)
      VALUES ('other-org', 'Other', 'USD', 'UTC', '2026-01-01T00:00:00.000Z')`.execute(w.db);
    await sql`INSERT INTO contacts (contact_id, org_id, contact_name, name_key, customer_sub_type, status,
        custom_fields, created_time, last_modified_time)
      SELECT 'filler-' || i, 'other-org', 'Filler ' || i, 'filler ' || i, 'individual', 'active', '{}',
        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, 20000) AS i`.execute(
      w.db,
    );
    await sql`ANALYZE contacts`.execute(w.db);
    const lastAnalyze = async () =>
      (
        await sql<{ t: Date | null }>`SELECT last_analyze AS t FROM pg_stat_user_tables
          WHERE schemaname = current_schema() AND relname = 'contacts'`.execute(w.db)
      ).rows[0]?.t?.getTime();
    const before = await lastAnalyze();
    // 1,200 local edits that the next run overwrites from CRM: past the 1,000-row threshold.
    const edited = await w.db
      .updateTable('contacts')
      .set({ phone: 'edited locally' })
      .where('org_id', '=', w.orgId)
      .where('customer_sub_type', '=', 'individual')
      .executeTakeFirst();
    expect(Number(edited.numUpdatedRows)).toBe(1200);

    await w.api('POST', '/integrations/crm/sync', { module: 'contacts' });
    await w.drain();
    const run = await w.db
      .selectFrom('sync_runs')
      .select('updated')
      .where('module', '=', 'contacts')
      .orderBy('started_time', 'desc')
      .executeTakeFirstOrThrow();
    expect(run.updated).toBe(1200);
    expect(await lastAnalyze()).toBe(before);
  });
});
