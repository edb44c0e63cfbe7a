/**
 * The version an update carries (`last_modified_time` in the body, or If-Match) must be an ISO 8601
 * UTC time. A malformed one is bad input, 400 naming where it was, and changes nothing; only a
 * well-formed time that is not the stored one is a stale update (409).
 */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { validatorCompiler } from '../../server/http/validation.js';
import { DateTimeSchema } from '../../server/modules/common-schemas.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

type OrgApp = Awaited<ReturnType<typeof buildOrgApp>>;

interface Resource {
  name: string;
  /** Creates one and returns its url and the key of its envelope. */
  create(app: OrgApp['app']): Promise<{ url: string; key: string }>;
  /** A change to send along with the version. */
  change: Record<string, unknown>;
}

async function createAt(app: OrgApp['app'], collection: string, key: string, payload: object, id: string) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/${collection}`, headers: as(ADMIN), payload });
  expect(res.statusCode, res.body).toBe(201);
  return { url: `/api/v1/${collection}/${res.json()[key][id]}`, key };
}

const RESOURCES: Resource[] = [
  {
    name: 'a department',
    create: (app) =>
      createAt(app, 'departments', 'department', { department_name: 'Sales' }, 'department_id'),
    change: { department_name: 'Renamed' },
  },
  {
    name: 'a project',
    create: (app) => createAt(app, 'projects', 'project', { project_name: 'Rollout' }, 'project_id'),
    change: { project_name: 'Renamed' },
  },
  {
    name: 'a customer',
    create: (app) => createAt(app, 'contacts', 'contact', { contact_name: 'Zylker' }, 'contact_id'),
    change: { contact_name: 'Renamed' },
  },
];

/** Not ISO 8601 UTC times: words, impossible dates and hours, no `T`, an offset, epoch milliseconds. */
const MALFORMED = [
  'yesterday',
  '2026-02-30T10:00:00.000Z',
  '2026-01-20T24:00:00.000Z',
  '2026-01-20 10:00:00.000Z',
  '2026-01-20T10:00:00.000+02:00',
  '1768903200000',
];

async function read(app: OrgApp['app'], url: string) {
  const res = await app.inject({ method: 'GET', url, headers: as(ADMIN) });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe.each(DIALECTS)('update versions on %s', (dialect) => {
  describe.each(RESOURCES.map((r) => [r.name, r] as const))('updating %s', (_name, resource) => {
    it('a malformed last_modified_time in the body gets 400 naming the field and changes nothing', async () => {
      const { app } = await buildOrgApp(dialect);
      const { url } = await resource.create(app);
      const before = await read(app, url);
      for (const bad of ['', ...MALFORMED]) {
        const res = await app.inject({
          method: 'PUT',
          url,
          headers: as(ADMIN),
          payload: { ...resource.change, last_modified_time: bad },
        });
        expect(res.statusCode, bad).toBe(400);
        expect(res.json(), bad).toEqual({
          code: 1000,
          message: 'body.last_modified_time must be an ISO 8601 UTC time such as 2026-01-20T10:00:00.000Z',
        });
      }
      expect(await read(app, url)).toEqual(before);
    });

    it('a malformed If-Match gets 400 naming the header and changes nothing', async () => {
      const { app } = await buildOrgApp(dialect);
      const { url } = await resource.create(app);
      const before = await read(app, url);
      for (const bad of [...MALFORMED, ...MALFORMED.map((m) => `"${m}"`), 'W/"yesterday"']) {
        const res = await app.inject({
          method: 'PUT',
          url,
          headers: { ...as(ADMIN), 'if-match': bad },
          payload: resource.change,
        });
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().code, bad).toBe(1013);
        expect(res.json().message, bad).toContain('If-Match');
      }
      expect(await read(app, url)).toEqual(before);
    });

    it('a well-formed time that is not the stored one is still stale (409); the stored one still updates', async () => {
      const { app } = await buildOrgApp(dialect);
      const { url, key } = await resource.create(app);
      const before = await read(app, url);
      const current: string = before[key].last_modified_time;
      const other = '2020-01-01T00:00:00Z';
      const staleBody = await app.inject({
        method: 'PUT',
        url,
        headers: as(ADMIN),
        payload: { ...resource.change, last_modified_time: other },
      });
      expect(staleBody.statusCode).toBe(409);
      const staleHeader = await app.inject({
        method: 'PUT',
        url,
        headers: { ...as(ADMIN), 'if-match': `W/"${other}"` },
        payload: resource.change,
      });
      expect(staleHeader.statusCode).toBe(409);
      expect(await read(app, url)).toEqual(before);
      const fresh = await app.inject({
        method: 'PUT',
        url,
        headers: { ...as(ADMIN), 'if-match': `"${current}"` },
        payload: resource.change,
      });
      expect(fresh.statusCode, fresh.body).toBe(200);
      expect(fresh.json()[key]).toMatchObject(resource.change);
    });
  });

  it('the OpenAPI document gives every last_modified_time the date-time format', async () => {
    const { app } = await buildOrgApp(dialect);
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const put = doc.paths['/api/v1/departments/{department_id}'].put;
    expect(put.requestBody.content['application/json'].schema.properties.last_modified_time).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    const found: unknown[] = [];
    JSON.stringify(doc, (k, v) => {
      if (k === 'last_modified_time') found.push(v);
      return v;
    });
    expect(found.length).toBeGreaterThan(10);
    for (const schema of found) expect(schema).toMatchObject({ type: 'string', format: 'date-time' });
  });
});

describe('date-time validation in query strings', () => {
  const validate = validatorCompiler({
    schema: Type.Object({ since: Type.Optional(DateTimeSchema) }),
    httpPart: 'querystring',
    method: 'GET',
    url: '/',
  });

  it('accepts ISO 8601 UTC times and refuses anything else', () => {
    for (const good of ['2026-01-20T10:00:00.000Z', '2026-01-20T10:00:00Z', '2024-02-29T23:59:59.999Z']) {
      expect(validate({ since: good }), good).toBe(true);
    }
    for (const bad of MALFORMED) expect(validate({ since: bad }), bad).toBe(false);
  });
});
