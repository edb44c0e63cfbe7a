/**
 * The widget's one IndexedDB database (the only openDB call):
 * - outbox: writes waiting to reach the server, in the order they were made (auto-increment key);
 * - cache: the last answer of GET calls (reference data, lists) so the widget opens offline;
 * - drafts: forms as the user types them.
 * Never await the network inside a transaction here: IDB commits a transaction as soon as it has
 * nothing to do, and the next request on it then throws (idb README, "transaction lifetime").
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** A receipt kept in the outbox: bytes, not a Blob, so every IndexedDB implementation can store it. */
export interface StoredFile {
  bytes: ArrayBuffer;
  type: string;
  fileName: string;
}

export type OutboxState = 'pending' | 'conflict';

export interface OutboxRecord {
  /** Auto-increment: replay order. */
  id?: number;
  /** UPLOAD: only the receipts, to `path` (an existing record). */
  method: 'POST' | 'PUT' | 'DELETE' | 'UPLOAD';
  path: string;
  body?: unknown;
  /** Sent on every attempt, so the server creates the record once however often we replay. */
  idempotencyKey: string;
  ifMatch?: string;
  /** Uploaded after the write succeeds, to `receiptPath` with `{id}` from the answer. */
  receipts?: StoredFile[];
  receiptPath?: string;
  /** Where the new record's id is in the answer, e.g. ['expense', 'expense_id']. */
  idPath?: string[];
  /** What the user sees in the indicator, e.g. "Expense: Taxi, 12.00 USD". */
  label: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  state: OutboxState;
  /** The server's reason for a conflict or refusal. */
  problem?: string;
}

export interface CacheRecord {
  key: string;
  value: unknown;
  storedAt: number;
}

export interface DraftRecord {
  key: string;
  value: unknown;
  savedAt: number;
}

export interface DealSpendDB extends DBSchema {
  outbox: { key: number; value: OutboxRecord };
  cache: { key: string; value: CacheRecord };
  drafts: { key: string; value: DraftRecord };
}

export type DealSpendDatabase = IDBPDatabase<DealSpendDB>;

/** Bump when stores change, and add a case below (cases fall through from the user's old version). */
export const DB_VERSION = 1;

export function openDealSpendDB(name = 'dealspend'): Promise<DealSpendDatabase> {
  return openDB<DealSpendDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      switch (oldVersion) {
        case 0:
          db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
          db.createObjectStore('cache', { keyPath: 'key' });
          db.createObjectStore('drafts', { keyPath: 'key' });
      }
    },
  });
}
