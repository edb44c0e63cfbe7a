import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { asUser, openSandbox } from './sandbox-helper.js';

const ADMIN = 'admin@zylker.example';

describe('sandbox Zoho People', () => {
  it("pages employees with 1-based sIndex and limit in People's envelope", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, ADMIN);
    const first = await app.inject({
      url: '/people/api/forms/employee/getRecords?sIndex=1&limit=10',
      headers,
    });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.response).toMatchObject({
      message: 'Data fetched successfully',
      uri: '/api/forms/employee/getRecords',
      status: 0,
    });
    expect(body.response.result).toHaveLength(10);
    const [entry] = body.response.result;
    const [zohoId] = Object.keys(entry);
    expect(entry[zohoId!][0]).toMatchObject({ Zoho_ID: zohoId, EmployeeID: 'ZY001', EmailID: ADMIN });
    const second = await app.inject({
      url: '/people/api/forms/P_Employee/getRecords?sIndex=11&limit=10',
      headers,
    });
    const total = buildSeed().people.employees.length;
    expect(second.json().response.result).toHaveLength(total - 10);
    const past = await app.inject({
      url: `/people/api/forms/employee/getRecords?sIndex=${total + 1}&limit=10`,
      headers,
    });
    expect(past.json().response).toMatchObject({ status: 1, errors: { code: 7024 } });
  });

  it('refuses limit over 200 (7021) and an unknown form (7011)', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, ADMIN);
    const big = await app.inject({
      url: '/people/api/forms/employee/getRecords?sIndex=1&limit=201',
      headers,
    });
    expect(big.json().response).toMatchObject({ status: 1, errors: { code: 7021 } });
    const form = await app.inject({ url: '/people/api/forms/nope/getRecords', headers });
    expect(form.json().response).toMatchObject({ status: 1, errors: { code: 7011 } });
  });

  it('returns only records modified after modifiedtime (ms)', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, ADMIN);
    const employees = buildSeed().people.employees;
    const cut = Number(employees[9]!.ModifiedTime);
    const res = await app.inject({
      url: `/people/api/forms/employee/getRecords?modifiedtime=${cut}`,
      headers,
    });
    const got = res
      .json()
      .response.result.map((r: Record<string, { ModifiedTime: string }[]>) => Object.values(r)[0]![0]!);
    expect(got.length).toBe(employees.filter((e) => Number(e.ModifiedTime) > cut).length);
    const changed = employees[2]!;
    await app.inject({
      method: 'PATCH',
      url: `/__sandbox/people/employees/${changed.Zoho_ID}`,
      payload: { Designation: 'Lead' },
    });
    const after = await app.inject({
      url: `/people/api/forms/employee/getRecords?modifiedtime=${cut}`,
      headers,
    });
    expect(after.json().response.result.some((r: Record<string, unknown>) => changed.Zoho_ID in r)).toBe(
      true,
    );
  });

  it('serves departments, time-tracker clients and projects', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, ADMIN);
    const depts = await app.inject({ url: '/people/api/forms/department/getRecords', headers });
    const names = depts
      .json()
      .response.result.map(
        (r: Record<string, { Department: string }[]>) => Object.values(r)[0]![0]!.Department,
      );
    expect(names).toEqual(expect.arrayContaining(['Sales East', 'Sales West', 'Finance', 'Management']));
    const clients = await app.inject({ url: '/people/api/timetracker/getclients?sIndex=0&limit=2', headers });
    expect(clients.json().response).toMatchObject({
      uri: '/api/timetracker/getclients',
      isNextAvailable: true,
      status: 0,
    });
    expect(clients.json().response.result[0]).toHaveProperty('clientName');
    const projects = await app.inject({ url: '/people/api/timetracker/getprojects', headers });
    expect(projects.json().response.result.length).toBe(buildSeed().people.projects.length);
    expect(projects.json().response.isNextAvailable).toBeUndefined();
  });

  it('locks an API out after its per-minute budget, with 7209 and Retry-After', async () => {
    const app = await openSandbox({ peopleRequestsPerMinute: 3 });
    const headers = await asUser(app, ADMIN);
    const url = '/people/api/forms/employee/getRecords?limit=1';
    for (let i = 0; i < 3; i++) expect((await app.inject({ url, headers })).json().response.status).toBe(0);
    const locked = await app.inject({ url, headers });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().response.errors.code).toBe(7209);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Still locked on the next call; other APIs keep their own budget.
    expect((await app.inject({ url, headers })).statusCode).toBe(429);
    expect((await app.inject({ url: '/people/api/timetracker/getclients', headers })).statusCode).toBe(200);
    // The lock ends after the lock period (moved on with the sandbox clock).
    await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advanceMs: 5 * 60_000 + 1 } });
    expect((await app.inject({ url, headers })).statusCode).toBe(200);
  });

  it('lets the control API shorten the budget and the lock', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, ADMIN);
    const set = await app.inject({
      method: 'PUT',
      url: '/__sandbox/people/budget',
      payload: { requestsPerMinute: 1, lockSeconds: 0 },
    });
    expect(set.json()).toEqual({ requests_per_minute: 1, lock_ms: 0 });
    const url = '/people/api/timetracker/getprojects';
    expect((await app.inject({ url, headers })).statusCode).toBe(200);
    expect((await app.inject({ url, headers })).statusCode).toBe(429);
    const bad = await app.inject({
      method: 'PUT',
      url: '/__sandbox/people/budget',
      payload: { requestsPerMinute: 0 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('needs a People scope', async () => {
    const app = await openSandbox();
    const token = (
      await app.inject({
        method: 'POST',
        url: '/__sandbox/tokens',
        payload: { email: ADMIN, scopes: ['ZohoCRM.modules.ALL'] },
      })
    ).json().access_token;
    const res = await app.inject({
      url: '/people/api/forms/employee/getRecords',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().response.status).toBe(1);
  });
});
