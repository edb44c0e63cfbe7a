import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { createOtherOrg } from '../helpers/other-org.js';
import { as } from '../helpers/test-app.js';

describe.each(DIALECTS)('projects on %s', (dialect) => {
  it('an admin creates, renames, deactivates and reactivates a project; members read it', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const cust = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: as(ADMIN),
      payload: { contact_name: 'Zylker' },
    });
    const customerId = cust.json().contact.contact_id;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: as(ADMIN),
      payload: { project_name: 'Rollout', description: 'Phase 1', customer_id: customerId },
    });
    expect(res.statusCode).toBe(201);
    const p = res.json().project;
    expect(p).toMatchObject({ project_name: 'Rollout', customer_name: 'Zylker', status: 'active' });
    const url = `/api/v1/projects/${p.project_id}`;
    await app.inject({ method: 'PUT', url, headers: as(ADMIN), payload: { project_name: 'Rollout 2' } });
    const off = await app.inject({ method: 'POST', url: `${url}/inactive`, headers: as(ADMIN) });
    expect(off.json().project).toMatchObject({ project_name: 'Rollout 2', status: 'inactive' });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/projects?status=inactive',
      headers: as('rep@acme.example'),
    });
    expect(list.json().projects).toHaveLength(1);
    const on = await app.inject({ method: 'POST', url: `${url}/active`, headers: as(ADMIN) });
    expect(on.json().project.status).toBe('active');
  });

  it('a submitter cannot write projects (403)', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: as('rep@acme.example'),
      payload: { project_name: 'Mine' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('bad projects are refused with 400; a stale update with 409', async () => {
    const { app } = await buildOrgApp(dialect);
    for (const payload of [
      {},
      { project_name: '' },
      { project_name: 'X', customer_id: 'ghost' },
      { project_name: 'X', budget: 1 },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/projects', headers: as(ADMIN), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const p = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/projects',
        headers: as(ADMIN),
        payload: { project_name: 'P' },
      })
    ).json().project;
    const url = `/api/v1/projects/${p.project_id}`;
    await app.inject({ method: 'PUT', url, headers: as(ADMIN), payload: { description: 'new' } });
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { project_name: 'Q', last_modified_time: p.last_modified_time },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('deleting a project used by an expense is refused with 409; an unused one is deleted', async () => {
    const { app, db, orgId, adminId } = await buildOrgApp(dialect);
    const mk = async (name: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/projects',
          headers: as(ADMIN),
          payload: { project_name: name },
        })
      ).json().project.project_id;
    const used = await mk('Used');
    const free = await mk('Free');
    const cat = await db
      .selectFrom('expense_categories')
      .select('category_id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('expenses')
      .values({
        expense_id: 'e-proj',
        org_id: orgId,
        user_id: adminId,
        date: '2026-01-01',
        category_id: cat.category_id,
        amount: 100,
        currency_code: 'USD',
        exchange_rate: '1',
        base_amount: 100,
        merchant_name: '',
        description: '',
        reference_number: '',
        is_reimbursable: 1,
        is_billable: 0,
        customer_id: null,
        deal_id: null,
        project_id: used,
        report_id: null,
        attendees: '[]',
        expense_type: 'non_mileage',
        extra: '{}',
        status: 'unreported',
        created_time: '2026-01-01T00:00:00.000Z',
        last_modified_time: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${used}`,
      headers: as(ADMIN),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe(6003);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/projects/${free}`, headers: as(ADMIN) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/projects/${free}`, headers: as(ADMIN) })).statusCode,
    ).toBe(404);
  });

  it("another organisation's project answers 404", async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await createOtherOrg(app);
    const id = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/projects',
        headers: other.headers,
        payload: { project_name: 'T' },
      })
    ).json().project.project_id;
    for (const [method, url] of [
      ['GET', `/api/v1/projects/${id}`],
      ['DELETE', `/api/v1/projects/${id}`],
      ['POST', `/api/v1/projects/${id}/inactive`],
    ] as const) {
      expect((await app.inject({ method, url, headers: as(ADMIN) })).statusCode, url).toBe(404);
    }
  });
});
