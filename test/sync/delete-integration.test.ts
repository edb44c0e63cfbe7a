import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const seed = buildSeed();

/** CRM accounts synced first, then People clients, which link to the accounts of the same name. */
async function crmAndPeopleCustomers(w: SyncWorld) {
  await connectCrm(w, { module: 'accounts' }, { sync_now: true });
  await w.drain();
  await w.connect('people');
  expect((await w.api('PUT', '/integrations/people/settings', { clients: { enabled: true } })).status).toBe(
    200,
  );
  await w.drain();
  const links = await w.db
    .selectFrom('sync_links')
    .select(['system', 'local_id'])
    .where('org_id', '=', w.orgId)
    .where('module', 'in', ['accounts', 'clients'])
    .execute();
  const crm = new Set(links.filter((l) => l.system === 'crm').map((l) => l.local_id));
  const people = new Set(links.filter((l) => l.system === 'people').map((l) => l.local_id));
  const shared = [...people].filter((id) => crm.has(id)).sort();
  // Every People client carries the name of a CRM account, so each is one customer for both.
  expect(shared).toHaveLength(seed.people.clients.length);
  return { crm, people, shared };
}

async function customerIds(w: SyncWorld): Promise<string[]> {
  const rows = await w.db.selectFrom('contacts').select('contact_id').where('org_id', '=', w.orgId).execute();
  return rows.map((r) => r.contact_id).sort();
}

describe.each(DIALECTS)('Delete Integration with customers another system holds (%s)', (dialect) => {
  it('deleting CRM with "only records with transactions" keeps and converts the customers People clients are linked to', async () => {
    const w = await openSyncWorld(dialect);
    const { crm, shared } = await crmAndPeopleCustomers(w);
    expect((await w.api('POST', '/integrations/crm/disable')).status).toBe(200);
    const res = await w.api('DELETE', '/integrations/crm?conversion=with_transactions');
    expect(res.status).toBe(200);
    // Nothing has transactions: every CRM customer (and deal) goes but those People still holds.
    expect(res.body).toMatchObject({
      deleted: crm.size - shared.length + seed.crmOrgs[0]!.Deals.length,
      converted: shared.length,
    });
    expect(await customerIds(w)).toEqual(shared);
    const peopleLinks = await w.db
      .selectFrom('sync_links')
      .select('local_id')
      .where('org_id', '=', w.orgId)
      .where('system', '=', 'people')
      .where('module', '=', 'clients')
      .execute();
    expect(peopleLinks.map((l) => l.local_id).sort()).toEqual(shared);
    // The People sync goes on with them: a run creates no client again.
    expect((await w.api('POST', '/integrations/people/sync', { module: 'clients' })).status).toBe(202);
    await w.drain();
    expect(await customerIds(w)).toEqual(shared);
  });

  it('deleting People with "only records with transactions" keeps the customers CRM accounts are linked to', async () => {
    const w = await openSyncWorld(dialect);
    const { crm, people, shared } = await crmAndPeopleCustomers(w);
    expect((await w.api('POST', '/integrations/people/disable')).status).toBe(200);
    const res = await w.api('DELETE', '/integrations/people?conversion=with_transactions');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deleted: people.size - shared.length, converted: shared.length });
    expect(await customerIds(w)).toEqual([...crm].sort());
  });
});
