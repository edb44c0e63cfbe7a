import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { loadDemoOrganization } from '../../server/demo/load-demo.js';
import { linkDemoRecords } from '../../server/sync/demo-links.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld } from './sync-world.js';

const seed = buildSeed();

describe.each(DIALECTS)('demo organisation links (%s)', (dialect) => {
  it('a CRM sync of the demo organisation recognises the demo records and creates none twice', async () => {
    let linked = 0;
    const w = await openSyncWorld(dialect, {
      before: async (app) => {
        const { orgId } = await loadDemoOrganization(app.ctx.db, seed, {
          clock: app.ctx.clock,
          ids: app.ctx.ids,
        });
        linked = await linkDemoRecords(app.ctx.db, orgId, seed.crmOrgs[0]!);
        // The test sign-in has its own Zoho user id; let the admin sign in by email.
        await app.ctx.db
          .updateTable('users')
          .set({ zuid: null })
          .where('email', '=', 'admin@zylker.example')
          .execute();
      },
    });
    expect(linked).toBeGreaterThan(0);
    const before = await w.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('org_id', '=', w.orgId)
      .execute();
    const dealsBefore = await w.db
      .selectFrom('deals')
      .select('deal_id')
      .where('org_id', '=', w.orgId)
      .execute();
    await connectCrm(w, { include_unassociated_contacts: true }, { sync_now: true });
    await w.drain();
    const after = await w.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('org_id', '=', w.orgId)
      .execute();
    expect(after).toHaveLength(before.length);
    expect(
      await w.db.selectFrom('deals').select('deal_id').where('org_id', '=', w.orgId).execute(),
    ).toHaveLength(dealsBefore.length);
    const runs = (await w.api('GET', '/integrations/crm/synchistory')).body.sync_runs as Array<{
      created: number;
    }>;
    expect(runs.every((r) => r.created === 0)).toBe(true);
  });
});
