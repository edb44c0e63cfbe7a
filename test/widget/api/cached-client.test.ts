import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../widget/api/api-error.js';
import { createAuth } from '../../../widget/api/auth.js';
import { createCachedClient } from '../../../widget/api/cached-client.js';
import type { ApiClient } from '../../../widget/api/client.js';
import { openDealSpendDB } from '../../../widget/api/db.js';

let n = 0;

/** The error a call fails with (the test fails if it succeeds). */
function rejection(p: Promise<unknown>): Promise<ApiError> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: ApiError) => e,
  );
}

/** A server answering GETs with a counter, that can go offline or refuse. */
function fakeReads() {
  let offline = false;
  let served = 0;
  const api = {
    baseUrl: 'http://server.test',
    async get<T>(path: string, query?: Record<string, unknown>): Promise<T> {
      if (offline) throw new ApiError({ status: 0, code: 0, message: 'offline', offline: true });
      if (path.endsWith('/missing')) throw new ApiError({ status: 404, code: 1002, message: 'Not found.' });
      served += 1;
      return { code: 0, message: 'success', path, query: query ?? null, served } as T;
    },
  } as unknown as ApiClient;
  return { api, setOffline: (v: boolean) => (offline = v) };
}

function setup(scope = 'org-1') {
  const server = fakeReads();
  const db = openDealSpendDB(`cached-client-${++n}`);
  return { server, db, ...createCachedClient(server.api, db, scope) };
}

describe('reads through the cache', () => {
  it('answers a GET seen online from the cache when offline, and says it is stale', async () => {
    const { api, server, stale } = setup();
    const online = await api.get('/api/v1/expenses', { status: 'unreported', page: 1 });
    expect(stale.value).toBe(false);
    server.setOffline(true);
    // Same query in another key order: the same cached answer.
    expect(await api.get('/api/v1/expenses', { page: 1, status: 'unreported' })).toEqual(online);
    expect(stale.value).toBe(true);
    server.setOffline(false);
    const fresh = await api.get<{ served: number }>('/api/v1/expenses', { status: 'unreported', page: 1 });
    expect(fresh.served).toBe(2);
    expect(stale.value).toBe(false);
  });

  it('still fails with the offline error for a GET never seen', async () => {
    const { api, server } = setup();
    await api.get('/api/v1/expenses', { page: 1 });
    server.setOffline(true);
    const err = await rejection(api.get('/api/v1/expenses', { page: 2 }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.offline).toBe(true);
  });

  it("never answers one organisation's read with another's cached answer", async () => {
    const first = setup('org-1');
    await first.api.get('/api/v1/categories');
    const other = createCachedClient(first.server.api, first.db, 'org-2');
    first.server.setOffline(true);
    expect((await rejection(other.api.get('/api/v1/categories'))).offline).toBe(true);
  });

  it('passes server refusals through instead of answering from the cache', async () => {
    const { api } = setup();
    const err = await rejection(api.get('/api/v1/expenses/missing'));
    expect(err.status).toBe(404);
  });
});

describe('sign-in without a connection', () => {
  it('fails a call waiting for a token as offline instead of waiting for a popup', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const win = new EventTarget() as unknown as Window;
    Object.assign(win, { navigator: { onLine: true }, open: () => null });
    const auth = createAuth({
      serverUrl: 'http://server.test',
      loginHint: 'a@b.c',
      redirectUri: 'http://crm.test/cb',
      fetch,
      win,
    });
    const err = await rejection(auth.getToken());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.offline).toBe(true);
    expect(auth.error.value).toBeNull();
  });

  it('does not try to sign in while the browser says it is offline', async () => {
    let fetched = 0;
    const fetch = (async () => {
      fetched += 1;
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const win = new EventTarget() as unknown as Window;
    Object.assign(win, { navigator: { onLine: false }, open: () => null });
    const auth = createAuth({
      serverUrl: 'http://server.test',
      loginHint: 'a@b.c',
      redirectUri: 'x',
      fetch,
      win,
    });
    expect((await rejection(auth.getToken())).offline).toBe(true);
    expect(fetched).toBe(0);
  });
});
