import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

describe.each(DIALECTS)('users on %s', (dialect) => {
  it('an admin adds a user by email, and everyone can read the directory', async () => {
    const { app, addUser, adminId } = await buildOrgApp(dialect);
    const repId = await addUser('Rep@Acme.example', { name: 'Rita Rep', manager_id: adminId });
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${repId}`,
      headers: as('rep@acme.example'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      email: 'rep@acme.example',
      name: 'Rita Rep',
      user_role: 'submitter',
      status: 'active',
      manager_id: adminId,
    });
    const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: as('rep@acme.example') });
    expect(list.json().users).toHaveLength(2);
  });

  it('GET /users/me answers the signed-in user', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const repId = await addUser('rep@acme.example');
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as('rep@acme.example') });
    expect(res.json().user.user_id).toBe(repId);
  });

  it('the list filters by status, role, department and text, and pages', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const dept = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: as(ADMIN),
      payload: { department_name: 'Sales' },
    });
    const deptId = dept.json().department.department_id;
    await addUser('ann@acme.example', { name: 'Ann', user_role: 'approver', department_id: deptId });
    const bobId = await addUser('bob@acme.example', { name: 'Bob' });
    await addUser('cy@acme.example', { name: 'Cy 100%' });
    await app.inject({ method: 'POST', url: `/api/v1/users/${bobId}/inactive`, headers: as(ADMIN) });

    const get = async (qs: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/users?${qs}`, headers: as(ADMIN) })).json();
    expect((await get('status=inactive')).users.map((u: { name: string }) => u.name)).toEqual(['Bob']);
    expect((await get('user_role=approver')).users.map((u: { name: string }) => u.name)).toEqual(['Ann']);
    expect((await get(`department_id=${deptId}`)).users[0].department_name).toBe('Sales');
    expect((await get('search_text=100%25')).users.map((u: { name: string }) => u.name)).toEqual(['Cy 100%']);
    const page1 = await get('per_page=2&page=1');
    expect(page1.users).toHaveLength(2);
    expect(page1.page_context).toMatchObject({ page: 1, per_page: 2, has_more_page: true });
    const page2 = await get('per_page=2&page=2');
    expect(page2.users).toHaveLength(2);
    expect(page2.page_context.has_more_page).toBe(false);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/users?per_page=201', headers: as(ADMIN) })).statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/users?status=gone', headers: as(ADMIN) })).statusCode,
    ).toBe(400);
  });

  it('adding a user whose email already exists here is refused with 409', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(ADMIN),
      payload: { email: 'REP@acme.example', name: 'Again' },
    });
    expect(res.statusCode).toBe(409);
  });

  it('bad user bodies are refused with 400 and create nothing', async () => {
    const { app, db, orgId } = await buildOrgApp(dialect);
    for (const payload of [
      { email: 'not-an-email', name: 'X' },
      { email: 'x@acme.example', name: 'X', user_role: 'boss' },
      { email: 'x@acme.example', name: 'X', manager_id: 'nobody' },
      { email: 'x@acme.example', name: 'X', department_id: 'nowhere' },
      { email: 'x@acme.example' },
      { email: 'x@acme.example', name: 'X', zuid: '1' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: as(ADMIN), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const users = await db.selectFrom('users').select('email').where('org_id', '=', orgId).execute();
    expect(users).toHaveLength(1);
  });

  it('only admins add or change users (403 for a submitter)', async () => {
    const { app, addUser, adminId } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const add = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as('rep@acme.example'),
      payload: { email: 'x@acme.example', name: 'X' },
    });
    expect(add.statusCode).toBe(403);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${adminId}`,
      headers: as('rep@acme.example'),
      payload: { name: 'Pwned' },
    });
    expect(put.statusCode).toBe(403);
  });

  it('a manager that would loop the reporting line is refused with 400 and nothing changes', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const vp = await addUser('vp@acme.example', { user_role: 'approver' });
    const rep = await addUser('rep@acme.example', { manager_id: vp });
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${vp}`,
      headers: as(ADMIN),
      payload: { manager_id: rep, name: 'Changed' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(6001);
    const self = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${vp}`,
      headers: as(ADMIN),
      payload: { manager_id: vp },
    });
    expect(self.statusCode).toBe(400);
    const after = await app.inject({ method: 'GET', url: `/api/v1/users/${vp}`, headers: as(ADMIN) });
    expect(after.json().user).toMatchObject({ manager_id: null, name: 'vp' });
  });

  it('a manager from another organisation is refused with 400', async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'Other', currency_code: 'USD' },
    });
    const outsider = other.json().organization.user_id;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(ADMIN),
      payload: { email: 'x@acme.example', name: 'X', manager_id: outsider },
    });
    expect(res.statusCode).toBe(400);
  });

  it('nobody can deactivate or demote the last active admin (409)', async () => {
    const { app, adminId, addUser } = await buildOrgApp(dialect);
    const off = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${adminId}/inactive`,
      headers: as(ADMIN),
    });
    expect(off.statusCode).toBe(409);
    expect(off.json().code).toBe(6000);
    const demote = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${adminId}`,
      headers: as(ADMIN),
      payload: { user_role: 'approver' },
    });
    expect(demote.statusCode).toBe(409);
    // With a second active admin, the first may step down.
    await addUser('second@acme.example', { user_role: 'admin' });
    const ok = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${adminId}`,
      headers: as(ADMIN),
      payload: { user_role: 'approver' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.user_role).toBe('approver');
  });

  it('an update with a stale last_modified_time or If-Match gets 409 and changes nothing', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const rep = await addUser('rep@acme.example');
    const loaded = (
      await app.inject({ method: 'GET', url: `/api/v1/users/${rep}`, headers: as(ADMIN) })
    ).json().user;
    const first = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${rep}`,
      headers: as(ADMIN),
      payload: { name: 'First', last_modified_time: loaded.last_modified_time },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().user.last_modified_time).not.toBe(loaded.last_modified_time);
    const stale = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${rep}`,
      headers: as(ADMIN),
      payload: { name: 'Second', last_modified_time: loaded.last_modified_time },
    });
    expect(stale.statusCode).toBe(409);
    const staleHeader = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${rep}`,
      headers: { ...as(ADMIN), 'if-match': `"${loaded.last_modified_time}"` },
      payload: { name: 'Third' },
    });
    expect(staleHeader.statusCode).toBe(409);
    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/users/${rep}`, headers: as(ADMIN) })
    ).json().user;
    expect(after.name).toBe('First');
  });

  it('inactive users can be made active again', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    const rep = await addUser('rep@acme.example');
    await app.inject({ method: 'POST', url: `/api/v1/users/${rep}/inactive`, headers: as(ADMIN) });
    const res = await app.inject({ method: 'POST', url: `/api/v1/users/${rep}/active`, headers: as(ADMIN) });
    expect(res.json().user.status).toBe('active');
  });

  it('an active user takes a seat of the plan: with every seat taken, adding or reactivating one is refused (409) and changes nothing', async () => {
    const { app, db, orgId, addUser } = await buildOrgApp(dialect);
    const seats = (seat_count: number) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${orgId}`,
        headers: as(ADMIN),
        payload: { seat_count },
      });
    expect((await seats(2)).statusCode).toBe(200);
    const rep = await addUser('rep@acme.example');
    const add = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(ADMIN),
        payload: { email: 'third@acme.example', name: 'Third' },
      });
    const refused = await add();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 6008,
      message: 'All 2 seats of the plan are taken by active users.',
    });
    expect(
      await db.selectFrom('users').select('email').where('email', '=', 'third@acme.example').execute(),
    ).toEqual([]);
    // Freeing a seat lets the new user in; the one made inactive cannot come back until a seat is free.
    await app.inject({ method: 'POST', url: `/api/v1/users/${rep}/inactive`, headers: as(ADMIN) });
    expect((await add()).statusCode).toBe(201);
    const back = await app.inject({ method: 'POST', url: `/api/v1/users/${rep}/active`, headers: as(ADMIN) });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe(6008);
    const viaPut = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${rep}`,
      headers: as(ADMIN),
      payload: { status: 'active' },
    });
    expect(viaPut.json().code).toBe(6008);
    const still = await db
      .selectFrom('users')
      .select('status')
      .where('user_id', '=', rep)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('inactive');
    // Other changes of a user do not need a seat, and more seats let the user back.
    const renamed = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${rep}`,
      headers: as(ADMIN),
      payload: { name: 'Rita Renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    await seats(3);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${rep}/active`,
      headers: as(ADMIN),
    });
    expect(again.json().user.status).toBe('active');
  });

  it("another organisation's user id answers 404", async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'Other', currency_code: 'USD' },
    });
    const outsider = other.json().organization.user_id;
    for (const [method, url] of [
      ['GET', `/api/v1/users/${outsider}`],
      ['POST', `/api/v1/users/${outsider}/inactive`],
    ] as const) {
      const res = await app.inject({ method, url, headers: as(ADMIN) });
      expect(res.statusCode, url).toBe(404);
    }
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${outsider}`,
      headers: as(ADMIN),
      payload: { name: 'x' },
    });
    expect(put.statusCode).toBe(404);
  });
});
