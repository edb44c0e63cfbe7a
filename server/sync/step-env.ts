/**
 * What a module handler sees while it runs one step (a page, or a batch of pages) of a job. A
 * handler fetches from Zoho first (outside any transaction), then calls `commit`, which runs its
 * writes, the new checkpoint and the run's counts in ONE transaction, and only while this worker
 * still holds the lease. A crash therefore loses at most the step in flight, which is redone on
 * resume, matched through the link table, so nothing is created twice.
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
  phase: 'pull' | 'related' | 'deleted' | 'push' | 'finalize' | 'done';
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
  /** When the run started (DealSpend's clock); kept with the marker. */
  started?: string;
  /**
   * Incremental runs only, until the handler has used it: when the run that set the marker started
   * (null when not known). Records linked here since then may bring records of this module that
   * did not change in Zoho (the contacts of accounts newly synced: crm-customers.ts).
   */
  linkedSince?: string | null;
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

/**
 * A listing step reads pages until it holds about this many records, then writes them in one
 * commit with the checkpoint after its last page (a crash redoes at most that many).
 */
export const PULL_BATCH_RECORDS = 1000;
/**
 * …reading up to this many pages ahead of the writes (listing-reader.ts): one batch. Pages held
 * longer outlive V8's young generation, so a deeper read-ahead mostly costs memory.
 */
export const READ_AHEAD_PAGES = 5;

/** Keeps the later of two ISO times (null-safe). */
export function laterOf(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
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
