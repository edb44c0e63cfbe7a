import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asUser, openSandbox } from './sandbox-helper.js';

describe('sandbox input handling', () => {
  it('never answers a bad query or body with a 500', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, 'admin@zylker.example');
    const text = fc.string({ maxLength: 40 });
    const paths = fc.constantFrom(
      '/crm/v8/Accounts',
      '/crm/v8/Contacts/search',
      '/crm/v8/Deals/deleted',
      '/crm/v8/users',
      '/crm/v8/settings/custom_views',
      '/crm/v8/settings/fields',
      '/people/api/forms/employee/getRecords',
      '/people/api/timetracker/getprojects',
      '/oauth/v2/auth',
    );
    const keys = fc.constantFrom(
      'fields',
      'page',
      'per_page',
      'page_token',
      'sort_by',
      'sort_order',
      'cvid',
      'criteria',
      'word',
      'email',
      'type',
      'module',
      'sIndex',
      'limit',
      'modifiedtime',
      'ids',
    );
    await fc.assert(
      fc.asyncProperty(
        paths,
        fc.array(fc.tuple(keys, text), { maxLength: 4 }),
        fc.option(text),
        async (path, pairs, since) => {
          const q = new URLSearchParams(pairs).toString();
          const res = await app.inject({
            url: `${path}?${q}`,
            headers: { ...headers, ...(since !== null ? { 'if-modified-since': since } : {}) },
          });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 4 },
    );
    await app.inject({
      method: 'PUT',
      url: '/__sandbox/people/budget',
      payload: { requestsPerMinute: null },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'POST /crm/v8/Contacts',
          'PUT /crm/v8/Deals',
          'POST /crm/v8/Accounts/upsert',
          'POST /__sandbox/faults',
          'POST /__sandbox/crm/default/Deals',
          'POST /oauth/v2/token',
          'POST /__sandbox/tokens',
          'POST /__sandbox/clock',
          'PUT /__sandbox/crm/limits',
          'POST /__sandbox/people/employees',
        ),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ data: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
          fc.record({
            data: fc.array(
              fc.dictionary(
                fc.constantFrom(
                  'Last_Name',
                  'Email',
                  'Account_Name',
                  'Amount',
                  'Stage',
                  'Closing_Date',
                  'Deal_Name',
                  'id',
                  'Owner',
                ),
                fc.jsonValue(),
              ),
              { maxLength: 3 },
            ),
            duplicate_check_fields: fc.jsonValue(),
          }),
        ),
        async (route, body) => {
          const [method, url] = route.split(' ') as ['POST' | 'PUT', string];
          const res = await app.inject({ method, url, headers, payload: JSON.stringify(body) });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
    const broken = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"data": [',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().status).toBe('error');
  });
});
