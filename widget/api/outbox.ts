/**
 * The outbox: writes made offline (or that failed for want of a network) wait in IndexedDB with
 * their Idempotency-Key, body and receipt bytes, and are replayed in the order they were made.
 *
 * Replay, one item at a time, oldest first:
 * 1. read the head item (a short read transaction, closed before any network call);
 * 2. send it with its own Idempotency-Key, then upload its receipts, each with a key derived from
 *    it, so a replay after a crash gets the server's stored answers and creates nothing twice;
 * 3. only then delete it (another short transaction). A crash before 3 replays the item again;
 *    the keys make that harmless. Nothing is lost: items leave the store only after success.
 * Offline or a 5xx/429 answer: the item stays at the head, later items wait behind it (order),
 * and a retry is scheduled with exponential backoff and jitter; the `online` event retries at once.
 * 409 (the record changed on the server) and other refusals move the item to the conflicts list,
 * with the user's version kept, and replay goes on with the next item.
 */
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError, isApiError } from './api-error.js';
import type { ApiClient } from './client.js';
import type { DealSpendDatabase, OutboxRecord, StoredFile } from './db.js';
import { newIdempotencyKey } from './idempotency-key.js';

/** Server code of "a request with this Idempotency-Key is still running": just try again later. */
const IDEMPOTENCY_IN_PROGRESS = 4010;
/** First retry after about this long; doubles per attempt up to MAX_BACKOFF_MS. */
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface OutboxWrite {
  method: 'POST' | 'PUT' | 'DELETE' | 'UPLOAD';
  path: string;
  body?: unknown;
  /** Given when the caller already sent the write once (so a retry stays the same request). */
  idempotencyKey?: string;
  ifMatch?: string;
  receipts?: { blob: Blob; fileName: string }[];
  /** e.g. '/api/v1/expenses/{id}/receipt' */
  receiptPath?: string;
  /** e.g. ['expense', 'expense_id'] */
  idPath?: string[];
  label: string;
}

export type SendResult<T> = { queued: false; result: T } | { queued: true; id: number };

export interface Outbox {
  readonly pending: ReadonlySignal<number>;
  readonly conflicts: ReadonlySignal<readonly OutboxRecord[]>;
  readonly replaying: ReadonlySignal<boolean>;
  /** Sends now; when the network is down, queues the write and says so. Other errors throw. */
  send<T>(write: OutboxWrite): Promise<SendResult<T>>;
  enqueue(write: OutboxWrite): Promise<number>;
  /** Sends what waits, in order; resolves when the queue is empty or blocked by the network. */
  replay(): Promise<void>;
  /** A conflict: drop the user's version. */
  discard(id: number): Promise<void>;
  /** A conflict: send the user's version again, over what is on the server now. */
  retry(id: number): Promise<void>;
  refresh(): Promise<void>;
  /**
   * Hears what the server answered each write that replay sent (a queued expense's duplicate hints,
   * say); a write sent at once answers its caller instead. Returns a function that stops listening.
   */
  onReplayed(listener: ReplayListener): () => void;
  dispose(): void;
}

export type ReplayListener = (write: OutboxRecord, answer: unknown) => void;

