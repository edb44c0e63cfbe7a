/**
 * What a module handler sees while it runs one step (one page) of a job. A handler fetches a page
 * from Zoho first (outside any transaction), then calls `commit`, which runs its writes, the new
 * checkpoint and the run's counts in ONE transaction, and only while this worker still holds the
 * lease. A crash therefore loses at most the page in flight, and the page is redone on resume,
 * matched through the link table, so nothing is created twice.
 */
import type { Transaction } from 'kysely';
import type { Database, IntegrationRow, OrganizationRow, SyncTrigger } from '../db/schema.js';
import {
  CRM_LISTING_LIMIT_RECORDS,
  CRM_PER_PAGE,
  type CrmClient,
  type CrmCursor,
} from '../zoho/crm-client.js';
import type { PeopleApi } from '../zoho/people-client.js';
import type { RunCounts } from './history.js';
import type { Db } from './links.js';

export interface Checkpoint {
  phase: 'pull' | 'deleted' | 'push' | 'finalize' | 'done';
  /** CRM paging position (page, or page_token past 2,000 records). */
  cursor?: CrmCursor;
  /** People paging position (1-based sIndex). */
  sIndex?: number;
  /** The modified-since bound of this run (ISO), fixed when the run starts; null = everything. */
  since: string | null;
  deletedSince: string | null;
  /** Newest modification / deletion time seen so far: the next run's bound. */
  maxSeen: string | null;
  maxDeleted: string | null;
  /** The module's settings scope when the run started (moduleScope); kept with the marker. */
  scope?: string;
  /** Push phase: contacts after this id are still to be pushed. */
  pushAfter?: string;
  /** Module-specific carry-over (e.g. managers found on earlier pages). */
  extra?: Record<string, unknown>;
}

export interface StepWriter {
  counts: RunCounts;
  fail(externalId: string, reason: string): void;
}

export interface CommitOptions {
  /**
   * The page's writes can be read again from Zoho (a pull), so on PostgreSQL the commit does not
   * wait for its WAL flush. A database crash may then lose the last few pages committed, and the run
   * redoes them from the checkpoint that survived; nothing is half-written. SQLite in WAL mode with
   * synchronous=NORMAL already commits this way.
   */
  refetchable?: boolean;
}

export interface StepEnv {
  db: Db;
  integration: IntegrationRow;
  org: OrganizationRow;
  module: string;
  trigger: SyncTrigger;
  crm(): CrmClient;
  people(): PeopleApi;
  now(): Date;
  newId(): string;
  /** In-memory per-run cache (metadata such as deal stages). */
  cache: Map<string, unknown>;
  commit(
    next: Checkpoint,
    write: (trx: Transaction<Database>, out: StepWriter) => Promise<void>,
    options?: CommitOptions,
  ): Promise<void>;
}

export type ModuleHandler = (env: StepEnv, cp: Checkpoint) => Promise<void>;

/** Keeps the later of two ISO times (null-safe). */
export function laterOf(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Page prefetch: while one page is being written, the next is already on its way (the cursor is
 * known as soon as a page arrives). Keyed by the cursor, so a resumed or restarted step that asks
 * for another page never gets a stale one; a failed prefetch just fails that later step.
 */
export function fetchPage<T>(env: StepEnv, key: string, fetcher: () => Promise<T>): Promise<T> {
  const slot = `prefetch:${key}`;
  const pending = env.cache.get(slot) as Promise<T> | undefined;
  env.cache.delete(slot);
  return pending ?? fetcher();
}

export function prefetchPage<T>(env: StepEnv, key: string, fetcher: () => Promise<T>): void {
  const p = fetcher();
  p.catch(() => undefined);
  env.cache.set(`prefetch:${key}`, p);
}

/**
 * The checkpoint after a page of a CRM listing. Zoho stops a listing after 100,000 records (even
 * with page_token); the listing is sorted by Modified_Time, so it continues in a new window that
 * starts at the newest time seen (minus a second: re-reading a record is harmless).
 */
export function afterListingPage(
  cp: Checkpoint,
  next: CrmCursor | undefined,
  maxSeen: string | null,
  endPhase: Checkpoint['phase'],
  canWindow: boolean,
): Checkpoint {
  if (next) return { ...cp, cursor: next, maxSeen };
  const listed = (cp.cursor?.page ?? 1) * CRM_PER_PAGE;
  if (canWindow && listed >= CRM_LISTING_LIMIT_RECORDS && maxSeen) {
    return { ...cp, cursor: { page: 1 }, since: new Date(Date.parse(maxSeen) - 1000).toISOString(), maxSeen };
  }
  return { ...cp, phase: endPhase, cursor: { page: 1 }, maxSeen };
}
