import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

const TABLES = [
  'organizations',
  'users',
  'departments',
  'expense_categories',
  'currencies',
  'exchange_rates',
  'contacts',
  'deals',
  'projects',
] as const;

/** Bodies that are not what the routes expect: wrong types, unknown fields, junk values. */
const badBody = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.string({ maxLength: 12 }),
    fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
  ),
  fc.record({
    name: fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 201, maxLength: 210 })),
    currency_code: fc.string({ maxLength: 5 }),
    rate: fc.oneof(fc.constant('-1'), fc.constant('0'), fc.double({ max: 0 }), fc.string()),
    effective_date: fc.string({ maxLength: 12 }),
    amount: fc.oneof(fc.double({ max: -0.001 }), fc.string()),
    user_role: fc.string({ maxLength: 8 }),
  }),
);

describe.each(DIALECTS)('directory write routes on %s', (dialect) => {
  it('property: bad bodies never get a 5xx, and a refused one changes nothing', async () => {
    const { app, db, orgId, addUser } = await buildOrgApp(dialect);
    const repId = await addUser('rep@acme.example');
    const post = async (url: string, payload: object) =>
      (await app.inject({ method: 'POST', url, headers: as(ADMIN), payload })).json();
    const deptId = (await post('/api/v1/departments', { department_name: 'Sales' })).department.department_id;
    const catId = (await post('/api/v1/expensecategories', { category_name: 'Demo' })).expense_category
      .category_id;
    await post('/api/v1/settings/currencies', { currency_code: 'EUR' });
    const contactId = (await post('/api/v1/contacts', { contact_name: 'Zylker' })).contact.contact_id;
    const dealId = (await post('/api/v1/deals', { deal_name: 'D', stage: 'Qualification' })).deal.deal_id;
    const projectId = (await post('/api/v1/projects', { project_name: 'P' })).project.project_id;
    const routes: [string, string][] = [
      ['POST', '/api/v1/organizations'],
      ['PUT', `/api/v1/organizations/${orgId}`],
      ['POST', '/api/v1/users'],
      ['PUT', `/api/v1/users/${repId}`],
      ['POST', '/api/v1/departments'],
      ['PUT', `/api/v1/departments/${deptId}`],
      ['POST', '/api/v1/expensecategories'],
      ['PUT', `/api/v1/expensecategories/${catId}`],
      ['POST', '/api/v1/settings/currencies'],
      ['POST', '/api/v1/settings/currencies/EUR/exchangerates'],
      ['POST', '/api/v1/contacts'],
      ['PUT', `/api/v1/contacts/${contactId}`],
      ['POST', '/api/v1/deals'],
      ['PUT', `/api/v1/deals/${dealId}`],
      ['POST', '/api/v1/projects'],
      ['PUT', `/api/v1/projects/${projectId}`],
    ];
    const snapshot = async () =>
      JSON.stringify(await Promise.all(TABLES.map((t) => db.selectFrom(t).selectAll().execute())));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), badBody, async ([method, url], body) => {
        const before = await snapshot();
        const res = await app.inject({
          method: method as 'POST' | 'PUT',
          url,
          headers: { ...as(ADMIN), 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'undefined',
        });
        expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});
