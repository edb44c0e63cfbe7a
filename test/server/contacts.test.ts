import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { createOtherOrg } from '../helpers/other-org.js';
import { as } from '../helpers/test-app.js';

const REP = 'rep@acme.example';

async function setup(dialect: (typeof DIALECTS)[number]) {
  const t = await buildOrgApp(dialect);
  await t.addUser(REP);
  const create = async (payload: object, who = ADMIN) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: as(who), payload });
    return res;
  };
  return { ...t, create };
}

describe.each(DIALECTS)('customers on %s', (dialect) => {
  it('any member adds a customer; an individual may belong to a business account', async () => {
    const { app, create } = await setup(dialect);
    const acc = await create(
      { contact_name: 'Zylker Corp', customer_sub_type: 'business', custom_fields: { tier: 'gold' } },
      REP,
    );
    expect(acc.statusCode).toBe(201);
    const accountId = acc.json().contact.contact_id;
    const person = await create(
      {
        customer_sub_type: 'individual',
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ADA@zylker.example',
        account_id: accountId,
      },
      REP,
    );
    expect(person.statusCode).toBe(201);
    expect(person.json().contact).toMatchObject({
      contact_name: 'Ada Lovelace',
      customer_sub_type: 'individual',
      email: 'ada@zylker.example',
      account_id: accountId,
      account_name: 'Zylker Corp',
      status: 'active',
      contact_type: 'customer',
    });
    const people = await app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${accountId}/contacts`,
      headers: as(REP),
    });
    expect(people.json().contacts.map((c: { contact_name: string }) => c.contact_name)).toEqual([
      'Ada Lovelace',
    ]);
    const got = await app.inject({ method: 'GET', url: `/api/v1/contacts/${accountId}`, headers: as(REP) });
    expect(got.json().contact.custom_fields).toEqual({ tier: 'gold' });
  });

  it('the list filters by text, sub type, account and status, and pages', async () => {
    const { app, create } = await setup(dialect);
    const acc = (await create({ contact_name: 'Acme Ltd' })).json().contact.contact_id;
    await create({ contact_name: 'Beta Inc', company_name: 'Beta Holdings' });
    await create({ customer_sub_type: 'individual', contact_name: 'Carl', account_id: acc });
    const dana = (await create({ customer_sub_type: 'individual', contact_name: 'Dana' })).json().contact
      .contact_id;
    await app.inject({ method: 'POST', url: `/api/v1/contacts/${dana}/inactive`, headers: as(ADMIN) });
    const names = async (qs: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/contacts?${qs}`, headers: as(REP) }))
        .json()
        .contacts.map((c: { contact_name: string }) => c.contact_name);
    expect(await names('search_text=holdings')).toEqual(['Beta Inc']);
    expect(await names('customer_sub_type=individual')).toEqual(['Carl', 'Dana']);
    expect(await names(`account_id=${acc}`)).toEqual(['Carl']);
    expect(await names('status=inactive')).toEqual(['Dana']);
    const page = await app.inject({ method: 'GET', url: '/api/v1/contacts?per_page=3', headers: as(REP) });
    expect(page.json().page_context).toMatchObject({ per_page: 3, has_more_page: true });
  });

  it('the list is in name order as people read it: case and spacing aside, then by id', async () => {
    const { app, create } = await setup(dialect);
    for (const contact_name of ['Zylker', 'acme', 'Beta  Inc', 'ACME', 'beta inc', 'Émile']) {
      expect((await create({ contact_name })).statusCode).toBe(201);
    }
    const page = async (qs: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/contacts?${qs}`, headers: as(REP) }))
        .json()
        .contacts.map((c: { contact_name: string }) => c.contact_name);
    // Equal keys ("acme"/"ACME", "beta inc"/"Beta  Inc") keep the order they were created in (ids).
    // Keys compare by code point, not by a locale's collation: accented initials come after z.
    const all = ['acme', 'ACME', 'Beta  Inc', 'beta inc', 'Zylker', 'Émile'];
    expect(await page('per_page=50')).toEqual(all);
    expect([...(await page('per_page=4&page=1')), ...(await page('per_page=4&page=2'))]).toEqual(all);
  });

  it('bad customers are refused with 400 and nothing is stored', async () => {
    const { db, orgId, create } = await setup(dialect);
    const person = (await create({ customer_sub_type: 'individual', contact_name: 'P' })).json().contact
      .contact_id;
    for (const payload of [
      {},
      { contact_name: 'X', customer_sub_type: 'company' },
      { contact_name: 'X', email: 'nope' },
      { contact_name: 'X', account_id: 'missing', customer_sub_type: 'individual' },
      { contact_name: 'X', account_id: person, customer_sub_type: 'individual' },
      { contact_name: 'X', customer_sub_type: 'business', account_id: person },
      { contact_name: 'X', custom_fields: { nested: { a: 1 } } },
      { contact_name: 'X', owner: 'me' },
    ]) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const rows = await db.selectFrom('contacts').select('contact_id').where('org_id', '=', orgId).execute();
    expect(rows).toHaveLength(1);
  });

  it("a member edits their own customer but not someone else's (403); admins edit any", async () => {
    const { app, create, addUser } = await setup(dialect);
    await addUser('other@acme.example');
    const mine = (await create({ contact_name: 'Mine' }, REP)).json().contact.contact_id;
    const edit = (id: string, who: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/contacts/${id}`,
        headers: as(who),
        payload: { phone: '123' },
      });
    expect((await edit(mine, REP)).statusCode).toBe(200);
    expect((await edit(mine, 'other@acme.example')).statusCode).toBe(403);
    expect((await edit(mine, ADMIN)).statusCode).toBe(200);
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/contacts/${mine}`,
      headers: as('other@acme.example'),
    });
    expect(del.statusCode).toBe(403);
  });

  it('a stale update gets 409 and changes nothing', async () => {
    const { app, create } = await setup(dialect);
    const c = (await create({ contact_name: 'Old' })).json().contact;
    const url = `/api/v1/contacts/${c.contact_id}`;
    await app.inject({ method: 'PUT', url, headers: as(ADMIN), payload: { contact_name: 'New' } });
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: { ...as(ADMIN), 'if-match': c.last_modified_time },
      payload: { contact_name: 'Stale' },
    });
    expect(stale.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().contact.contact_name).toBe(
      'New',
    );
  });

  it('deleting a customer used by an expense is refused with CUSTOMER_IN_USE; an unused one is deleted', async () => {
    const { app, db, orgId, adminId, create } = await setup(dialect);
    const used = (await create({ contact_name: 'Used' })).json().contact.contact_id;
    const free = (await create({ contact_name: 'Free' })).json().contact.contact_id;
    const child = (
      await create({ contact_name: 'Kid', customer_sub_type: 'individual', account_id: free })
    ).json().contact.contact_id;
    const cat = await db
      .selectFrom('expense_categories')
      .select('category_id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('expenses')
      .values({
        expense_id: 'e-used',
        org_id: orgId,
        user_id: adminId,
        date: '2026-01-01',
        category_id: cat.category_id,
        amount: 100,
        currency_code: 'USD',
        exchange_rate: '1',
        base_amount: 100,
        merchant_name: '',
        description: '',
        reference_number: '',
        is_reimbursable: 1,
        is_billable: 0,
        customer_id: used,
        deal_id: null,
        project_id: null,
        report_id: null,
        attendees: '[]',
        expense_type: 'non_mileage',
        extra: '{}',
        status: 'unreported',
        created_time: '2026-01-01T00:00:00.000Z',
        last_modified_time: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/contacts/${used}`,
      headers: as(ADMIN),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 4012 });
    expect(refused.json().message).toMatch(/inactive/);
    const ok = await app.inject({ method: 'DELETE', url: `/api/v1/contacts/${free}`, headers: as(ADMIN) });
    expect(ok.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/contacts/${free}`, headers: as(ADMIN) })).statusCode,
    ).toBe(404);
    const kid = await app.inject({ method: 'GET', url: `/api/v1/contacts/${child}`, headers: as(ADMIN) });
    expect(kid.json().contact.account_id).toBeNull();
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/contacts/${used}`, headers: as(ADMIN) })).statusCode,
    ).toBe(200);
  });

  it('a customer who is only an attendee of an expense is in use too: deleting it is refused and it stays', async () => {
    const { app, adminId, create } = await setup(dialect);
    const guest = (await create({ contact_name: 'Guest', customer_sub_type: 'individual' })).json().contact
      .contact_id;
    const other = (await create({ contact_name: 'Other', customer_sub_type: 'individual' })).json().contact
      .contact_id;
    const categoryId = (
      await app.inject({ method: 'GET', url: '/api/v1/expensecategories', headers: as(ADMIN) })
    ).json().expense_categories[0].category_id;
    const expense = await app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: as(REP),
      payload: {
        date: '2026-01-16',
        category_id: categoryId,
        amount: 30,
        attendees: [{ user_id: adminId }, { contact_id: guest }],
      },
    });
    expect(expense.statusCode, expense.body).toBe(201);
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/contacts/${guest}`,
      headers: as(ADMIN),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 4012 });
    const kept = await app.inject({ method: 'GET', url: `/api/v1/contacts/${guest}`, headers: as(ADMIN) });
    expect(kept.json().contact).toMatchObject({ contact_id: guest, status: 'active' });
    const view = await app.inject({
      method: 'GET',
      url: `/api/v1/expenses/${expense.json().expense.expense_id}`,
      headers: as(REP),
    });
    expect(view.json().expense.attendees.map((a: { name: string }) => a.name)).toContain('Guest');
    const free = await app.inject({ method: 'DELETE', url: `/api/v1/contacts/${other}`, headers: as(ADMIN) });
    expect(free.statusCode).toBe(200);
  });

  it("another organisation's customer answers 404 on every route", async () => {
    const { app } = await setup(dialect);
    const other = await createOtherOrg(app);
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: other.headers,
      payload: { contact_name: 'T' },
    });
    const id = theirs.json().contact.contact_id;
    for (const [method, url] of [
      ['GET', `/api/v1/contacts/${id}`],
      ['GET', `/api/v1/contacts/${id}/contacts`],
      ['DELETE', `/api/v1/contacts/${id}`],
      ['POST', `/api/v1/contacts/${id}/inactive`],
    ] as const) {
      expect((await app.inject({ method, url, headers: as(ADMIN) })).statusCode, `${method} ${url}`).toBe(
        404,
      );
    }
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/contacts/${id}`,
      headers: as(ADMIN),
      payload: { phone: '1' },
    });
    expect(put.statusCode).toBe(404);
  });

  it('crm_id finds the customer the CRM sync linked to that CRM account or contact', async () => {
    const { app, db, orgId, create } = await setup(dialect);
    const account = (await create({ contact_name: 'Zylker Corp' })).json().contact;
    const person = (await create({ contact_name: 'Ada Lovelace', customer_sub_type: 'individual' })).json()
      .contact;
    await create({ contact_name: 'Zylker Corp' });
    const link = (module: string, external_id: string, local_id: string) => ({
      org_id: orgId,
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
        link('accounts', '4876000000000011', account.contact_id),
        link('contacts', '4876000000000012', person.contact_id),
        link('deals', '4876000000000013', account.contact_id),
      ])
      .execute();
    const byCrmId = async (crmId: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/contacts?crm_id=${crmId}`, headers: as(ADMIN) }))
        .json()
        .contacts.map((c: { contact_id: string }) => c.contact_id);
    expect(await byCrmId('4876000000000011')).toEqual([account.contact_id]);
    expect(await byCrmId('4876000000000012')).toEqual([person.contact_id]);
    // A deal's link names no customer.
    expect(await byCrmId('4876000000000013')).toEqual([]);
  });
});
