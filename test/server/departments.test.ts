import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

describe.each(DIALECTS)('departments on %s', (dialect) => {
  it('an admin creates a department with a head, and every member reads it', async () => {
    const { app, adminId, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: as(ADMIN),
      payload: { department_name: 'Sales', head_user_id: adminId },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().department.department_id;
    const got = await app.inject({
      method: 'GET',
      url: `/api/v1/departments/${id}`,
      headers: as('rep@acme.example'),
    });
    expect(got.json().department).toMatchObject({
      department_name: 'Sales',
      head_user_id: adminId,
      head_user_name: 'admin',
    });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/departments',
      headers: as('rep@acme.example'),
    });
    expect(list.json().departments).toHaveLength(1);
  });

  it('a submitter cannot create or change departments (403)', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: as('rep@acme.example'),
      payload: { department_name: 'Mine' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a duplicate name is refused with 409, and an unknown head with 400', async () => {
    const { app } = await buildOrgApp(dialect);
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/departments', headers: as(ADMIN), payload });
    expect((await post({ department_name: 'Sales' })).statusCode).toBe(201);
    expect((await post({ department_name: 'Sales' })).statusCode).toBe(409);
    expect((await post({ department_name: 'Ops', head_user_id: 'nobody' })).statusCode).toBe(400);
    expect((await post({ department_name: 42 })).statusCode).toBe(400);
  });

  it('an update with a stale last_modified_time gets 409 and changes nothing', async () => {
    const { app } = await buildOrgApp(dialect);
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/departments',
        headers: as(ADMIN),
        payload: { department_name: 'A' },
      })
    ).json().department;
    const url = `/api/v1/departments/${created.department_id}`;
    const first = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { department_name: 'B', last_modified_time: created.last_modified_time },
    });
    expect(first.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { department_name: 'C', last_modified_time: created.last_modified_time },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().department.department_name,
    ).toBe('B');
  });

  it("another organisation's department answers 404", async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'Other', currency_code: 'USD' },
    });
    const otherOrg = other.json().organization.organization_id;
    const dept = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: as('boss@other.example', otherOrg),
      payload: { department_name: 'Secret' },
    });
    const id = dept.json().department.department_id;
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/departments/${id}`, headers: as(ADMIN) })).statusCode,
    ).toBe(404);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/departments/${id}`,
      headers: as(ADMIN),
      payload: { department_name: 'Mine' },
    });
    expect(put.statusCode).toBe(404);
  });

  describe('DELETE /departments/{id}', () => {
    async function createDept(app: Awaited<ReturnType<typeof buildOrgApp>>['app'], name: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/departments',
        headers: as(ADMIN),
        payload: { department_name: name },
      });
      expect(res.statusCode).toBe(201);
      return res.json().department.department_id as string;
    }

    it('an admin deletes a department nobody belongs to; it then answers 404', async () => {
      const { app } = await buildOrgApp(dialect);
      const id = await createDept(app, 'Events');
      const keep = await createDept(app, 'Sales');
      const url = `/api/v1/departments/${id}`;
      const del = await app.inject({ method: 'DELETE', url, headers: as(ADMIN) });
      expect(del.statusCode, del.body).toBe(200);
      expect(del.json()).toEqual({ code: 0, message: 'The department has been deleted.' });
      expect((await app.inject({ method: 'GET', url, headers: as(ADMIN) })).statusCode).toBe(404);
      const list = await app.inject({ method: 'GET', url: '/api/v1/departments', headers: as(ADMIN) });
      expect(list.json().departments.map((d: { department_id: string }) => d.department_id)).toEqual([keep]);
    });

    it('deleting a department that still has users returns 409 naming them and changes nothing', async () => {
      const { app, db, addUser } = await buildOrgApp(dialect);
      const id = await createDept(app, 'Sales');
      await addUser('rep@acme.example', { department_id: id });
      await addUser('rep2@acme.example', { department_id: id });
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/v1/departments/${id}`,
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe(6006);
      expect(res.json().message).toBe(
        'The department "Sales" has 2 users and cannot be deleted; move them to another department first.',
      );
      const dept = await db.selectFrom('departments').selectAll().where('department_id', '=', id).execute();
      expect(dept).toHaveLength(1);
      const members = await db.selectFrom('users').select('email').where('department_id', '=', id).execute();
      expect(members).toHaveLength(2);
    });

    it('once its users have moved elsewhere, the department can be deleted', async () => {
      const { app, addUser } = await buildOrgApp(dialect);
      const id = await createDept(app, 'Sales');
      const userId = await addUser('rep@acme.example', { department_id: id });
      const url = `/api/v1/departments/${id}`;
      expect((await app.inject({ method: 'DELETE', url, headers: as(ADMIN) })).statusCode).toBe(409);
      const moved = await app.inject({
        method: 'PUT',
        url: `/api/v1/users/${userId}`,
        headers: as(ADMIN),
        payload: { department_id: null },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect((await app.inject({ method: 'DELETE', url, headers: as(ADMIN) })).statusCode).toBe(200);
    });

    it('deleting a department drops its Zoho People link, so a later sync does not point at it', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      const id = await createDept(app, 'Events');
      const keep = await createDept(app, 'Sales');
      const link = (external_id: string, local_id: string) => ({
        org_id: orgId,
        system: 'people' as const,
        module: 'departments',
        external_id,
        local_id,
        external_modified_time: null,
        local_modified_time: null,
        field_hashes: '{}',
      });
      await db
        .insertInto('sync_links')
        .values([link('p-1', id), link('p-2', keep)])
        .execute();
      expect(
        (await app.inject({ method: 'DELETE', url: `/api/v1/departments/${id}`, headers: as(ADMIN) }))
          .statusCode,
      ).toBe(200);
      const links = await db
        .selectFrom('sync_links')
        .select('local_id')
        .where('org_id', '=', orgId)
        .execute();
      expect(links.map((l) => l.local_id)).toEqual([keep]);
    });

    it("a submitter gets 403, another organisation's department and an unknown id 404; nothing is deleted", async () => {
      const { app, db, addUser } = await buildOrgApp(dialect);
      const id = await createDept(app, 'Sales');
      await addUser('rep@acme.example');
      const mine = await app.inject({
        method: 'DELETE',
        url: `/api/v1/departments/${id}`,
        headers: as('rep@acme.example'),
      });
      expect(mine.statusCode).toBe(403);
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: as('boss@other.example'),
        payload: { name: 'Other', currency_code: 'USD' },
      });
      const otherOrg = other.json().organization.organization_id;
      const theirs = await app.inject({
        method: 'POST',
        url: '/api/v1/departments',
        headers: as('boss@other.example', otherOrg),
        payload: { department_name: 'Secret' },
      });
      const theirId = theirs.json().department.department_id;
      for (const target of [theirId, 'no-such-department']) {
        const res = await app.inject({
          method: 'DELETE',
          url: `/api/v1/departments/${target}`,
          headers: as(ADMIN),
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe(3009);
      }
      expect(await db.selectFrom('departments').select('department_id').execute()).toHaveLength(2);
    });
  });
});
