import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;
/** 31 characters: DealSpend takes it, Zoho CRM's phone fields hold 30. */
const TOO_LONG_PHONE = '+1 555 0100 ext. 12345678901234';

/** A CRM contact as Zoho CRM answers it now, read over HTTP with a token of the admin's. */
async function crmContact(w: SyncWorld, id: string): Promise<Record<string, unknown>> {
  const token = (await w.control('POST', '/tokens', { email: ADMIN })) as { access_token: string };
  const res = await fetch(`${w.sandboxUrl}/crm/v8/Contacts/${id}?fields=First_Name,Phone`, {
    headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Array<Record<string, unknown>> }).data[0]!;
}

/** Instant Sync of the contacts module, run to the end; its history entry. */
async function syncContacts(w: SyncWorld) {
  expect((await w.api('POST', '/integrations/crm/sync', { module: 'contacts' })).status).toBe(202);
  await w.drain();
  return (await w.api('GET', '/integrations/crm/synchistory?module=contacts')).body.sync_runs[0];
}

/** Two-way contacts synced once; the first seeded contact, its customer and that customer's version. */
async function twoWayContacts(dialect: (typeof DIALECTS)[number]) {
  const w = await openSyncWorld(dialect);
  await connectCrm(w, { module: 'contacts', extent: 'two_way' }, { sync_now: true });
  await w.drain();
  const crm = zylker.Contacts[0]!;
  const link = await w.db
    .selectFrom('sync_links')
    .select('local_id')
    .where('module', '=', 'contacts')
    .where('external_id', '=', crm.id)
    .executeTakeFirstOrThrow();
  const edit = async (changes: Record<string, unknown>) => {
    const current = (await w.api('GET', `/contacts/${link.local_id}`)).body.contact;
    const res = await w.api('PUT', `/contacts/${link.local_id}`, {
      ...changes,
      last_modified_time: current.last_modified_time,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const local = () => w.api('GET', `/contacts/${link.local_id}`).then((r) => r.body.contact);
  return { w, crm, edit, local };
}

describe.each(DIALECTS)('two-way customer sync when CRM refuses a push (%s)', (dialect) => {
  it('a refused push stays pending, is retried by later runs with CRM reason in the failures, and no pull overwrites the edit', async () => {
    const { w, crm, edit, local } = await twoWayContacts(dialect);
    // A phone DealSpend takes and Zoho CRM refuses (INVALID_DATA: longer than the field's 30
    // characters), together with a first name CRM would take.
    await edit({ first_name: 'Kept', phone: TOO_LONG_PHONE });

    for (const attempt of [1, 2]) {
      const run = await syncContacts(w);
      expect(run.status, `run ${attempt}`).toBe('completed');
      expect(run.failed, `run ${attempt}`).toBe(1);
      expect(run.failures, `run ${attempt}`).toEqual([
        { external_id: crm.id, reason: expect.stringMatching(/INVALID_DATA.*Phone/) },
      ]);
      // CRM kept its values, and neither the pull before the push nor the next run's took them back.
      expect(await crmContact(w, crm.id)).toMatchObject({ First_Name: crm.First_Name, Phone: crm.Phone });
      expect(await local(), `run ${attempt}`).toMatchObject({ first_name: 'Kept', phone: TOO_LONG_PHONE });
    }
    expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toEqual([]);

    // Once the phone is one CRM takes, the next run writes both pending edits to CRM.
    await edit({ phone: '+1 555 7777' });
    const run = await syncContacts(w);
    expect(run).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmContact(w, crm.id)).toMatchObject({ First_Name: 'Kept', Phone: '+1 555 7777' });
    expect(await local()).toMatchObject({ first_name: 'Kept', phone: '+1 555 7777' });
    // Nothing is left to push.
    expect(await syncContacts(w)).toMatchObject({ status: 'completed', failed: 0, created: 0 });
    expect(await local()).toMatchObject({ first_name: 'Kept', phone: '+1 555 7777' });
  });

  it('a field changed in CRM while its DealSpend edit waited on a refused push becomes a conflict', async () => {
    const { w, crm, edit, local } = await twoWayContacts(dialect);
    await edit({ first_name: 'Kept', phone: TOO_LONG_PHONE });
    expect(await syncContacts(w)).toMatchObject({ status: 'completed', failed: 1 });
    await w.control('PATCH', `/crm/default/Contacts/${crm.id}`, { First_Name: 'Remote' });
    await syncContacts(w);
    const conflicts = (await w.api('GET', '/integrations/crm/conflicts')).body.conflicts;
    expect(conflicts).toEqual([
      expect.objectContaining({ field: 'first_name', local_value: 'Kept', remote_value: 'Remote' }),
    ]);
    // The phone CRM did not touch is still DealSpend's.
    expect((await local()).phone).toBe(TOO_LONG_PHONE);
  });
});
