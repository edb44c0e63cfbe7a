/**
 * Bad input never gets a 5xx and never changes anything. For every write route in the OpenAPI
 * document, fast-check throws generated bodies at it (random JSON values, objects with the route's
 * own field names holding values of the wrong type, malformed JSON text), as an admin of a
 * populated organisation, and checks the answer is a 4xx and no table's row count moved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { rowCounts } from '../helpers/row-counts.js';
import { as, buildTestApp } from '../helpers/test-app.js';

/** Routes that call out to Zoho by design, or whose body is a file, are covered by their own tests. */
const SKIP = [/^\/api\/v1\/auth\//, /^\/api\/v1\/integrations\//, /\/receipt$/, /^\/api\/v1\/receipts$/];

const ADMIN = 'admin@badinput.example';

type Operation = { method: 'POST' | 'PUT'; path: string; properties: Record<string, any> };

function writeOperations(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (SKIP.some((re) => re.test(path))) continue;
    for (const method of ['post', 'put'] as const) {
      const op = item[method];
      if (!op) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: method.toUpperCase() as 'POST' | 'PUT',
        path,
        properties: schema?.properties ?? {},
      });
    }
  }
  return ops;
}

/** The JSON types a property schema admits (following anyOf / type arrays). */
function typesOf(schema: any): Set<string> {
  const out = new Set<string>();
  const visit = (s: any) => {
    if (!s) return;
    if (Array.isArray(s.anyOf)) s.anyOf.forEach(visit);
    if (Array.isArray(s.oneOf)) s.oneOf.forEach(visit);
    if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
    else if (typeof s.type === 'string') out.add(s.type);
    if (s.const !== undefined) out.add(typeof s.const === 'number' ? 'number' : typeof s.const);
    if (s.enum) out.add('enum');
  };
  visit(schema);
  if (out.has('integer')) out.add('number');
  return out;
}

/** A value the property's schema can never accept: another JSON type, or an impossible value of its own type. */
function wrongValueFor(schema: any): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string') && !types.has('enum')) candidates.push(fc.string({ maxLength: 8 }));
  if (!types.has('number')) candidates.push(fc.double({ noNaN: true }));
  if (!types.has('boolean')) candidates.push(fc.boolean());
  if (!types.has('null')) candidates.push(fc.constant(null));
  if (!types.has('array')) candidates.push(fc.array(fc.integer(), { maxLength: 2 }));
  if (!types.has('object')) candidates.push(fc.constant({ nested: 1 }));
  if (types.has('enum') || schema?.enum) candidates.push(fc.constant('no-such-choice'));
  const walk = [schema, ...(schema?.anyOf ?? [])];
  for (const s of walk) {
    if (s?.format === 'date') candidates.push(fc.constantFrom('2025-02-30', '2025-13-01', '1899-12-31'));
    if (s?.format === 'date-time') {
      candidates.push(fc.constantFrom('yesterday', '2026-02-30T10:00:00.000Z', '2026-01-20T10:00:00+02:00'));
    }
    if (typeof s?.maximum === 'number') candidates.push(fc.constant(s.maximum * 10 + 1));
    if (typeof s?.minimum === 'number') candidates.push(fc.constant(s.minimum - 1));
    if (typeof s?.exclusiveMinimum === 'number') candidates.push(fc.constant(s.exclusiveMinimum - 1));
    if (typeof s?.maxLength === 'number') candidates.push(fc.constant('x'.repeat(s.maxLength + 1)));
  }
  return fc.oneof(...candidates);
}

