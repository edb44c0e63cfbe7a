import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { parseRetryAfter, retryDelay } from '../../../server/zoho/backoff.js';
import { createCrmClient } from '../../../server/zoho/crm-client.js';
import { createRateBudget } from '../../../server/zoho/rate-budget.js';
import { staticTokenSource, type TokenSource } from '../../../server/zoho/token-source.js';
import { createZohoHttp } from '../../../server/zoho/zoho-http.js';

type Handler = (url: URL, init: RequestInit) => Response;

function stubFetch(handler: Handler) {
  const calls: Array<{ url: URL; headers: Headers }> = [];
  const f = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url, headers: new Headers(init.headers) });
    return handler(url, init);
  }) as typeof fetch;
  return { f, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('refresh tokens at rest', () => {
  it('are sealed with AES-256-GCM, never stored in the clear, and refuse a different key or tampering', () => {
    const box = createSecretBox('k'.repeat(40));
    const sealed = box.seal('1000.secret.token');
    expect(sealed).not.toContain('secret');
    expect(box.open(sealed)).toBe('1000.secret.token');
    expect(box.seal('1000.secret.token')).not.toBe(sealed);
    expect(() => createSecretBox('x'.repeat(40)).open(sealed)).toThrow(/could not be decrypted/);
    const parts = sealed.split('.');
    // The first character carries six whole bits, so changing it always changes the bytes (the
    // last ones may only hold padding, and may already read "AA").
    const first = parts[2]![0];
    parts[2] = `${first === 'A' ? 'B' : 'A'}${parts[2]!.slice(1)}`;
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});

describe('Zoho HTTP behaviour', () => {
  it('honours Retry-After on 429 and retries, with jittered backoff when it is absent', async () => {
    const slept: number[] = [];
    let n = 0;
    const { f } = stubFetch(() =>
      ++n === 1
        ? json({ code: 'TOO_MANY_REQUESTS' }, 429, { 'retry-after': '3' })
        : n === 2
          ? json({}, 500)
          : json({ data: [] }),
    );
    const http = createZohoHttp({
      fetch: f,
      tokens: staticTokenSource('t'),
      sleep: async (ms) => void slept.push(ms),
      random: () => 0.5,
    });
    await http.request('GET', 'http://z.test/x');
    expect(slept[0]).toBe(3000);
    expect(slept[1]).toBe(Math.floor(0.5 * 1000));
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(retryDelay(10, undefined, { baseMs: 500, capMs: 30_000 }, () => 0.999)).toBeLessThan(30_000);
  });

  it('refreshes an expired token once and retries; a second 401 is final', async () => {
    let current = 'old';
    let refreshes = 0;
    const tokens: TokenSource = {
      get: async () => current,
      invalidate: () => {
        refreshes++;
        current = 'new';
      },
    };
    const { f, calls } = stubFetch((_u, init) =>
      new Headers(init.headers).get('authorization') === 'Zoho-oauthtoken new'
        ? json({ ok: 1 })
        : json({ code: 'INVALID_TOKEN' }, 401),
    );
    const http = createZohoHttp({ fetch: f, tokens, sleep: async () => undefined });
    expect((await http.request('GET', 'http://z.test/x')).body).toEqual({ ok: 1 });
    expect(refreshes).toBe(1);
    expect(calls).toHaveLength(2);
    const always401 = stubFetch(() => json({ code: 'INVALID_TOKEN' }, 401));
    const http2 = createZohoHttp({
      fetch: always401.f,
      tokens: staticTokenSource('t'),
      sleep: async () => undefined,
    });
    await expect(http2.request('GET', 'http://z.test/x')).rejects.toThrow(/401 INVALID_TOKEN/);
    expect(always401.calls).toHaveLength(2);
  });

  it('treats 204 as empty and sends X-CRM-ORG on every call', async () => {
    const { f, calls } = stubFetch(() => new Response(null, { status: 204 }));
    const crm = createCrmClient(
      createZohoHttp({ fetch: f, tokens: staticTokenSource('t'), headers: { 'X-CRM-ORG': '42' } }),
      'http://z.test',
    );
    const page = await crm.listPage(
      'Accounts',
      { page: 1 },
      { fields: ['Account_Name'], modifiedSince: '2026-01-01T00:00:00.000Z' },
    );
    expect(page).toEqual({ records: [], next: undefined });
    expect(calls[0]?.headers.get('x-crm-org')).toBe('42');
    expect(calls[0]?.headers.get('if-modified-since')).toBe('2026-01-01T00:00:00.000Z');
  });

  it('an upsert none of whose records succeeded (400 with a status per record) answers per record; another 400 throws', async () => {
    const refused = {
      code: 'INVALID_DATA',
      details: { api_name: 'Phone', maximum_length: 30 },
      message: 'invalid data',
      status: 'error',
    };
    let answer = json({ data: [refused] }, 400);
    const { f } = stubFetch(() => answer);
    const crm = createCrmClient(
      createZohoHttp({ fetch: f, tokens: staticTokenSource('t') }),
      'http://z.test',
    );
    expect(await crm.upsert('Contacts', [{ Last_Name: 'X' }], ['Email'])).toEqual([refused]);
    answer = json({ code: 'LIMIT_EXCEEDED', details: {}, message: 'too many', status: 'error' }, 400);
    await expect(crm.upsert('Contacts', [{ Last_Name: 'X' }], ['Email'])).rejects.toMatchObject({
      status: 400,
      zohoCode: 'LIMIT_EXCEEDED',
    });
  });

  it('pages with page up to 2,000 records, then switches to page_token', async () => {
    const { f, calls } = stubFetch((url) => {
      const page = Number(url.searchParams.get('page') ?? 0);
      return json({
        data: [{ id: '1' }],
        info: { more_records: true, next_page_token: `tok${page || 'x'}` },
      });
    });
    const crm = createCrmClient(
      createZohoHttp({ fetch: f, tokens: staticTokenSource('t') }),
      'http://z.test',
    );
    let cursor = { page: 1 } as { page: number; pageToken?: string | undefined } | undefined;
    for (let i = 0; i < 12 && cursor; i++)
      cursor = (await crm.listPage('Accounts', cursor, { fields: ['Account_Name'] })).next;
    expect(
      calls
        .slice(0, 10)
        .every((c) => c.url.searchParams.has('page') && !c.url.searchParams.has('page_token')),
    ).toBe(true);
    expect(calls[10]?.url.searchParams.get('page_token')).toBe('tok10');
    expect(calls[10]?.url.searchParams.has('page')).toBe(false);
    expect(calls[11]?.url.searchParams.get('page_token')).toBe('tokx');
  });

  it('the People budget never lets more than N calls start within a minute', async () => {
    let now = 0;
    const starts: number[] = [];
    const budget = createRateBudget(3, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    for (let i = 0; i < 7; i++) {
      await budget.take();
      starts.push(now);
    }
    for (let i = 3; i < starts.length; i++)
      expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(60_000);
  });
});
