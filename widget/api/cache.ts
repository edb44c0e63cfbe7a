/**
 * Stale-while-revalidate for GET calls: answer from IndexedDB at once when we have it, fetch in the
 * background, and report the fresh answer. Offline, the cached answer is all there is, so the
 * widget still opens with the last lists and reference data.
 */
import type { ApiClient, Query } from './client.js';
import type { DealSpendDatabase } from './db.js';

export interface CachedGet<T> {
  /** The cached answer (may be stale), or null. */
  cached: T | null;
  /** The server's answer; rejects when offline (the cached one then stands). */
  fresh: Promise<T>;
}

export function cacheKey(path: string, query?: Query): string {
  const entries = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${path}?${entries.map(([k, v]) => `${k}=${String(v)}`).join('&')}`;
}

export interface ApiCache {
  get<T>(path: string, query?: Query): Promise<CachedGet<T>>;
  /** Resolves with the fresh answer, or the cached one when the server cannot be reached. */
  getFreshOrCached<T>(path: string, query?: Query): Promise<T>;
}

export function createApiCache(
  api: ApiClient,
  db: Promise<DealSpendDatabase>,
  now: () => number = Date.now,
): ApiCache {
  async function read<T>(key: string): Promise<T | null> {
    try {
      return ((await (await db).get('cache', key))?.value as T | undefined) ?? null;
    } catch {
      return null;
    }
  }
  async function get<T>(path: string, query?: Query): Promise<CachedGet<T>> {
    const key = cacheKey(path, query);
    const cached = await read<T>(key);
    const fresh = api.get<T>(path, query).then(async (value) => {
      // The network answer is in hand before the transaction starts.
      await (await db).put('cache', { key, value, storedAt: now() }).catch(() => {});
      return value;
    });
    return { cached, fresh };
  }
  return {
    get,
    async getFreshOrCached<T>(path: string, query?: Query) {
      const { cached, fresh } = await get<T>(path, query);
      try {
        return await fresh;
      } catch (e) {
        if (cached !== null && (e as { offline?: boolean }).offline) return cached;
        throw e;
      }
    },
  };
}
