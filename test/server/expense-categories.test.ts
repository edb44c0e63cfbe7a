import { describe, expect, it } from 'vitest';
import { isCategoryUsable } from '../../server/modules/expense-categories/service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

describe.each(DIALECTS)('expense categories on %s', (dialect) => {
  it('a new organisation lists its default categories under expense_categories', async () => {
    const { app } = await buildOrgApp(dialect);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/expensecategories?per_page=200',
      headers: as(ADMIN),
    });
    expect(res.statusCode).toBe(200);
    const names = res.json().expense_categories.map((c: { category_name: string }) => c.category_name);
    expect(names).toContain('Meals');
    expect(names).toContain('Air Travel');
  });

  it('an admin creates and renames a category; a duplicate name is refused with 409', async () => {
    const { app } = await buildOrgApp(dialect);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/expensecategories',
      headers: as(ADMIN),
      payload: { category_name: 'Trade Shows', description: 'Booths and passes' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().expense_category.category_id;
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/expensecategories',
      headers: as(ADMIN),
      payload: { category_name: 'meals' },
    });
    expect(dup.statusCode).toBe(409);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/expensecategories/${id}`,
      headers: as(ADMIN),
      payload: { category_name: 'Trade Fairs' },
    });
    expect(put.json().expense_category).toMatchObject({
      category_name: 'Trade Fairs',
      description: 'Booths and passes',
    });
  });

  it('a disabled category is listed as disabled and is not usable for new expenses', async () => {
    const { app, db, orgId } = await buildOrgApp(dialect);
    const list = await app.inject({ method: 'GET', url: '/api/v1/expensecategories', headers: as(ADMIN) });
    const meals = list
      .json()
      .expense_categories.find((c: { category_name: string }) => c.category_name === 'Meals');
    expect(await isCategoryUsable(db, orgId, meals.category_id)).toBe(true);
    const off = await app.inject({
      method: 'POST',
      url: `/api/v1/expensecategories/${meals.category_id}/disable`,
      headers: as(ADMIN),
    });
    expect(off.json().expense_category).toMatchObject({ is_enabled: false, status: 'inactive' });
    expect(await isCategoryUsable(db, orgId, meals.category_id)).toBe(false);
    const enabled = await app.inject({
      method: 'GET',
      url: '/api/v1/expensecategories?is_enabled=true&per_page=200',
      headers: as(ADMIN),
    });
    expect(
      enabled.json().expense_categories.map((c: { category_id: string }) => c.category_id),
    ).not.toContain(meals.category_id);
    await app.inject({
      method: 'POST',
      url: `/api/v1/expensecategories/${meals.category_id}/enable`,
      headers: as(ADMIN),
    });
    expect(await isCategoryUsable(db, orgId, meals.category_id)).toBe(true);
    expect(await isCategoryUsable(db, orgId, 'unknown')).toBe(false);
  });

  it('a submitter cannot create, change or disable categories (403)', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/expensecategories',
      headers: as('rep@acme.example'),
    });
    const id = list.json().expense_categories[0].category_id;
    const rep = as('rep@acme.example');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/expensecategories',
          headers: rep,
          payload: { category_name: 'X' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/expensecategories/${id}/disable`, headers: rep }))
        .statusCode,
    ).toBe(403);
  });

  it("another organisation's category answers 404", async () => {
    const { app } = await buildOrgApp(dialect);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'Other', currency_code: 'USD' },
    });
    const otherOrg = other.json().organization.organization_id;
    const theirs = await app.inject({
      method: 'GET',
      url: '/api/v1/expensecategories',
      headers: as('boss@other.example', otherOrg),
    });
    const id = theirs.json().expense_categories[0].category_id;
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/expensecategories/${id}`, headers: as(ADMIN) }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/expensecategories/${id}/disable`,
          headers: as(ADMIN),
        })
      ).statusCode,
    ).toBe(404);
  });

  describe('DELETE /expensecategories/{id}', () => {
    async function categoryNamed(app: Awaited<ReturnType<typeof buildOrgApp>>['app'], name: string) {
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/expensecategories?per_page=200',
        headers: as(ADMIN),
      });
      return list.json().expense_categories.find((c: { category_name: string }) => c.category_name === name)
        .category_id as string;
    }

    it('an admin deletes a category no expense uses; it then answers 404', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      const id = await categoryNamed(app, 'Parking');
      const before = await db
        .selectFrom('expense_categories')
        .select('category_id')
        .where('org_id', '=', orgId)
        .execute();
      const url = `/api/v1/expensecategories/${id}`;
      const del = await app.inject({ method: 'DELETE', url, headers: as(ADMIN) });
      expect(del.statusCode, del.body).toBe(200);
      expect(del.json()).toEqual({ code: 0, message: 'The expense category has been deleted.' });
      expect((await app.inject({ method: 'GET', url, headers: as(ADMIN) })).statusCode).toBe(404);
      const after = await db
        .selectFrom('expense_categories')
        .select('category_id')
        .where('org_id', '=', orgId)
        .execute();
      expect(after).toHaveLength(before.length - 1);
    });

    it('deleting a category used by an expense returns 409 and changes nothing', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      const id = await categoryNamed(app, 'Meals');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as(ADMIN),
        payload: { date: '2026-01-10', category_id: id, amount: 12.5, merchant_name: 'Deli' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const before = await db
        .selectFrom('expense_categories')
        .selectAll()
        .where('org_id', '=', orgId)
        .execute();
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/v1/expensecategories/${id}`,
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({
        code: 6005,
        message: 'The category "Meals" is used by expenses and cannot be deleted; disable it instead.',
      });
      expect(
        await db.selectFrom('expense_categories').selectAll().where('org_id', '=', orgId).execute(),
      ).toEqual(before);
      const expense = await app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${created.json().expense.expense_id}`,
        headers: as(ADMIN),
      });
      expect(expense.json().expense.category_name).toBe('Meals');
    });

    it('the Per Diem category cannot be deleted while a per diem policy is active, and can once none is', async () => {
      const { app } = await buildOrgApp(dialect);
      const id = await categoryNamed(app, 'Per Diem');
      const policy = await app.inject({
        method: 'POST',
        url: '/api/v1/settings/perdiem',
        headers: as(ADMIN),
        payload: { policy_name: 'Domestic', currency_code: 'USD', rates: [{ location: 'Boston', rate: 60 }] },
      });
      expect(policy.statusCode, policy.body).toBe(201);
      const url = `/api/v1/expensecategories/${id}`;
      const refused = await app.inject({ method: 'DELETE', url, headers: as(ADMIN) });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain('per diem policies');
      const p = policy.json().per_diem_policy;
      const off = await app.inject({
        method: 'PUT',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: as(ADMIN),
        payload: { status: 'inactive' },
      });
      expect(off.statusCode, off.body).toBe(200);
      expect((await app.inject({ method: 'DELETE', url, headers: as(ADMIN) })).statusCode).toBe(200);
    });

    it("a submitter gets 403, another organisation's category and an unknown id 404; nothing is deleted", async () => {
      const { app, db, addUser } = await buildOrgApp(dialect);
      await addUser('rep@acme.example');
      const id = await categoryNamed(app, 'Parking');
      const rep = await app.inject({
        method: 'DELETE',
        url: `/api/v1/expensecategories/${id}`,
        headers: as('rep@acme.example'),
      });
      expect(rep.statusCode).toBe(403);
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: as('boss@other.example'),
        payload: { name: 'Other', currency_code: 'USD' },
      });
      const otherOrg = other.json().organization.organization_id;
      const theirs = await app.inject({
        method: 'GET',
        url: '/api/v1/expensecategories',
        headers: as('boss@other.example', otherOrg),
      });
      const theirId = theirs.json().expense_categories[0].category_id;
      for (const target of [theirId, 'no-such-category']) {
        const res = await app.inject({
          method: 'DELETE',
          url: `/api/v1/expensecategories/${target}`,
          headers: as(ADMIN),
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe(3007);
      }
      const left = await db.selectFrom('expense_categories').select('category_id').execute();
      expect(left.map((c) => c.category_id)).toEqual(expect.arrayContaining([id, theirId]));
    });
  });
});
