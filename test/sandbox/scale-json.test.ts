import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createCrmStore } from '../../sandbox/crm/crm-store.js';
import { customViewsFor } from '../../sandbox/crm/custom-views.js';
import { project } from '../../sandbox/crm/list-params.js';
import type { ModuleName } from '../../sandbox/crm/module-meta.js';
import type { ListQuery, ModuleStore } from '../../sandbox/crm/module-store.js';
import { buildSeed } from '../../sandbox/data/seed.js';
import type { SandboxSeed } from '../../sandbox/data/seed-types.js';
import { asUser, openSandbox } from './sandbox-helper.js';

/**
 * Scale mode writes list pages straight to JSON bytes (sandbox/crm/scale-json.ts). These tests hold
 * that fast path to the generic one: JSON.stringify of the projected records, byte for byte.
 */

/** A seed whose CRM users and currency carry text JSON must escape, or that is not ASCII. */
function awkwardSeed(): SandboxSeed {
  const seed = buildSeed();
  const org = seed.crmOrgs[0]!;
  const names = [
    'Tom "The Closer" Becker',
    'Back\\slash Lee',
    'Tab\tand\nnewline',
    'Zoë Łukasz 🚀',
    'Line\u2028separator',
    'Lone \ud800 surrogate',
    '</script>',
  ];
  org.users.forEach((u, k) => {
    u.full_name = names[k % names.length]!;
  });
  org.org.iso_code = 'U"S\\D';
  return seed;
}

const FIELD_POOL = [
  'id',
  'Owner',
  'Account_Name',
  'Phone',
  'Industry',
  'Zoho_Expense',
  'Currency',
  'Exchange_Rate',
  'Created_Time',
  'Modified_Time',
  'First_Name',
  'Last_Name',
  'Full_Name',
  'Email',
  'Deal_Name',
  'Contact_Name',
  'Stage',
  'Probability',
  'Amount',
  'Closing_Date',
  'Pipeline',
  'No_Such_Field',
  'we"ird\\name',
  'Ünïcødé',
  'constructor',
  'toString',
];

const MODULES: ModuleName[] = ['Accounts', 'Contacts', 'Deals'];

/** What the fast path wrote for the page, as the `data` array's JSON text; undefined without one. */
function fastJson(store: ModuleStore, q: ListQuery, offset: number, limit: number, fields: string[]) {
  const page = store.windowJson?.(q, offset, limit, fields);
  if (!page) return undefined;
  const into = Buffer.alloc(page.maxBytes + 2);
  into[0] = 0x5b; // [
  const end = page.write(into, 1);
  into[end] = 0x5d; // ]
  // A page that says it is ASCII (and so may be read as latin1) must be.
  if (page.ascii) expect(into.subarray(0, end).every((byte) => byte < 0x80)).toBe(true);
  return { json: into.toString('utf8', 0, end + 1), count: page.count, more: page.more };
}

function genericJson(store: ModuleStore, q: ListQuery, offset: number, limit: number, fields: string[]) {
  const { records, more } = store.window(q, offset, limit);
  return { json: JSON.stringify(records.map((r) => project(r, fields))), count: records.length, more };
}

