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
});
