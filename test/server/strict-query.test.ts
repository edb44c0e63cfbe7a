/**
 * Query strings are strict (server/http/strict-query.ts): a parameter a route does not declare is a
 * 400 naming it, never silently ignored, and `organization_id` is Zoho's alternative to the
 * organisation header. The GET routes are read from the app itself (an onRoute collector on the
 * real Fastify factory), so a route added later is covered without editing this file.
 */
import type { RouteOptions } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { rowCounts } from '../helpers/row-counts.js';
import { as } from '../helpers/test-app.js';

const collected = vi.hoisted(() => ({ routes: [] as RouteOptions[] }));

vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const create = ((options?: object) => {
    const app = mod.default(options);
    app.addHook('onRoute', (route) => {
      collected.routes.push(route);
    });
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: create };
});

/** API routes that take any query string, each for the reason beside it in its routes file. */
const EXEMPT = ['/api/v1/health', '/api/v1/integrations/:system/callback'];

/** A value each path parameter's schema accepts, so the query string is what gets checked. */
function paramValue(schema: any): string {
  const consts = (schema?.anyOf ?? []).map((s: any) => s.const).filter((c: unknown) => c !== undefined);
  if (consts.length > 0) return String(consts[0]);
  if (Array.isArray(schema?.enum)) return String(schema.enum[0]);
  if (schema?.pattern === '^[A-Z]{3}$') return 'USD';
  return '999999999999';
}

function concreteUrl(route: RouteOptions): string {
  const props = ((route.schema as any)?.params?.properties ?? {}) as Record<string, unknown>;
  return route.url.replace(/:([A-Za-z_]+)/g, (_, name: string) => paramValue(props[name]));
}

async function build(dialect: (typeof DIALECTS)[number]) {
  collected.routes = [];
  const t = await buildOrgApp(dialect);
  const getRoutes = collected.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1'));
  const categoryId: string = (
    await t.app.inject({ method: 'GET', url: '/api/v1/expensecategories', headers: as(ADMIN) })
  ).json().expense_categories[0].category_id;
  return { ...t, getRoutes, categoryId };
}

