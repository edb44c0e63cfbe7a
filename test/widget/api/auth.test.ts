import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createAuth } from '../../../widget/api/auth.js';
import { pkceChallenge, randomToken } from '../../../widget/api/pkce.js';

describe('PKCE', () => {
  it('derives the S256 challenge: BASE64URL(SHA-256(verifier)) without padding', async () => {
    const verifier = randomToken();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await pkceChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });
});

/** A window whose popup "signs in" by posting the callback message the test chooses. */
function fakeWindow() {
  const listeners = new Set<(e: MessageEvent) => void>();
  let openedUrl: URL | null = null;
  const popup = { closed: false };
  const win = {
    location: { origin: 'http://crm.test' },
    open: vi.fn((url: string) => {
      openedUrl = new URL(url);
      return popup;
    }),
    addEventListener: (_t: string, fn: (e: MessageEvent) => void) => listeners.add(fn),
    removeEventListener: (_t: string, fn: (e: MessageEvent) => void) => listeners.delete(fn),
    setInterval: () => 1,
    clearInterval: () => {},
  };
  return {
    win: win as unknown as Window,
    popup,
    opened: () => openedUrl,
    post(data: unknown, origin = 'http://crm.test') {
      for (const fn of [...listeners]) fn({ data, origin } as MessageEvent);
    },
  };
}

function fakeServer(expiresIn = 3600) {
  const bodies: Record<string, unknown>[] = [];
  let n = 0;
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    if (init?.body) bodies.push({ path, ...JSON.parse(String(init.body)) });
    if (path.endsWith('/auth/config')) {
      return Response.json({
        code: 0,
        message: 'success',
        accounts_url: 'http://accounts.test',
        client_id: 'w',
        scope: 's',
      });
    }
    n++;
    return Response.json({
      access_token: `t${n}`,
      refresh_token: 'r1',
      expires_in: expiresIn,
      token_type: 'Bearer',
    });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, bodies };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('sign-in', () => {
  it('opens Zoho Accounts with PKCE and login_hint, accepts only its own state from its own origin', async () => {
    const w = fakeWindow();
    const server = fakeServer();
    const auth = createAuth({
      serverUrl: 'http://server.test',
      loginHint: 'rep@zylker.example',
      redirectUri: 'http://crm.test/widget/oauth-callback.html',
      fetch: server.fetch,
      win: w.win,
    });
    const token = auth.getToken();
    for (let i = 0; i < 5; i++) await tick();
    const url = w.opened()!;
    expect(url.origin + url.pathname).toBe('http://accounts.test/oauth/v2/auth');
    expect(url.searchParams.get('login_hint')).toBe('rep@zylker.example');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const state = url.searchParams.get('state');
    w.post({ type: 'dealspend-oauth', state, code: 'evil', error: null }, 'http://evil.test');
    w.post({ type: 'dealspend-oauth', state: 'other', code: 'stale', error: null });
    w.post({ type: 'dealspend-oauth', state, code: 'good', error: null });
    expect(await token).toBe('t1');
    const exchange = server.bodies.find((b) => b.path === '/api/v1/auth/token')!;
    expect(exchange.code).toBe('good');
    expect(await pkceChallenge(String(exchange.code_verifier))).toBe(url.searchParams.get('code_challenge'));
    expect(auth.status.value).toBe('signed-in');
  });

  it('asks for a click when the popup is blocked', async () => {
    const w = fakeWindow();
    (w.win.open as unknown as ReturnType<typeof vi.fn>).mockReturnValue(null);
    const auth = createAuth({
      serverUrl: 'http://server.test',
      loginHint: 'a@b.c',
      redirectUri: 'http://crm.test/cb',
      fetch: fakeServer().fetch,
      win: w.win,
    });
    await auth.signIn();
    expect(auth.status.value).toBe('needs-click');
  });

  it('refreshes the token shortly before it expires', async () => {
    const w = fakeWindow();
    const server = fakeServer(600);
    let now = 0;
    const auth = createAuth({
      serverUrl: 'http://server.test',
      loginHint: 'a@b.c',
      redirectUri: 'http://crm.test/cb',
      fetch: server.fetch,
      win: w.win,
      now: () => now,
    });
    const first = auth.getToken();
    for (let i = 0; i < 5; i++) await tick();
    w.post({ type: 'dealspend-oauth', state: w.opened()!.searchParams.get('state'), code: 'c', error: null });
    expect(await first).toBe('t1');
    now = 4 * 60_000;
    expect(await auth.getToken()).toBe('t1');
    now = 6 * 60_000;
    expect(await auth.getToken()).toBe('t2');
    expect(server.bodies.at(-1)).toEqual({ path: '/api/v1/auth/refresh', refresh_token: 'r1' });
  });
});
