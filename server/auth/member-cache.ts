/**
 * A signed-in identity's directory rows, kept between requests while nothing in the directory has
 * changed (db/directory-watch.ts). Every request resolves its member; on PostgreSQL that read is a
 * round trip, a third to a half of a short request's cost, and on SQLite it is still one of the
 * larger statements of a create. The directory itself changes rarely.
 *
 * A role, status or organisation change is seen by the next request: a write by this process moves
 * the watch before its answer is sent; a commit elsewhere as soon as it is known (on PostgreSQL
 * when its notice arrives, a few milliseconds after the commit; on SQLite at the next request).
 */
import type { DirectoryWatch } from '../db/directory-watch.js';
import { directoryWatchOf } from '../db/directory-watch.js';

/** A backstop: nothing is kept longer, whatever the watch says. */
const MAX_AGE_MS = 5 * 60_000;
/** Signed-in identities kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Kept<T> {
  value: T;
  generation: number;
  keptAt: number;
}

export class MemberCache<T> {
  readonly #entries = new Map<string, Kept<T>>();

  constructor(
    private readonly watch: DirectoryWatch,
    private readonly now: () => number = Date.now,
  ) {}

  /** What was kept for `key`, if it is still current. */
  get(key: string): T | undefined {
    const kept = this.#entries.get(key);
    if (!kept) return undefined;
    this.watch.check?.();
    if (this.watch.live && kept.generation === this.watch.generation && this.now() - kept.keptAt < MAX_AGE_MS)
      return kept.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Call before reading: the ticket `keep` needs, or undefined when nothing may be kept now. */
  ticket(): number | undefined {
    this.watch.check?.();
    return this.watch.live ? this.watch.generation : undefined;
  }

  /** Keeps `value`, read after `ticket()` returned `ticket`, unless the directory moved since. */
  keep(key: string, value: T, ticket: number | undefined): void {
    if (ticket === undefined || !this.watch.live || ticket !== this.watch.generation) return;
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(key)) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    this.#entries.set(key, { value, generation: ticket, keptAt: this.now() });
  }
}

const caches = new WeakMap<DirectoryWatch, MemberCache<unknown>>();

/** The cache for reads through `db`, the application's Kysely instance; undefined for any other. */
export function memberCacheOf<T>(db: object): MemberCache<T> | undefined {
  const watch = directoryWatchOf(db);
  if (!watch) return undefined;
  let cache = caches.get(watch);
  if (!cache) {
    cache = new MemberCache<unknown>(watch);
    caches.set(watch, cache);
  }
  return cache as MemberCache<T>;
}