describe('sandbox scale mode: JSON written from the record index', () => {
  it('equals JSON.stringify of the projected records for any module, fields, page, sort and If-Modified-Since', () => {
    const seeds = [buildSeed(), awkwardSeed()];
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1),
        fc.constantFrom(1, 7, 2_500, 100_000, 1_200_000),
        fc.constantFrom(...MODULES),
        fc.array(fc.constantFrom(...FIELD_POOL), { minLength: 1, maxLength: 12 }),
        fc.nat(5_000),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.option(fc.nat(4_000_000), { nil: undefined }),
        (seedIndex, scale, module, fields, offset, limit, order, secondsBack) => {
          const store = createCrmStore(seeds[seedIndex]!, scale).orgs[0]!.modules[module];
          const q: ListQuery = {
            sortBy: 'id',
            order,
            modifiedSince:
              secondsBack === undefined ? undefined : Date.UTC(2026, 10, 1, 9) - secondsBack * 1000,
            predicate: undefined,
          };
          const fast = fastJson(store, q, offset, limit, fields);
          const generic = genericJson(store, q, offset, limit, fields);
          if (fields.some((f) => f in Object.prototype)) expect(fast).toBeUndefined();
          else expect(fast).toEqual(generic);
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('pages past index 999,999 write seven-digit names the way the generic path does', () => {
    const store = createCrmStore(buildSeed(), 1_000_100).orgs[0]!.modules.Deals;
    const q: ListQuery = { sortBy: 'id', order: 'desc', modifiedSince: undefined, predicate: undefined };
    const fields = ['Deal_Name', 'Account_Name', 'Contact_Name', 'Closing_Date', 'Amount'];
    const fast = fastJson(store, q, 50, 200, fields)!;
    expect(fast.json).toContain('"Scale Deal 1000000"');
    expect(fast).toEqual(genericJson(store, q, 50, 200, fields));
  });

  it('filters by a custom view (cvid) to the same records and bytes', () => {
    const org = createCrmStore(awkwardSeed(), 3_000).orgs[0]!;
    const admin = org.users.find((u) => u.email === 'admin@zylker.example')!;
    for (const module of ['Accounts', 'Contacts'] as const) {
      for (const view of customViewsFor(org, module)) {
        const q: ListQuery = {
          sortBy: 'Modified_Time',
          order: 'asc',
          modifiedSince: undefined,
          predicate: view.filter(admin),
        };
        const fields = ['Owner', 'Zoho_Expense', 'Modified_Time', 'Account_Name'];
        for (const offset of [0, 190, 2_990]) {
          expect(fastJson(org.modules[module], q, offset, 200, fields)).toEqual(
            genericJson(org.modules[module], q, offset, 200, fields),
          );
        }
      }
    }
  });
});

describe('sandbox scale mode: list answers over HTTP', () => {
  /** The body the generic path would send: Fastify's JSON.stringify of { data, info }. */
  function expectedBody(app: FastifyInstance, module: ModuleName, url: URL, info: unknown): string {
    const fields = url.searchParams.get('fields')!.split(',');
    const perPage = Number(url.searchParams.get('per_page') ?? 200);
    const page = Number(url.searchParams.get('page') ?? 1);
    const store = app.sandbox.crm.orgs[0]!.modules[module];
    const q: ListQuery = {
      sortBy: (url.searchParams.get('sort_by') ?? 'id') as ListQuery['sortBy'],
      order: (url.searchParams.get('sort_order') ?? 'desc') as ListQuery['order'],
      modifiedSince: undefined,
      predicate: undefined,
    };
    const { records } = store.window(q, (page - 1) * perPage, perPage);
    return JSON.stringify({ data: records.map((r) => project(r, fields)), info });
  }

  it('sends the same bytes and headers the generic path would, escapes and non-ASCII included', async () => {
    const app = await openSandbox({ seed: awkwardSeed(), scale: 5_000 });
    const headers = await asUser(app, 'admin@zylker.example');
    const urls = [
      '/crm/v8/Accounts?fields=Account_Name,Owner,Phone,Industry,Zoho_Expense,Created_Time,Modified_Time&per_page=200&page=3',
      '/crm/v8/Contacts?fields=Full_Name,Email,Account_Name,Owner,Currency&per_page=37&page=5&sort_order=asc',
      '/crm/v8/Deals?fields=Deal_Name,Stage,Probability,Amount,Closing_Date,Contact_Name,Nope&sort_by=Modified_Time',
      '/crm/v8/Accounts?fields=constructor,Account_Name,Account_Name,id&per_page=3',
    ];
    for (const path of urls) {
      const res = await app.inject({ url: path, headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      const url = new URL(path, 'http://sandbox');
      const module = url.pathname.split('/').pop() as ModuleName;
      expect(res.body).toBe(expectedBody(app, module, url, res.json().info));
    }
  });

  it('still answers 204 past the last record and 304 when nothing changed since If-Modified-Since', async () => {
    const app = await openSandbox({ scale: 100 });
    const headers = await asUser(app, 'admin@zylker.example');
    const past = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name&page=2&per_page=100',
      headers,
    });
    expect(past.statusCode).toBe(204);
    expect(past.body).toBe('');
    const since = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name',
      headers: { ...headers, 'if-modified-since': '2026-11-01T09:00:00+00:00' },
    });
    expect(since.statusCode).toBe(304);
  });
});
