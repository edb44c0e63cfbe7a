import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import { openSandbox, tokenFor } from './sandbox-helper.js';

/**
 * Pages through a module the way a careful client does: `page` while the next page stays within
 * the first 2,000 records, then the last answer's next_page_token. Returns every id seen.
 */
async function pageAll(
  app: FastifyInstance,
  headers: Record<string, string>,
  module: string,
  perPage: number,
  sort: string,
): Promise<string[]> {
  const ids: string[] = [];
  let page = 1;
  let token: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = token ? `page_token=${token}` : `page=${page}`;
    const res = await app.inject({
      url: `/crm/v8/${module}?fields=id&per_page=${perPage}&${sort}&${q}`,
      headers,
    });
    if (res.statusCode === 204) return ids;
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: { id: string }[];
      info: { more_records: boolean; next_page_token: string | null };
    };
    ids.push(...body.data.map((d) => d.id));
    if (!body.info.more_records) return ids;
    if (!token && (page + 1) * perPage <= 2000) page++;
    else token = body.info.next_page_token;
    expect(token === null && (page - 1) * perPage > 2000).toBe(false);
  }
  throw new Error('paging did not end');
}

describe('sandbox CRM paging', () => {
  it('yields every record exactly once for any dataset size, page size and sort (page, then page_token past 2,000)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 40, max: 200 }),
        fc.constantFrom(
          'sort_by=id&sort_order=desc',
          'sort_by=Modified_Time&sort_order=asc',
          'sort_by=Created_Time&sort_order=desc',
        ),
        fc.constantFrom('Accounts', 'Contacts', 'Deals'),
        async (n, perPage, sort, module) => {
          const app = await createSandbox({ scale: n });
          try {
            const headers = {
              authorization: `Zoho-oauthtoken ${await tokenFor(app, 'admin@zylker.example')}`,
            };
            const ids = await pageAll(app, headers, module, perPage, sort);
            const expected = module === 'Contacts' ? n * 3 : n;
            expect(ids.length).toBe(expected);
            expect(new Set(ids).size).toBe(expected);
          } finally {
            await app.close();
          }
        },
      ),
      { numRuns: 12, seed: 20261125 },
    );
  });

  it('pages the seeded (in-memory) data exactly once in every sort order', async () => {
    const app = await openSandbox();
    const headers = { authorization: `Zoho-oauthtoken ${await tokenFor(app, 'rep@zylker.example')}` };
    for (const sort of ['sort_by=id&sort_order=asc', 'sort_by=Modified_Time&sort_order=desc']) {
      const ids = await pageAll(app, headers, 'Contacts', 7, sort);
      expect(ids.length).toBe(200);
      expect(new Set(ids).size).toBe(200);
    }
  });

  it('pages all 10,000 accounts of scale mode exactly once', async () => {
    const app = await openSandbox({ scale: 10_000 });
    const headers = { authorization: `Zoho-oauthtoken ${await tokenFor(app, 'admin@zylker.example')}` };
    const ids = await pageAll(app, headers, 'Accounts', 200, 'sort_by=id&sort_order=desc');
    expect(ids.length).toBe(10_000);
    expect(new Set(ids).size).toBe(10_000);
  });

  it('generates scale-mode records deterministically, with contacts and deals on their accounts', async () => {
    const app = await openSandbox({ scale: 50 });
    const headers = { authorization: `Zoho-oauthtoken ${await tokenFor(app, 'admin@zylker.example')}` };
    const a = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&per_page=1', headers });
    const b = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&per_page=1', headers });
    expect(a.json().data).toEqual(b.json().data);
    const account = a.json().data[0].id;
    const contacts = await app.inject({
      url: `/crm/v8/Accounts/${account}/Contacts?fields=Account_Name`,
      headers,
    });
    expect(contacts.json().data).toHaveLength(3);
    const deals = await app.inject({ url: `/crm/v8/Accounts/${account}/Deals?fields=Account_Name`, headers });
    expect(deals.json().data).toHaveLength(1);
    const since = await app.inject({
      url: '/crm/v8/Accounts?fields=Modified_Time',
      headers: { ...headers, 'if-modified-since': '2026-11-01T08:59:50+00:00' },
    });
    expect(since.json().data.length).toBe(9);
  });
});
