import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import type { SandboxState } from '../../sandbox/state.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld } from './sync-world.js';

const seed = buildSeed();
const NUL = '\u0000';

describe.each(DIALECTS)('Zoho text holding NUL characters (%s)', (dialect) => {
  it('CRM accounts, contacts and deals whose names hold NUL are synced without it', async () => {
    const w = await openSyncWorld(dialect);
    const account = (
      await w.control('POST', '/crm/default/Accounts', { Account_Name: `Nul${NUL} Industries${NUL}` })
    ).record;
    await w.control('POST', '/crm/default/Contacts', {
      First_Name: `Ni${NUL}na`,
      Last_Name: `Zero${NUL}`,
      Email: 'nina.zero@nul.example',
      Account_Name: { id: account.id },
    });
    await w.control('POST', '/crm/default/Deals', {
      Deal_Name: `Nul${NUL} renewal`,
      Stage: 'Qualification',
      Closing_Date: '2026-12-01',
      Account_Name: { id: account.id },
    });
    await connectCrm(w, {}, { sync_now: true });
    await w.drain();

    const runs = (await w.api('GET', '/integrations/crm/synchistory')).body.sync_runs;
    expect(
      runs.map((r: { module: string; status: string; failed: number }) => [r.module, r.status, r.failed]),
    ).toEqual(
      expect.arrayContaining([
        ['accounts', 'completed', 0],
        ['contacts', 'completed', 0],
        ['deals', 'completed', 0],
      ]),
    );
    const customers = await w.db
      .selectFrom('contacts')
      .select(['contact_name', 'first_name', 'last_name'])
      .where('org_id', '=', w.orgId)
      .where('contact_name', 'in', ['Nul Industries', 'Nina Zero'])
      .orderBy('contact_name')
      .execute();
    expect(customers).toEqual([
      { contact_name: 'Nina Zero', first_name: 'Nina', last_name: 'Zero' },
      { contact_name: 'Nul Industries', first_name: null, last_name: null },
    ]);
    const deal = await w.db
      .selectFrom('deals')
      .select('deal_name')
      .where('org_id', '=', w.orgId)
      .where('deal_name', '=', 'Nul renewal')
      .execute();
    expect(deal).toHaveLength(1);
  });

  it('People employees and clients whose names hold NUL are synced without it', async () => {
    const w = await openSyncWorld(dialect);
    await w.control('POST', '/people/employees', {
      EmployeeID: 'ZY900',
      FirstName: `Nu${NUL}ll`,
      LastName: `Byte${NUL}`,
      EmailID: 'null.byte@zylker.example',
      Department: seed.people.departments[0]!.Department,
    });
    // The control API adds no time-tracker client; the sandbox's store is changed in place.
    const people = (w.sandbox as unknown as { sandbox: SandboxState }).sandbox.people;
    people.clients[0]!.clientName = `${NUL}Nul${NUL} Client`;
    await w.connect('people');
    const res = await w.api('PUT', '/integrations/people/settings', {
      departments: { enabled: true },
      users: { enabled: true },
      clients: { enabled: true },
    });
    expect(res.status).toBe(200);
    await w.drain();

    const runs = (await w.api('GET', '/integrations/people/synchistory')).body.sync_runs;
    expect(
      runs.map((r: { module: string; status: string; failed: number }) => [r.module, r.status, r.failed]),
    ).toEqual(
      expect.arrayContaining([
        ['employees', 'completed', 0],
        ['clients', 'completed', 0],
      ]),
    );
    const user = await w.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', 'null.byte@zylker.example')
      .executeTakeFirstOrThrow();
    expect(user.name).toBe('Null Byte');
    const client = await w.db
      .selectFrom('contacts')
      .select('contact_name')
      .where('org_id', '=', w.orgId)
      .where('contact_name', '=', 'Nul Client')
      .execute();
    expect(client).toHaveLength(1);
  });
});
