/**
 * One request to a Zoho API with the behaviour every caller needs:
 * - `Authorization: Zoho-oauthtoken …` from the token source; on 401 the token is refreshed once
 *   and the request retried (a second 401 is final);
 * - 429, 5xx and dropped connections are retried with backoff (Retry-After honoured when present);
 * - 204 (empty) and 304 (not modified) come back as `{ status, body: null }`, never a JSON parse error;
 * - an optional per-minute budget is taken before every attempt;
 * - answers are decoded without NUL characters (zoho-json.ts).
 */
import { type BackoffPolicy, DEFAULT_BACKOFF, parseRetryAfter, retryDelay } from './backoff.js';
import type { RateBudget } from './rate-budget.js';
import type { TokenSource } from './token-source.js';
import { ZohoApiError } from './zoho-error.js';
import { parseZohoJson, withoutNul } from './zoho-json.js';

export interface ZohoHttp {
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    opts?: ZohoRequestOptions,
  ): Promise<{ status: number; body: unknown }>;
}

export interface ZohoRequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * A write answered per record: Zoho CRM answers 400 when no record of the call succeeded, with
   * the same `{data: [...]}` body (a status per record) as its 207. Such a 400 is then returned,
   * not thrown; a 400 without that body (say LIMIT_EXCEEDED) is still an error.
   */
  perRecord?: boolean;
}

export interface ZohoHttpDeps {
  fetch: typeof fetch;
  tokens: TokenSource;
  /** Headers sent on every request (e.g. X-CRM-ORG). */
  headers?: Record<string, string>;
  budget?: RateBudget;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  backoff?: BackoffPolicy;
  /** Attempts per request before giving up (the job itself is retried later from its checkpoint). */
  maxAttempts?: number;
  /** Per-attempt timeout, so a connection that hangs counts as dropped. */
  timeoutMs?: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createZohoHttp(deps: ZohoHttpDeps): ZohoHttp {
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = deps.maxAttempts ?? 10;
  return {
    async request(method, url, opts = {}) {
      let refreshed = false;
      let lastError: Error | undefined;
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        await deps.budget?.take();
        const token = await deps.tokens.get();
        let res: Response;
        try {
          res = await deps.fetch(url, {
            method,
            headers: {
              authorization: `Zoho-oauthtoken ${token}`,
              accept: 'application/json',
              ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
              ...deps.headers,
              ...opts.headers,
            },
            ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
            signal: AbortSignal.timeout(deps.timeoutMs ?? 60_000),
          });
        } catch (e) {
          lastError = e as Error;
          await sleep(retryDelay(attempt, undefined, backoff, random));
          continue;
        }
        if (res.status === 204 || res.status === 304) {
          await res.body?.cancel();
          return { status: res.status, body: null };
        }
        let text: string;
        try {
          text = await res.text();
        } catch (e) {
          // The connection dropped while the body was streaming.
          lastError = e as Error;
          await sleep(retryDelay(attempt, undefined, backoff, random));
          continue;
        }
        if (res.status === 401 && !refreshed) {
          refreshed = true;
          deps.tokens.invalidate(token);
          continue;
        }
        if (RETRYABLE.has(res.status)) {
          lastError = new ZohoApiError(res.status, codeOf(text), messageOf(text));
          const after = parseRetryAfter(res.headers.get('retry-after'), now());
          await sleep(retryDelay(attempt, after, backoff, random));
          continue;
        }
        let body: unknown = null;
        if (text !== '') {
          try {
            body = parseZohoJson(text);
          } catch {
            lastError = new ZohoApiError(res.status, 'INVALID_JSON', 'the body is not JSON');
            await sleep(retryDelay(attempt, undefined, backoff, random));
            continue;
          }
        }
        const perRecordAnswer =
          opts.perRecord === true &&
          res.status === 400 &&
          Array.isArray((body as { data?: unknown } | null)?.data);
        if (res.status >= 400 && !perRecordAnswer) {
          throw new ZohoApiError(res.status, codeOf(text), messageOf(text));
        }
        return { status: res.status, body };
      }
      throw lastError ?? new ZohoApiError(0, 'RETRIES_EXHAUSTED', 'no answer');
    },
  };
}

function parsed(text: string): Record<string, unknown> {
  try {
    const v = parseZohoJson(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function codeOf(text: string): string {
  const b = parsed(text);
  const r = b.response as Record<string, unknown> | undefined;
  const errors = r?.errors as Array<Record<string, unknown>> | undefined;
  return String(b.code ?? errors?.[0]?.code ?? 'HTTP_ERROR');
}

function messageOf(text: string): string {
  const b = parsed(text);
  return String(
    b.message ??
      (b.response as Record<string, unknown> | undefined)?.message ??
      withoutNul(text.slice(0, 200)),
  );
}