function badBody(properties: Record<string, any>) {
  const names = Object.keys(properties);
  const arbs: fc.Arbitrary<{ json: string }>[] = [
    fc.constantFrom('{', '{"amount": }', '[1,2', 'nul', '{"a":1}}').map((raw) => ({ json: raw })),
    fc
      .oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer()))
      .map((b) => ({ json: JSON.stringify(b) })),
  ];
  if (names.length) {
    arbs.push(
      fc
        .constantFrom(...names)
        .chain((name) =>
          wrongValueFor(properties[name]).map((v) => ({ json: JSON.stringify({ [name]: v }) })),
        ),
    );
    arbs.push(fc.constant({ json: JSON.stringify({ no_such_field_here: 1 }) }));
  }
  return fc.oneof(...arbs);
}

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  it('every write route answers generated bad bodies with a 4xx and stores nothing', async () => {
    const { app, db } = await buildTestApp(dialect, { env: { RATE_LIMIT_MAX: '1000000' } });
    // Sign in once so the organisation exists (the first sign-in creates it).
    const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(me.statusCode).toBe(200);
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const ops = writeOperations(doc);
    expect(ops.length).toBeGreaterThan(20);
    const before = await rowCounts(db);

    for (const op of ops) {
      // Unknown ids in the path: the body must be refused (400) or the id (404), never accepted.
      const url = op.path.replace(/\{[^}]+\}/g, '999999999999');
      await fc.assert(
        fc.asyncProperty(badBody(op.properties), async ({ json }) => {
          const res = await app.inject({
            method: op.method,
            url,
            headers: { ...as(ADMIN), 'content-type': 'application/json' },
            payload: json,
          });
          if (res.statusCode < 400 || res.statusCode >= 500) {
            throw new Error(
              `${op.method} ${url} answered ${res.statusCode} to ${json.slice(0, 200)}: ${res.body.slice(0, 300)}`,
            );
          }
          expect(res.json()).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
        }),
        { numRuns: 15 },
      );
    }
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe.each(DIALECTS)('NUL characters on %s', (dialect) => {
  it('text holding a NUL, in a body or a query string, is a 400 naming the field and stores nothing', async () => {
    const { app, db } = await buildTestApp(dialect);
    const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(me.statusCode).toBe(200);
    const before = await rowCounts(db);
    const writes: [string, string, object, string][] = [
      ['POST', '/api/v1/expensereports', { report_name: 'Trip\u0000' }, 'body.report_name'],
      [
        'POST',
        '/api/v1/contacts',
        { contact_name: 'Acme', custom_fields: { note: 'a\u0000b' } },
        'body.custom_fields.note',
      ],
      [
        'POST',
        '/api/v1/contacts',
        { contact_name: 'Acme', custom_fields: { 'no\u0000te': 'ab' } },
        'body.custom_fields.no',
      ],
    ];
    for (const [method, url, payload, field] of writes) {
      const res = await app.inject({ method: method as 'POST', url, headers: as(ADMIN), payload });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ code: 1000, message: expect.stringContaining(field) });
      expect(res.json().message).toContain('NUL');
    }
    for (const url of [
      '/api/v1/contacts?search_text=a%00',
      '/api/v1/deals?stage=%00',
      '/api/v1/users?search_text=%00',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: as(ADMIN) });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.json().message).toMatch(/^querystring\.\w+ must not contain a NUL character$/);
    }
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe.each(DIALECTS)('unions of literals on %s', (dialect) => {
  it('a value outside a union of literals is a 400 listing the allowed values', async () => {
    const { app, db } = await buildTestApp(dialect);
    const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(me.statusCode).toBe(200);
    const before = await rowCounts(db);
    for (const user_role of ['owner', 5, null]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(ADMIN),
        payload: { email: 'new@badinput.example', name: 'New', user_role },
      });
      expect(res.statusCode, String(user_role)).toBe(400);
      expect(res.json()).toEqual({
        code: 1000,
        message: 'body.user_role must be one of: submitter, approver, admin',
      });
    }
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/expensereports?sort_order=Z',
      headers: as(ADMIN),
    });
    expect(list.statusCode).toBe(400);
    expect(list.json()).toEqual({ code: 1000, message: 'querystring.sort_order must be one of: A, D' });
    expect(await rowCounts(db)).toEqual(before);
  });

  it('a nullable or non-literal union keeps the message of what it refused', async () => {
    const { app, db } = await buildTestApp(dialect);
    const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(me.statusCode).toBe(200);
    const before = await rowCounts(db);
    const cases: [string, object, string][] = [
      [
        '/api/v1/users',
        { email: 'new@badinput.example', name: 'New', manager_id: '' },
        'body.manager_id must NOT have fewer than 1 characters',
      ],
      [
        '/api/v1/users',
        { email: 'new@badinput.example', name: 'New', manager_id: 7 },
        'body.manager_id must be string',
      ],
      [
        '/api/v1/deals',
        { deal_name: 'Big', stage: 'Qualification', amount: 'lots' },
        'body.amount must be number',
      ],
    ];
    for (const [url, payload, message] of cases) {
      const res = await app.inject({ method: 'POST', url, headers: as(ADMIN), payload });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.json()).toEqual({ code: 1000, message });
      expect(res.json().message).not.toContain('one of');
    }
    expect(await rowCounts(db)).toEqual(before);
  });
});
