/**
 * Sign-in to the DealSpend server with Zoho Accounts: authorization code + PKCE (S256) in a popup,
 * `login_hint` = the CRM user's email so Zoho skips the account chooser. The popup lands on
 * oauth-callback.html (same origin as the widget), which posts the code back here; we check its
 * origin and `state`, and the server exchanges the code. The token lives in memory only and is
 * refreshed shortly before it expires.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from './api-error.js';
import { newIdempotencyKey } from './idempotency-key.js';
import { isOAuthCallbackMessage } from './oauth-message.js';
import { pkceChallenge, randomToken } from './pkce.js';
import type { AuthConfig, TokenResponse } from './types.js';

export type AuthStatus = 'signed-out' | 'signing-in' | 'needs-click' | 'signed-in';

export interface AuthModel {
  readonly status: ReadonlySignal<AuthStatus>;
  /** Why the last sign-in failed, for the prompt. */
  readonly error: ReadonlySignal<string | null>;
  /** Opens the popup. Call it from a click when the status is 'needs-click' (the popup was blocked). */
  signIn(): Promise<void>;
  /** A valid access token; waits for sign-in (and refreshes) when needed. */
  getToken(): Promise<string>;
  signOut(): void;
}

export interface AuthOptions {
  serverUrl: string;
  /** The CRM user's email. */
  loginHint: string;
  /** Where the popup returns: widget/oauth-callback.html on the widget's own origin. */
  redirectUri: string;
  fetch?: typeof fetch;
  win?: Window;
  now?: () => number;
}

/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** How often to notice that the user closed the popup. */
const POPUP_POLL_MS = 500;

interface Session {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
}

export function createAuth(options: AuthOptions): AuthModel {
  const win = options.win ?? window;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const status = signal<AuthStatus>('signed-out', { name: 'auth-status' });
  const error = signal<string | null>(null, { name: 'auth-error' });
  let session: Session | null = null;
  let signingIn: Promise<void> | null = null;
  let refreshing: Promise<Session | null> | null = null;
  const waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  function offlineError() {
    return new ApiError({ status: 0, code: 0, message: 'DealSpend cannot reach the server.', offline: true });
  }

  async function postJson<T>(path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${options.serverUrl}${path}`, {
        method: path.endsWith('/config') ? 'GET' : 'POST',
        headers: {
          accept: 'application/json',
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'idempotency-key': newIdempotencyKey() }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw offlineError();
    }
    const json = (await res.json().catch(() => ({}))) as { code?: number; message?: string };
    if (!res.ok) {
      throw new ApiError({
        status: res.status,
        code: json.code ?? 0,
        message: json.message ?? 'Sign-in failed.',
      });
    }
    return json as T;
  }

  function keep(token: TokenResponse, previousRefresh?: string) {
    session = {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? previousRefresh,
      expiresAt: now() + token.expires_in * 1000,
    };
    status.value = 'signed-in';
    error.value = null;
    for (const w of waiters.splice(0)) w.resolve();
  }

  async function runPopup(): Promise<void> {
    const config = await postJson<AuthConfig>('/api/v1/auth/config', undefined);
    const verifier = randomToken();
    const state = randomToken(16);
    const url = new URL(`${config.accounts_url.replace(/\/+$/, '')}/oauth/v2/auth`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: config.client_id,
      scope: config.scope,
      redirect_uri: options.redirectUri,
      state,
      code_challenge: await pkceChallenge(verifier),
      code_challenge_method: 'S256',
      access_type: 'offline',
      login_hint: options.loginHint,
    }).toString();
    const popup = win.open(url.toString(), 'dealspend-sign-in', 'popup,width=480,height=640');
    if (!popup) {
      status.value = 'needs-click';
      return;
    }
    const code = await new Promise<string>((resolve, reject) => {
      const timer = win.setInterval(() => {
        if (popup.closed) finish(() => reject(new Error('The sign-in window was closed before signing in.')));
      }, POPUP_POLL_MS);
      function onMessage(event: MessageEvent) {
        // Only our own callback page may answer, and only for this attempt.
        if (event.origin !== win.location.origin || !isOAuthCallbackMessage(event.data)) return;
        if (event.data.state !== state) return;
        const { code: got, error: failed } = event.data;
        finish(() =>
          got
            ? resolve(got)
            : reject(new Error(`Zoho Accounts did not sign you in (${failed ?? 'no code'}).`)),
        );
      }
      function finish(settle: () => void) {
        win.clearInterval(timer);
        win.removeEventListener('message', onMessage);
        settle();
      }
      win.addEventListener('message', onMessage);
    });
    const token = await postJson<TokenResponse>('/api/v1/auth/token', {
      code,
      code_verifier: verifier,
      redirect_uri: options.redirectUri,
    });
    keep(token);
  }

  function signIn(): Promise<void> {
    if (signingIn) return signingIn;
    status.value = 'signing-in';
    error.value = null;
    signingIn = runPopup()
      .catch((e: unknown) => {
        status.value = 'signed-out';
        if (e instanceof ApiError && e.offline) {
          // Offline: calls waiting for a token fail as offline (the widget opens from its cache),
          // and the next call once the connection returns signs in again.
          for (const w of waiters.splice(0)) w.reject(e);
          return;
        }
        error.value = e instanceof Error ? e.message : 'Sign-in failed.';
      })
      .finally(() => {
        signingIn = null;
      });
    return signingIn;
  }

  async function refresh(current: Session): Promise<Session | null> {
    if (!current.refreshToken) return null;
    try {
      keep(
        await postJson<TokenResponse>('/api/v1/auth/refresh', { refresh_token: current.refreshToken }),
        current.refreshToken,
      );
      return session;
    } catch (e) {
      // Offline: keep the old token and let the call fail as offline; anything else means sign in again.
      if (e instanceof ApiError && e.offline) return current;
      return null;
    }
  }

  async function getToken(): Promise<string> {
    for (;;) {
      const current = session;
      if (current && current.expiresAt - now() > REFRESH_MARGIN_MS) return current.accessToken;
      if (current) {
        refreshing ??= refresh(current).finally(() => {
          refreshing = null;
        });
        const renewed = await refreshing;
        if (renewed && renewed.expiresAt > now()) return renewed.accessToken;
        session = null;
        status.value = 'signed-out';
      }
      // No connection, no sign-in: fail now rather than wait for a popup that cannot work.
      if ((win.navigator as Navigator | undefined)?.onLine === false) throw offlineError();
      // Wait until a sign-in (automatic or from the prompt's button) succeeds.
      const signedIn = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (status.value === 'signed-out' && !error.value) void signIn();
      await signedIn;
    }
  }

  return {
    status,
    error,
    signIn,
    getToken,
    signOut() {
      session = null;
      status.value = 'signed-out';
    },
  };
}