describe.each(DIALECTS)('strict query strings on %s', (dialect) => {
  it('every GET API route answers an unknown query parameter with 400 naming it, and changes nothing', async () => {
    const { app, db, getRoutes } = await build(dialect);
    const checked = getRoutes.filter((r) => !EXEMPT.includes(r.url));
    expect(checked.length).toBeGreaterThan(50);
    const before = await rowCounts(db);
    const wrong: string[] = [];
    for (const route of checked) {
      const url = `${concreteUrl(route)}?stauts=draft`;
      const res = await app.inject({ method: 'GET', url, headers: as(ADMIN) });
      const body = String(res.headers['content-type']).includes('json') ? res.json() : {};
      const ok =
        res.statusCode === 400 &&
        body.code === 1000 &&
        String(body.message).startsWith("Unknown query parameter 'stauts'.");
      if (!ok) wrong.push(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('names every unknown parameter and what the route accepts; a declared filter still filters', async () => {
    const { app, categoryId } = await build(dialect);
    const draft = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: as(ADMIN),
        payload: { report_name: 'Trip' },
      })
    ).json().expense_report;
    for (const report_id of [undefined, draft.report_id]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as(ADMIN),
        payload: {
          date: '2026-01-16',
          category_id: categoryId,
          amount: 10,
          ...(report_id ? { report_id } : {}),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    const two = await app.inject({
      url: '/api/v1/expenses?stauts=draft&per_page=5&sort=x',
      headers: as(ADMIN),
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toMatch(/^Unknown query parameters 'stauts', 'sort'\. Accepted: .*\bstatus\b/);

    // A misspelt required parameter is named as the misspelling, not as the one missing.
    const misspelt = await app.inject({
      url: '/api/v1/auditlog?entity_typ=expense&entity_id=1',
      headers: as(ADMIN),
    });
    expect(misspelt.json().message).toMatch(
      /^Unknown query parameter 'entity_typ'\. Accepted: entity_type, entity_id, organization_id\.$/,
    );
    // A declared parameter with a bad value is reported as before.
    const badValue = await app.inject({ url: '/api/v1/expenses?status=nope', headers: as(ADMIN) });
    expect(badValue.json().message).toMatch(/^querystring\.status must be one of: unreported/);

    const none = await app.inject({ url: '/api/v1/users/me?x=1', headers: as(ADMIN) });
    expect(none.json()).toEqual({
      code: 1000,
      message: "Unknown query parameter 'x'. Accepted: organization_id.",
    });

    const all = await app.inject({ url: '/api/v1/expenses', headers: as(ADMIN) });
    expect(all.json().expenses).toHaveLength(2);
    const unreported = await app.inject({ url: '/api/v1/expenses?status=unreported', headers: as(ADMIN) });
    expect(unreported.statusCode).toBe(200);
    expect(unreported.json().expenses.map((e: { status: string }) => e.status)).toEqual(['unreported']);
  });

  it('analytics reports filter by deal_id', async () => {
    const { app, categoryId, addUser } = await build(dialect);
    const approverId = await addUser('approver@acme.example', { user_role: 'approver' });
    const dealIds: string[] = [];
    for (const deal_name of ['One', 'Two']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/deals',
        headers: as(ADMIN),
        payload: { deal_name, stage: 'Qualification' },
      });
      expect(res.statusCode, res.body).toBe(201);
      dealIds.push(res.json().deal.deal_id);
    }
    const report = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: as(ADMIN),
        payload: { report_name: 'Deals' },
      })
    ).json().expense_report;
    for (const deal_id of dealIds) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as(ADMIN),
        payload: {
          date: '2026-01-16',
          category_id: categoryId,
          amount: 10,
          deal_id,
          report_id: report.report_id,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${report.report_id}/submit`,
      headers: as(ADMIN),
      payload: { approver_id: approverId },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const deals = async (query: string) => {
      const res = await app.inject({ url: `/api/v1/analytics/spend-per-deal${query}`, headers: as(ADMIN) });
      expect(res.statusCode, res.body).toBe(200);
      const table = res.json().report.tables[0];
      return table.rows.map((r: Record<string, unknown>) => r.deal_id).sort();
    };
    expect(await deals('')).toEqual([...dealIds].sort());
    expect(await deals(`?deal_id=${dealIds[1]}`)).toEqual([dealIds[1]]);
  });

  it('a write with an unknown query parameter is refused, stores nothing and leaves its Idempotency-Key unused', async () => {
    const { app, db, categoryId } = await build(dialect);
    const expense = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as(ADMIN),
        payload: { date: '2026-01-16', category_id: categoryId, amount: 10 },
      })
    ).json().expense;
    const before = await rowCounts(db);
    const headers = { ...as(ADMIN), 'idempotency-key': 'strict-query-1' };
    const payload = { date: '2026-01-17', category_id: categoryId, amount: 12 };
    const refused = [
      await app.inject({ method: 'POST', url: '/api/v1/expenses?draft=true', headers, payload }),
      await app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${expense.expense_id}?notify=1`,
        headers: as(ADMIN),
        payload: { amount: 99 },
      }),
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/expenses/${expense.expense_id}?force=1`,
        headers: as(ADMIN),
      }),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().message])).toEqual([
      [400, expect.stringMatching(/^Unknown query parameter 'draft'\./)],
      [400, expect.stringMatching(/^Unknown query parameter 'notify'\./)],
      [400, expect.stringMatching(/^Unknown query parameter 'force'\./)],
    ]);
    expect(await rowCounts(db)).toEqual(before);
    const read = await app.inject({ url: `/api/v1/expenses/${expense.expense_id}`, headers: as(ADMIN) });
    expect(read.json().expense.total).toBe(10);
    const retried = await app.inject({ method: 'POST', url: '/api/v1/expenses', headers, payload });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('the exempt routes and the docs take any query string', async () => {
    const { app, getRoutes } = await build(dialect);
    expect(getRoutes.map((r) => r.url)).toEqual(expect.arrayContaining(EXEMPT));
    const health = await app.inject({ url: '/api/v1/health?_=1700000000' });
    expect(health.statusCode).toBe(200);
    const callback = await app.inject({ url: '/api/v1/integrations/crm/callback?code=x&state=y&extra=1' });
    expect(callback.headers['content-type']).toContain('text/html');
    expect(callback.body).not.toContain('Unknown query parameter');
    const doc = await app.inject({ url: '/api/docs/json?v=2' });
    expect(doc.statusCode).toBe(200);
    const list = doc.json().paths['/api/v1/expenses/'].get;
    const names = list.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'deal_id', 'organization_id']));
  });
});

describe.each(DIALECTS)('organization_id on %s', (dialect) => {
  /** ADMIN belongs to two organisations: A (from the fixture) and B, each with one expense. */
  async function twoOrgs() {
    const t = await build(dialect);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as(ADMIN),
      payload: { name: 'Second', currency_code: 'USD' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orgB: string = created.json().organization.organization_id;
    const expenseIn = async (orgId: string) => {
      const headers = as(ADMIN, orgId);
      const categoryId = (await t.app.inject({ url: '/api/v1/expensecategories', headers })).json()
        .expense_categories[0].category_id;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers,
        payload: { date: '2026-01-16', category_id: categoryId, amount: 10 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { expenseId: res.json().expense.expense_id as string, categoryId: categoryId as string };
    };
    return { ...t, orgA: t.orgId, orgB, inA: await expenseIn(t.orgId), inB: await expenseIn(orgB) };
  }

  const idsOf = (res: { json: () => { expenses: { expense_id: string }[] } }) =>
    res.json().expenses.map((e) => e.expense_id);

  it('chooses the organisation when the header is absent, for reads and writes', async () => {
    const { app, db, orgA, orgB, inA, inB } = await twoOrgs();
    const neither = await app.inject({ url: '/api/v1/expenses', headers: as(ADMIN) });
    expect(neither.json().code).toBe(2005);
    expect(
      idsOf(await app.inject({ url: `/api/v1/expenses?organization_id=${orgA}`, headers: as(ADMIN) })),
    ).toEqual([inA.expenseId]);
    expect(
      idsOf(await app.inject({ url: `/api/v1/expenses?organization_id=${orgB}`, headers: as(ADMIN) })),
    ).toEqual([inB.expenseId]);
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/expenses?organization_id=${orgB}`,
      headers: as(ADMIN),
      payload: { date: '2026-01-18', category_id: inB.categoryId, amount: 5 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const row = await db
      .selectFrom('expenses')
      .select('org_id')
      .where('expense_id', '=', created.json().expense.expense_id)
      .executeTakeFirstOrThrow();
    expect(row.org_id).toBe(orgB);
  });

  it('must name the header’s organisation when both are sent; a mismatch is 400 and changes nothing', async () => {
    const { app, db, orgA, orgB, inA } = await twoOrgs();
    const same = await app.inject({
      url: `/api/v1/expenses?organization_id=${orgA}`,
      headers: as(ADMIN, orgA),
    });
    expect(idsOf(same)).toEqual([inA.expenseId]);
    const before = await rowCounts(db);
    const mismatched = [
      await app.inject({ url: `/api/v1/expenses?organization_id=${orgB}`, headers: as(ADMIN, orgA) }),
      await app.inject({
        method: 'POST',
        url: `/api/v1/expenses?organization_id=${orgB}`,
        headers: as(ADMIN, orgA),
        payload: { date: '2026-01-18', category_id: inA.categoryId, amount: 5 },
      }),
    ];
    for (const res of mismatched) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        code: 1000,
        message:
          'The organization_id query parameter and the X-com-zoho-expense-organizationid header name different organisations; send one of them, or the same id in both.',
      });
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it('an organisation the caller does not belong to answers 404, as the header does', async () => {
    const { app } = await twoOrgs();
    for (const url of [
      '/api/v1/expenses?organization_id=123456789',
      '/api/v1/expenses?organization_id=bad%20id',
    ]) {
      const res = await app.inject({ url, headers: as(ADMIN) });
      expect([res.statusCode, res.json().code], url).toEqual([404, 3010]);
    }
  });

  it('is accepted where the organisation comes from elsewhere: the organisation list still lists every one', async () => {
    const { app, orgA, orgB } = await twoOrgs();
    const orgs = await app.inject({
      url: `/api/v1/organizations?organization_id=${orgA}`,
      headers: as(ADMIN),
    });
    expect(orgs.statusCode, orgs.body).toBe(200);
    expect(
      orgs
        .json()
        .organizations.map((o: { organization_id: string }) => o.organization_id)
        .sort(),
    ).toEqual([orgA, orgB].sort());
  });
});
