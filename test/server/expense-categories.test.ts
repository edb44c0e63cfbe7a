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
});
