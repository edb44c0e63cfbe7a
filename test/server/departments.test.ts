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
});
