import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { asUser, openSandbox } from './sandbox-helper.js';

const REP = 'rep@zylker.example';
const LIST = '/crm/v8/Accounts?fields=Account_Name&per_page=1';

describe('sandbox fault injection', () => {
  it("answers 429 with Retry-After after N requests, a set number of times, in CRM's error shape", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const add = await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/Accounts*', method: 'GET', status: 429, retryAfter: 7, after: 2, times: 2 },
    });
    expect(add.statusCode).toBe(201);
    const statuses: number[] = [];
    let limited: { headers: Record<string, unknown>; body: unknown } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: LIST, headers });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = { headers: res.headers, body: res.json() };
    }
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
    expect(limited!.headers['retry-after']).toBe('7');
    expect(limited!.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    // Other routes are not affected.
    expect(
      (await app.inject({ url: '/crm/v8/Contacts?fields=Last_Name&per_page=1', headers })).statusCode,
    ).toBe(200);
  });

  it('applies a seeded probability deterministically', async () => {
    const run = async () => {
      const app = await openSandbox();
      const headers = await asUser(app, REP);
      await app.inject({
        method: 'POST',
        url: '/__sandbox/faults',
        payload: { path: '/crm/*', status: 500, probability: 0.5, seed: 42 },
      });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await app.inject({ url: LIST, headers })).statusCode);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it("expires the caller's token so the route answers INVALID_TOKEN", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/users', expireToken: true, times: 1 },
    });
    const res = await app.inject({ url: '/crm/v8/users', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_TOKEN');
    expect((await app.inject({ url: LIST, headers })).statusCode).toBe(401);
  });

  it('drops the connection without an answer', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/org', drop: true },
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await expect(fetch(`${address}/crm/v8/org`, { headers })).rejects.toThrow();
    const ok = await fetch(`${address}/crm/v8/users`, { headers });
    expect(ok.status).toBe(200);
  });

  it('adds latency and still answers', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/org', latencyMs: 20 },
    });
    expect((await app.inject({ url: '/crm/v8/org', headers })).statusCode).toBe(200);
  });

  it('refuses a malformed fault and lists, deletes and clears faults', async () => {
    const app = await openSandbox();
    const bad = await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/*', status: 418 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('status');
    const nothing = await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/*' },
    });
    expect(nothing.statusCode).toBe(400);
    const added = await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/*', status: 503 },
    });
    const id = added.json().fault.id;
    expect((await app.inject({ url: '/__sandbox/faults' })).json().faults).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: `/__sandbox/faults/${id}` })).statusCode).toBe(200);
    expect((await app.inject({ url: '/__sandbox/faults' })).json().faults).toHaveLength(0);
  });
});

describe('sandbox control API', () => {
  it('creates, changes and deletes records, bumping Modified_Time and recording deletions', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const start = new Date(Date.now() - 2000).toUTCString();
    const created = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/Accounts',
      payload: { Account_Name: 'Control Co', Zoho_Expense: true },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().record.id;
    await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advanceMs: 60_000 } });
    const account = buildSeed().crmOrgs[0]!.Accounts[0]!;
    const changed = await app.inject({
      method: 'PATCH',
      url: `/__sandbox/crm/default/Accounts/${account.id}`,
      payload: { Industry: 'Space' },
    });
    expect(Date.parse(changed.json().record.Modified_Time)).toBeGreaterThan(
      Date.parse(account.Modified_Time),
    );
    const since = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name',
      headers: { ...headers, 'if-modified-since': start },
    });
    expect(
      since
        .json()
        .data.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([id, account.id].sort());
    const del = await app.inject({ method: 'DELETE', url: `/__sandbox/crm/default/Accounts/${id}` });
    expect(del.statusCode).toBe(200);
    const deleted = await app.inject({ url: '/crm/v8/Accounts/deleted', headers });
    expect(deleted.json().data[0]).toMatchObject({ id, display_name: 'Control Co' });
    const bad = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/Accounts',
      payload: { Industry: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('resets data and faults to the seed', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const id = buildSeed().crmOrgs[0]!.Accounts[0]!.id;
    await app.inject({ method: 'DELETE', url: `/__sandbox/crm/default/Accounts/${id}` });
    await app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/org', status: 500 },
    });
    await app.inject({ method: 'POST', url: '/__sandbox/reset' });
    expect((await app.inject({ url: `/crm/v8/Accounts/${id}`, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/crm/v8/org', headers })).statusCode).toBe(200);
    const state = await app.inject({ url: '/__sandbox/state' });
    expect(state.json().orgs[0].records).toEqual({ Accounts: 60, Contacts: 200, Deals: 120 });
  });

  it('refuses writes in scale mode, where records are generated', async () => {
    const app = await openSandbox({ scale: 100 });
    const headers = await asUser(app, REP);
    const res = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/Accounts',
      payload: { Account_Name: 'x' },
    });
    expect(res.statusCode).toBe(409);
    const api = await app.inject({
      method: 'POST',
      url: '/crm/v8/Accounts',
      headers,
      payload: { data: [{ Account_Name: 'x' }] },
    });
    expect(api.statusCode).toBe(400);
  });

  it("answers 429 TOO_MANY_REQUESTS once the org's API credits are used up, until the day passes", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const set = await app.inject({
      method: 'PUT',
      url: '/__sandbox/crm/limits',
      payload: { creditsPerDay: 2 },
    });
    expect(set.json()).toEqual({ credits_per_day: 2 });
    expect((await app.inject({ url: LIST, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: LIST, headers })).statusCode).toBe(200);
    const limited = await app.inject({ url: LIST, headers });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advanceMs: 86_400_000 } });
    await app.inject({ method: 'POST', url: '/__sandbox/tokens/expire' });
    const fresh = await asUser(app, REP);
    expect((await app.inject({ url: LIST, headers: fresh })).statusCode).toBe(200);
    const bad = await app.inject({
      method: 'PUT',
      url: '/__sandbox/crm/limits',
      payload: { creditsPerDay: -1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a clock offset beyond ten years', async () => {
    const app = await openSandbox();
    const res = await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { offsetMs: 1e308 } });
    expect(res.statusCode).toBe(400);
    expect((await app.inject({ url: '/__sandbox/state' })).statusCode).toBe(200);
  });
});