export interface OutboxOptions {
  api: ApiClient;
  db: Promise<DealSpendDatabase>;
  now?: () => number;
  random?: () => number;
  /** Where to listen for `online` (omit in tests that drive replay themselves). */
  win?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Exponential backoff with full jitter: a random wait in [base/2, min(max, base·2^n)]. */
export function backoffDelay(attempts: number, random: () => number): number {
  const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

function idAt(answer: unknown, path: readonly string[]): string | undefined {
  let v: unknown = answer;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Network down, server overloaded or briefly failing, or the same key still running: try later. */
function isTransient(e: unknown): boolean {
  if (!isApiError(e)) return false;
  return e.offline || e.status === 429 || e.status >= 500 || e.code === IDEMPOTENCY_IN_PROGRESS;
}

async function toStored(files: OutboxWrite['receipts']): Promise<StoredFile[] | undefined> {
  if (!files?.length) return undefined;
  return Promise.all(
    files.map(async (f) => ({ bytes: await f.blob.arrayBuffer(), type: f.blob.type, fileName: f.fileName })),
  );
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { api, db } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const items = signal<readonly OutboxRecord[]>([], { name: 'outbox-items' });
  const replaying = signal(false, { name: 'outbox-replaying' });
  const pending = computed(() => items.value.filter((i) => i.state === 'pending').length);
  const conflicts = computed(() => items.value.filter((i) => i.state === 'conflict'));
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  let timer: unknown = null;
  const listeners = new Set<ReplayListener>();

  async function refresh() {
    items.value = await (await db).getAll('outbox');
  }

  function schedule(at: number) {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(
      () => {
        timer = null;
        void replay();
      },
      Math.max(0, at - now()),
    );
  }

  /** The write itself and then its receipts; every call carries a key derived from the item's. */
  async function perform(item: OutboxRecord): Promise<unknown> {
    let answer: unknown;
    if (item.method === 'UPLOAD') answer = undefined;
    else if (item.method === 'POST')
      answer = await api.post(item.path, item.body, { idempotencyKey: item.idempotencyKey });
    else if (item.method === 'PUT')
      answer = await api.put(item.path, item.body, item.ifMatch ? { ifMatch: item.ifMatch } : {});
    else answer = await api.del(item.path);
    const receiptPath = item.method === 'UPLOAD' ? item.path : item.receiptPath;
    if (item.receipts?.length && receiptPath) {
      const id = item.idPath ? idAt(answer, item.idPath) : undefined;
      const path = id ? receiptPath.replace('{id}', encodeURIComponent(id)) : receiptPath;
      for (const [i, file] of item.receipts.entries()) {
        await api.upload(path, new Blob([file.bytes], { type: file.type }), file.fileName, undefined, {
          // A lone upload keeps its own key (as first sent); receipts after a write derive theirs.
          idempotencyKey:
            item.method === 'UPLOAD' && i === 0 ? item.idempotencyKey : `${item.idempotencyKey}:receipt:${i}`,
        });
      }
    }
    return answer;
  }

  async function runReplay(): Promise<void> {
    replaying.value = true;
    try {
      for (;;) {
        const d = await db;
        // Read the head in its own transaction; it has closed before the network call below.
        const all = await d.getAll('outbox');
        const head = all.find((i) => i.state === 'pending');
        if (!head) break;
        if (head.nextAttemptAt > now()) {
          schedule(head.nextAttemptAt);
          break;
        }
        try {
          const answer = await perform(head);
          await d.delete('outbox', head.id!);
          // In a microtask: a listener that throws must not turn a sent write into a conflict.
          for (const listener of listeners) queueMicrotask(() => listener(head, answer));
        } catch (e) {
          if (isTransient(e)) {
            const attempts = head.attempts + 1;
            await d.put('outbox', {
              ...head,
              attempts,
              nextAttemptAt: now() + backoffDelay(attempts, random),
              problem: (e as Error).message,
            });
            await refresh();
            schedule(now() + backoffDelay(attempts, random));
            break;
          }
          // A conflict or a refusal will not go away by retrying: show it, keep the user's version.
          await d.put('outbox', { ...head, state: 'conflict', problem: (e as Error).message });
        }
        await refresh();
      }
    } finally {
      replaying.value = false;
      await refresh();
    }
  }

  function replay(): Promise<void> {
    // Asked again while a replay runs (e.g. it is about to give up offline): run once more after it.
    if (running) {
      again ??= running.then(() => {
        again = null;
        return replay();
      });
      return again;
    }
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    // Both widget frames may hold an outbox; a Web Lock lets one replay at a time (keys make it safe anyway).
    const run = locks
      ? () => locks.request('dealspend-outbox', () => runReplay()).then(() => undefined)
      : runReplay;
    running = run().finally(() => {
      running = null;
    });
    return running;
  }

  async function enqueue(write: OutboxWrite): Promise<number> {
    // Read the files before opening the transaction.
    const receipts = await toStored(write.receipts);
    const record: OutboxRecord = {
      method: write.method,
      path: write.path,
      ...(write.body !== undefined ? { body: write.body } : {}),
      idempotencyKey: write.idempotencyKey ?? newIdempotencyKey(),
      ...(write.ifMatch ? { ifMatch: write.ifMatch } : {}),
      ...(receipts ? { receipts } : {}),
      ...(write.receiptPath ? { receiptPath: write.receiptPath } : {}),
      ...(write.idPath ? { idPath: write.idPath } : {}),
      label: write.label,
      createdAt: now(),
      attempts: 0,
      nextAttemptAt: now(),
      state: 'pending',
    };
    const id = await (await db).add('outbox', record);
    await refresh();
    return id;
  }

  const onOnline = () => {
    void (async () => {
      // Coming back online: retry now rather than at the backoff time.
      const d = await db;
      for (const item of await d.getAll('outbox')) {
        if (item.state === 'pending' && item.nextAttemptAt > now())
          await d.put('outbox', { ...item, nextAttemptAt: now() });
      }
      await replay();
    })();
  };
  options.win?.addEventListener('online', onOnline);

  return {
    pending,
    conflicts,
    replaying,
    async send<T>(write: OutboxWrite): Promise<SendResult<T>> {
      const key = write.idempotencyKey ?? newIdempotencyKey();
      // Earlier writes go first: if any wait, this one queues behind them.
      await refresh();
      if (pending.value > 0) {
        const id = await enqueue({ ...write, idempotencyKey: key });
        void replay();
        return { queued: true, id };
      }
      const item: OutboxRecord = {
        ...write,
        idempotencyKey: key,
        receipts: await toStored(write.receipts),
        label: write.label,
        createdAt: now(),
        attempts: 0,
        nextAttemptAt: now(),
        state: 'pending',
      };
      try {
        return { queued: false, result: (await perform(item)) as T };
      } catch (e) {
        if (!(e instanceof ApiError) || !isTransient(e)) throw e;
        const id = await enqueue({ ...write, idempotencyKey: key });
        schedule(now() + backoffDelay(1, random));
        return { queued: true, id };
      }
    },
    enqueue,
    replay,
    async discard(id) {
      await (await db).delete('outbox', id);
      await refresh();
    },
    async retry(id) {
      const d = await db;
      const item = await d.get('outbox', id);
      if (!item) return;
      const body =
        item.body && typeof item.body === 'object'
          ? Object.fromEntries(
              Object.entries(item.body as Record<string, unknown>).filter(
                ([k]) => k !== 'last_modified_time',
              ),
            )
          : item.body;
      const { ifMatch: _dropped, problem: _problem, ...rest } = item;
      // A new key: the server must treat the user's version as a new request, not the refused one.
      await d.put('outbox', {
        ...rest,
        body,
        idempotencyKey: newIdempotencyKey(),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now(),
      });
      await refresh();
      await replay();
    },
    refresh,
    onReplayed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      options.win?.removeEventListener('online', onOnline);
      if (timer !== null) clearTimer(timer);
    },
  };
}
