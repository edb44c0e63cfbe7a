/**
 * Access tokens for one connection. The access token is cached for its life (less a minute) because
 * Zoho allows only about ten refreshes per ten minutes per refresh token; concurrent callers share
 * one refresh in flight. `invalidate()` is used after a 401 so the next `get()` refreshes once.
 */
import { type AccountsClientConfig, refreshAccessToken } from './accounts.js';

export interface TokenSource {
  get(): Promise<string>;
  invalidate(token: string): void;
}

export function createTokenSource(
  cfg: AccountsClientConfig,
  refreshToken: string,
  now: () => number,
): TokenSource {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return {
    get() {
      if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
      inflight ??= refreshAccessToken(cfg, refreshToken)
        .then((g) => {
          cached = { token: g.accessToken, expiresAt: now() + Math.max(60, g.expiresInSeconds - 60) * 1000 };
          return g.accessToken;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** A fixed token (tests, or a token obtained right now from a code exchange). */
export function staticTokenSource(token: string): TokenSource {
  return { get: () => Promise.resolve(token), invalidate: () => {} };
}
