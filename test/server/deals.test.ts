import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { createOtherOrg } from '../helpers/other-org.js';
import { as } from '../helpers/test-app.js';

const REP = 'rep@acme.example';
const REP2 = 'rep2@acme.example';

async function setup(dialect: (typeof DIALECTS)[number]) {
  const t = await buildOrgApp(dialect);
  const repId = await t.addUser(REP, { name: 'Rita' });
  const rep2Id = await t.addUser(REP2, { name: 'Rob' });
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: as(ADMIN), payload });
  const accountId = (await post('/api/v1/contacts', { contact_name: 'Zylker' })).json().contact.contact_id;
  const contactId = (
    await post('/api/v1/contacts', {
      contact_name: 'Ada',
      customer_sub_type: 'individual',
      account_id: accountId,
    })
  ).json().contact.contact_id;
  const deal = async (payload: object) => {
    const res = await post('/api/v1/deals', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().deal;
  };
  return { ...t, repId, rep2Id, accountId, contactId, deal, post };
}

describe.each(DIALECTS)('deals on %s', (dialect) => {
  it('an admin creates a deal; it shows amounts as decimals and the names of owner, account and contact', async () => {
    const { repId, accountId, contactId, deal } = await setup(dialect);
    const d = await deal({
      deal_name: 'Big sale',
      stage: 'Negotiation/Review',
      amount: 12500.5,
      currency_code: 'EUR',
      closing_date: '2026-12-31',
      owner_id: repId,
      account_id: accountId,
      contact_id: contactId,
    });
    expect(d).toMatchObject({
      deal_name: 'Big sale',
      forecast_type: 'Open',
      amount: 12500.5,
      currency_code: 'EUR',
      owner_name: 'Rita',
      account_name: 'Zylker',
      contact_name: 'Ada',
    });
  });

  it('the forecast type follows a closed stage unless given', async () => {
    const { deal } = await setup(dialect);
    expect((await deal({ deal_name: 'W', stage: 'Closed Won' })).forecast_type).toBe('Closed Won');
    expect((await deal({ deal_name: 'L', stage: 'Closed Lost' })).forecast_type).toBe('Closed Lost');
    expect((await deal({ deal_name: 'C', stage: 'Signed', forecast_type: 'Closed Won' })).forecast_type).toBe(
      'Closed Won',
    );
  });

  it('the list filters by account, contact, customer, owner, stage, forecast type and name', async () => {
    const { app, repId, rep2Id, accountId, contactId, deal } = await setup(dialect);
    await deal({ deal_name: 'Alpha', stage: 'Qualification', owner_id: repId, account_id: accountId });
    await deal({ deal_name: 'Beta', stage: 'Closed Won', owner_id: rep2Id, contact_id: contactId });
    await deal({ deal_name: 'Gamma', stage: 'Closed Lost', owner_id: rep2Id });
    const names = async (qs: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/deals?${qs}`, headers: as(ADMIN) }))
        .json()
        .deals.map((d: { deal_name: string }) => d.deal_name);
    expect(await names(`account_id=${accountId}`)).toEqual(['Alpha']);
    expect(await names(`contact_id=${contactId}`)).toEqual(['Beta']);
    expect(await names(`customer_id=${contactId}`)).toEqual(['Beta']);
    expect(await names(`owner_id=${rep2Id}`)).toEqual(['Beta', 'Gamma']);
    expect(await names('stage=Qualification')).toEqual(['Alpha']);
    expect(await names('forecast_type=Closed%20Lost')).toEqual(['Gamma']);
    expect(await names('search_text=amm')).toEqual(['Gamma']);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/deals?forecast_type=Maybe',
      headers: as(ADMIN),
    });
    expect(bad.statusCode).toBe(400);
  });

  it("with potentials_mode 'user', a non-admin sees only the deals they own; with 'all', every deal", async () => {
    const { app, orgId, repId, rep2Id, deal } = await setup(dialect);
    const mine = await deal({ deal_name: 'Mine', stage: 'Qualification', owner_id: repId });
    const theirs = await deal({ deal_name: 'Theirs', stage: 'Qualification', owner_id: rep2Id });
    const list = async (who: string) =>
      (await app.inject({ method: 'GET', url: '/api/v1/deals', headers: as(who) }))
        .json()
        .deals.map((d: { deal_name: string }) => d.deal_name);
    expect(await list(REP)).toEqual(['Mine', 'Theirs']);
    await app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${orgId}`,
      headers: as(ADMIN),
      payload: { potentials_mode: 'user' },
    });
    expect(await list(REP)).toEqual(['Mine']);
    expect(await list(ADMIN)).toEqual(['Mine', 'Theirs']);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/deals/${theirs.deal_id}`, headers: as(REP) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/deals/${mine.deal_id}`, headers: as(REP) }))
        .statusCode,
    ).toBe(200);
  });

  it('bad deals are refused with 400 and nothing is stored', async () => {
    const { db, orgId, post, accountId, contactId } = await setup(dialect);
    for (const payload of [
      { deal_name: 'X' },
      { deal_name: 'X', stage: 'Open', amount: -5 },
      { deal_name: 'X', stage: 'Open', amount: '5' },
      { deal_name: 'X', stage: 'Open', amount: 1.234 },
      { deal_name: 'X', stage: 'Open', currency_code: 'ABC' },
      { deal_name: 'X', stage: 'Open', closing_date: '2026-13-01' },
      { deal_name: 'X', stage: 'Open', owner_id: 'ghost' },
      { deal_name: 'X', stage: 'Open', account_id: contactId },
      { deal_name: 'X', stage: 'Open', contact_id: accountId },
      { deal_name: 'X', stage: 'Open', forecast_type: 'Maybe' },
    ]) {
      const res = await post('/api/v1/deals', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await db.selectFrom('deals').select('deal_id').where('org_id', '=', orgId).execute()).toHaveLength(
      0,
    );
  });

  it('only admins create or change deals (403)', async () => {
    const { app, deal } = await setup(dialect);
    const d = await deal({ deal_name: 'D', stage: 'Qualification' });
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/deals',
      headers: as(REP),
      payload: { deal_name: 'Mine', stage: 'Qualification' },
    });
    expect(create.statusCode).toBe(403);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/deals/${d.deal_id}`,
      headers: as(REP),
      payload: { stage: 'Closed Won' },
    });
    expect(put.statusCode).toBe(403);
  });

  it('an update moves the stage and forecast type; a stale one gets 409 and changes nothing', async () => {
    const { app, deal } = await setup(dialect);
    const d = await deal({ deal_name: 'D', stage: 'Qualification', amount: 100 });
    const url = `/api/v1/deals/${d.deal_id}`;
    const won = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { stage: 'Closed Won', amount: 150, last_modified_time: d.last_modified_time },
    });
    expect(won.json().deal).toMatchObject({ stage: 'Closed Won', forecast_type: 'Closed Won', amount: 150 });
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { stage: 'Closed Lost', last_modified_time: d.last_modified_time },
    });
    expect(stale.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().deal.stage).toBe(
      'Closed Won',
    );
  });

  it("another organisation's deal answers 404", async () => {
    const { app } = await setup(dialect);
    const other = await createOtherOrg(app);
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/v1/deals',
      headers: other.headers,
      payload: { deal_name: 'T', stage: 'Qualification' },
    });
    const id = theirs.json().deal.deal_id;
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/deals/${id}`, headers: as(ADMIN) })).statusCode,
    ).toBe(404);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/deals/${id}`,
      headers: as(ADMIN),
      payload: { stage: 'X' },
    });
    expect(put.statusCode).toBe(404);
  });
});
