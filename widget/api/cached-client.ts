/**
 * Reads through the cache: every GET that succeeds keeps its JSON in IndexedDB (keyed by org, path
 * and query), and a GET that fails for want of a network answers the last JSON seen instead. So
 * every list and the reference data open offline without each view knowing. `stale` tells the
 * widget that what it shows came from the cache. Only answers are stored, never a request's headers
 * (the access token stays in memory).
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { isApiError } from './api-error.js';
import type { ApiClient, Query } from './client.js';
import type { DealSpendDatabase } from './db.js';

/** The same path and query (in any order) make the same key. */
export function cacheKey(path: string, query?: Query): string {
  const entries = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${path}?${entries.map(([k, v]) => `${k}=${String(v)}`).join('&')}`;
}

export interface CachedClient {
  api: ApiClient;
  /** True while the last GET was answered from the cache. */
  stale: ReadonlySignal<boolean>;
}

export function createCachedClient(
  api: ApiClient,
  db: Promise<DealSpendDatabase>,
  /** The organisation, so one org's lists never answer for another's. */
  scope: string,
  now: () => number = Date.now,
): CachedClient {
  const stale = signal(false, { name: 'api-stale' });
  return {
    stale,
    api: {
      ...api,
      async get<T>(path: string, query?: Query): Promise<T> {
        const key = `${scope}|${cacheKey(path, query)}`;
        let value: T;
        try {
          value = await api.get<T>(path, query);
        } catch (e) {
          if (!isApiError(e) || !e.offline) throw e;
          const hit = await (await db).get('cache', key).catch(() => undefined);
          if (!hit) throw e;
          stale.value = true;
          return hit.value as T;
        }
        stale.value = false;
        // The answer is in hand before the transaction starts; a full disk only costs the offline copy.
        await (await db).put('cache', { key, value, storedAt: now() }).catch(() => {});
        return value;
      },
    },
  };
}
