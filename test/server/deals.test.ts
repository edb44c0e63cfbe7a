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

  it("with potentials_mode 'user', a non-admin attaches only deals they own, yet edits what already carries another deal", async () => {
    const { app, orgId, repId, rep2Id, accountId, deal } = await setup(dialect);
    const mine = await deal({
      deal_name: 'Mine',
      stage: 'Qualification',
      owner_id: repId,
      account_id: accountId,
    });
    const theirs = await deal({ deal_name: 'Theirs', stage: 'Qualification', owner_id: rep2Id });
    const categoryId = (
      await app.inject({ method: 'GET', url: '/api/v1/expensecategories', headers: as(ADMIN) })
    ).json().expense_categories[0].category_id;
    const send = (who: string, method: 'POST' | 'PUT', url: string, payload: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers: as(who), payload });
    const newExpense = (who: string, dealId: string) =>
      send(who, 'POST', '/expenses', {
        date: '2026-01-16',
        category_id: categoryId,
        amount: 10,
        deal_id: dealId,
      });
    // Attached while every deal was visible: the expense and the report keep it.
    const carried = (await newExpense(REP, theirs.deal_id)).json().expense;
    const report = (
      await send(REP, 'POST', '/expensereports', { report_name: 'Trip', deal_id: theirs.deal_id })
    ).json().expense_report;
    await send(ADMIN, 'PUT', `/organizations/${orgId}`, { potentials_mode: 'user' });

    const refused = await newExpense(REP, theirs.deal_id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe((await newExpense(REP, 'no-such-deal')).json().code);
    expect((await newExpense(REP, mine.deal_id)).statusCode).toBe(201);
    expect((await newExpense(ADMIN, theirs.deal_id)).statusCode).toBe(201);

    const edited = await send(REP, 'PUT', `/expenses/${carried.expense_id}`, {
      merchant_name: 'Cab',
      last_modified_time: carried.last_modified_time,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().expense).toMatchObject({ merchant_name: 'Cab', deal_id: theirs.deal_id });
    const resent = await send(REP, 'PUT', `/expenses/${carried.expense_id}`, {
      description: 'Airport',
      deal_id: theirs.deal_id,
    });
    expect(resent.statusCode, resent.body).toBe(200);
    const moved = await send(REP, 'PUT', `/expenses/${carried.expense_id}`, { deal_id: mine.deal_id });
    expect(moved.json().expense).toMatchObject({ deal_id: mine.deal_id, customer_id: accountId });
    const back = await send(REP, 'PUT', `/expenses/${carried.expense_id}`, { deal_id: theirs.deal_id });
    expect(back.statusCode).toBe(400);

    const renamed = await send(REP, 'PUT', `/expensereports/${report.report_id}`, { report_name: 'Trip 2' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().expense_report).toMatchObject({ report_name: 'Trip 2', deal_id: theirs.deal_id });
    const summary = (who: string, id: string) =>
      app.inject({ method: 'GET', url: `/api/v1/analytics/deals/${id}/summary`, headers: as(who) });
    expect((await summary(REP, theirs.deal_id)).statusCode).toBe(404);
    expect((await summary(REP, mine.deal_id)).statusCode).toBe(200);
    expect((await summary(ADMIN, theirs.deal_id)).statusCode).toBe(200);
    const dealRows = async (who: string) =>
      (
        await send(who, 'POST', '/analytics/run', {
          spec: { source: 'deals', dimensions: ['deal'], measures: ['count'], filters: {} },
        })
      )
        .json()
        .report.tables[0].rows.map((r: { deal: string }) => r.deal)
        .sort();
    expect(await dealRows(REP)).toEqual(['Mine']);
    expect(await dealRows(ADMIN)).toEqual(['Mine', 'Theirs']);
  });

  it("with potentials_mode 'user', a list filtered by a hidden deal answers as an unknown deal id; the deal's name stays on the rep's own records", async () => {
    const { app, orgId, adminId, repId, rep2Id, deal } = await setup(dialect);
    const mine = await deal({ deal_name: 'Mine', stage: 'Qualification', owner_id: repId });
    const theirs = await deal({ deal_name: 'Theirs', stage: 'Qualification', owner_id: rep2Id });
    const categoryId = (
      await app.inject({ method: 'GET', url: '/api/v1/expensecategories', headers: as(ADMIN) })
    ).json().expense_categories[0].category_id;
    const send = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers: as(who), ...(payload ? { payload } : {}) });
    // While every deal was visible, the rep spent on both deals and submitted a report on Theirs.
    const report = (
      await send(REP, 'POST', '/expensereports', { report_name: 'Trip', deal_id: theirs.deal_id })
    ).json().expense_report;
    for (const d of [theirs, mine]) {
      const res = await send(REP, 'POST', '/expenses', {
        date: '2026-01-16',
        category_id: categoryId,
        amount: 10,
        deal_id: d.deal_id,
        report_id: report.report_id,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const submitted = await send(REP, 'POST', `/expensereports/${report.report_id}/submit`, {
      approver_id: adminId,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    await send(ADMIN, 'PUT', `/organizations/${orgId}`, { potentials_mode: 'user' });

    const spec = (dealId: string) => ({
      spec: { source: 'expenses', dimensions: ['deal'], measures: ['total'], filters: { deal_id: dealId } },
    });
    const filtered: [string, (dealId: string) => Promise<{ statusCode: number; body: string }>][] = [
      ['GET /expenses', (id) => send(REP, 'GET', `/expenses?deal_id=${id}`)],
      ['GET /expensereports', (id) => send(REP, 'GET', `/expensereports?deal_id=${id}`)],
      ['POST /analytics/run', (id) => send(REP, 'POST', '/analytics/run', spec(id))],
      ['GET /analytics/spend-per-deal', (id) => send(REP, 'GET', `/analytics/spend-per-deal?deal_id=${id}`)],
    ];
    for (const [name, list] of filtered) {
      const hidden = await list(theirs.deal_id);
      const unknown = await list('no-such-deal');
      expect(unknown.statusCode, name).toBe(200);
      expect({ status: hidden.statusCode, body: hidden.body }, name).toEqual({
        status: unknown.statusCode,
        body: unknown.body,
      });
    }
    // The filters still work for a deal the rep may see, and for an admin on any deal.
    const ids = async (who: string, url: string, key: 'expenses' | 'expense_reports') =>
      (await send(who, 'GET', url)).json()[key].length;
    expect(await ids(REP, `/expenses?deal_id=${mine.deal_id}`, 'expenses')).toBe(1);
    expect(await ids(ADMIN, `/expenses?deal_id=${theirs.deal_id}`, 'expenses')).toBe(1);
    expect(await ids(ADMIN, `/expensereports?deal_id=${theirs.deal_id}`, 'expense_reports')).toBe(1);

    // What the rep already holds keeps the hidden deal's name.
    const all = (await send(REP, 'GET', '/expenses')).json().expenses;
    expect(all.map((e: { deal_name: string }) => e.deal_name).sort()).toEqual(['Mine', 'Theirs']);
    const held = (await send(REP, 'GET', `/expensereports/${report.report_id}`)).json().expense_report;
    expect(held).toMatchObject({ deal_id: theirs.deal_id, deal_name: 'Theirs' });
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

  it('crm_id finds the deal the CRM sync linked to that CRM record, in this organisation only', async () => {
    const { app, db, orgId, deal } = await setup(dialect);
    const linked = await deal({ deal_name: 'Same name', stage: 'Qualification' });
    await deal({ deal_name: 'Same name', stage: 'Qualification' });
    const other = await createOtherOrg(app);
    const theirs = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/deals',
        headers: other.headers,
        payload: { deal_name: 'Theirs', stage: 'Qualification' },
      })
    ).json().deal;
    const link = (org_id: string, module: string, external_id: string, local_id: string) => ({
      org_id,
      system: 'crm' as const,
      module,
      external_id,
      local_id,
      external_modified_time: null,
      local_modified_time: null,
      field_hashes: '{}',
    });
    await db
      .insertInto('sync_links')
      .values([
        link(orgId, 'deals', '4876000000000001', linked.deal_id),
        // The same CRM id in another organisation, and another module's record, are not ours.
        link(other.orgId, 'deals', '4876000000000002', theirs.deal_id),
        link(orgId, 'accounts', '4876000000000003', linked.deal_id),
      ])
      .execute();
    const byCrmId = async (crmId: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/deals?crm_id=${crmId}`, headers: as(ADMIN) }))
        .json()
        .deals.map((d: { deal_id: string }) => d.deal_id);
    expect(await byCrmId('4876000000000001')).toEqual([linked.deal_id]);
    expect(await byCrmId('4876000000000002')).toEqual([]);
    expect(await byCrmId('4876000000000003')).toEqual([]);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/deals?crm_id=abc', headers: as(ADMIN) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('crm_id');
  });
});
