import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as, buildTestApp } from '../helpers/test-app.js';

describe.each(DIALECTS)('organisation membership on %s', (dialect) => {
  it('the first sign-in on an empty server creates the organisation with that user as admin', async () => {
    const { app, db } = await buildTestApp(dialect);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as('first@acme.example'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      email: 'first@acme.example',
      user_role: 'admin',
      status: 'active',
    });
    const orgs = await db.selectFrom('organizations').selectAll().execute();
    expect(orgs).toHaveLength(1);
    const cats = await db.selectFrom('expense_categories').select('category_id').execute();
    expect(cats.length).toBeGreaterThan(0);
  });

  it('a second, unknown user gets 403 and creates nothing', async () => {
    const { app, db } = await buildOrgApp(dialect);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as('stranger@else.example'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe(2002);
    expect(await db.selectFrom('organizations').select('org_id').execute()).toHaveLength(1);
    expect(await db.selectFrom('users').select('user_id').execute()).toHaveLength(1);
  });

  it('the organisation header chooses among several organisations; without it the caller must choose', async () => {
    const { app, orgId } = await buildOrgApp(dialect);
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as(ADMIN),
      payload: { name: 'Second', currency_code: 'EUR' },
    });
    const secondId = second.json().organization.organization_id;
    const inFirst = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN, orgId) });
    const inSecond = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as(ADMIN, secondId),
    });
    expect(inFirst.json().user.organization_id).toBe(orgId);
    expect(inSecond.json().user.organization_id).toBe(secondId);
    expect(inFirst.json().user.user_id).not.toBe(inSecond.json().user.user_id);
    const none = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe(2005);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as(ADMIN, 'no-such-org'),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('the header naming an organisation the caller does not belong to gets 404, as one that does not exist', async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'Other', currency_code: 'USD' },
    });
    const otherId = other.json().organization.organization_id;
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN, otherId) });
    const none = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as(ADMIN, '4600000000012345'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(none.json());
    expect(res.json().code).toBe(3010);
  });

  it('a user an admin added by email signs in and gets their Zoho account linked', async () => {
    const { app, db, addUser } = await buildOrgApp(dialect);
    const repId = await addUser('rep@acme.example');
    const before = await db
      .selectFrom('users')
      .select('zuid')
      .where('user_id', '=', repId)
      .executeTakeFirstOrThrow();
    expect(before.zuid).toBeNull();
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as('Rep@Acme.example') });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.user_id).toBe(repId);
    const after = await db
      .selectFrom('users')
      .select('zuid')
      .where('user_id', '=', repId)
      .executeTakeFirstOrThrow();
    expect(after.zuid).toBe('zuid-rep@acme.example');
  });

  it('an inactive user gets 403 on every member route', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const repId = await addUser('rep@acme.example');
    await app.inject({ method: 'POST', url: `/api/v1/users/${repId}/inactive`, headers: as(ADMIN) });
    for (const url of ['/api/v1/users/me', '/api/v1/contacts', '/api/v1/deals']) {
      const res = await app.inject({ method: 'GET', url, headers: as('rep@acme.example') });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe(2004);
    }
  });

  it('no token gets 401 and a malformed token 401', async () => {
    const { app } = await buildOrgApp(dialect);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users/me' })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Bearer x' },
    });
    expect(bad.statusCode).toBe(401);
  });
});
