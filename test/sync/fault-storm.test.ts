import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;

describe.each(DIALECTS)('sync under faults (%s)', (dialect) => {
  it('a storm of 429s, 500s, 503s, dropped connections and expired tokens still ends in a complete sync', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w);
    for (const [i, fault] of [
      { status: 429, retryAfter: 0, probability: 0.25 },
      { status: 500, probability: 0.15 },
      { status: 503, probability: 0.1 },
      { drop: true, probability: 0.1 },
      { expireToken: true, probability: 0.05 },
    ].entries()) {
      await w.control('POST', '/faults', { path: '/crm/v8/*', seed: 100 + i, ...fault });
    }
    await w.api('POST', '/integrations/crm/sync', {});
    for (let i = 0; i < 20 && (await w.drain()) > 0; i++);
    const contacts = await w.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('org_id', '=', w.orgId)
      .execute();
    expect(contacts).toHaveLength(
      zylker.Accounts.length + zylker.Contacts.filter((c) => c.Account_Name).length,
    );
    const deals = await w.db.selectFrom('deals').select('deal_id').where('org_id', '=', w.orgId).execute();
    expect(deals).toHaveLength(zylker.Deals.length);
    const runs = (await w.api('GET', '/integrations/crm/synchistory')).body.sync_runs as Array<{
      status: string;
    }>;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  });

  it('past the People per-minute threshold the sync waits out the lock (Retry-After) and completes', async () => {
    const w = await openSyncWorld(dialect, { sandbox: { peopleRequestsPerMinute: 1000 } });
    await w.connect('people');
    await w.control('PUT', '/people/budget', { requestsPerMinute: 5, lockSeconds: 1 });
    await w.api('PUT', '/integrations/people/settings', {
      departments: { enabled: true },
      clients: { enabled: true },
    });
    for (let i = 0; i < 20 && (await w.drain()) > 0; i++);
    const runs = (await w.api('GET', '/integrations/people/synchistory')).body.sync_runs as Array<{
      status: string;
      module: string;
    }>;
    expect(runs.map((r) => r.module).sort()).toEqual(['clients', 'departments']);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  });
});
