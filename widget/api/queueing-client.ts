/**
 * The API client the views get: like the plain one, but a write that cannot reach the server
 * (offline) goes into the outbox with its Idempotency-Key, and the call throws
 * `ApiError{offline: true, queued: true}` so the view can say "saved, will be sent". While earlier
 * writes still wait, a new write queues behind them, so the server sees them in the order made.
 * Reads pass through. Creating a record together with its receipts offline needs one outbox item
 * (`outbox.send` with `receipts`), because the receipts' path needs the new record's id.
 */
import { ApiError, isApiError } from './api-error.js';
import type { ApiClient } from './client.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { Outbox, OutboxWrite } from './outbox.js';

const NAMES: Record<string, string> = {
  expenses: 'expense',
  expensereports: 'expense report',
  receipts: 'receipt',
};

/** "POST /api/v1/expenses" → "New expense"; the indicator lists these. */
export function describeWrite(method: OutboxWrite['method'], path: string): string {
  const parts = path
    .replace(/^\/api\/v1\//, '')
    .split('?')[0]!
    .split('/');
  const resource = NAMES[parts[0] ?? ''] ?? parts[0] ?? 'record';
  const action =
    parts.length > 2 ? parts.slice(2).join(' ') : parts.length === 2 && method === 'POST' ? parts[1] : '';
  const verb = { POST: action ? '' : 'New', PUT: 'Change to', DELETE: 'Delete', UPLOAD: 'Receipt for' }[
    method
  ];
  return [verb, resource, action].filter(Boolean).join(' ');
}

export function createQueueingClient(api: ApiClient, outbox: Outbox): ApiClient {
  async function write<T>(
    entry: OutboxWrite & { idempotencyKey: string },
    run: () => Promise<T>,
  ): Promise<T> {
    await outbox.refresh();
    if (outbox.pending.value > 0) return queue(entry, null);
    try {
      return await run();
    } catch (e) {
      if (isApiError(e) && e.offline) return queue(entry, e);
      throw e;
    }
  }
  async function queue(entry: OutboxWrite, cause: ApiError | null): Promise<never> {
    await outbox.enqueue(entry);
    void outbox.replay();
    throw new ApiError({
      status: 0,
      code: 0,
      message: cause
        ? 'You are offline. The change is saved on this device and will be sent when the connection returns.'
        : 'Saved on this device; it will be sent after the changes still waiting.',
      offline: true,
      queued: true,
    });
  }
  return {
    baseUrl: api.baseUrl,
    get: (path, query) => api.get(path, query),
    getBlob: (path) => api.getBlob(path),
    post: (path, body, opts) => {
      const idempotencyKey = opts?.idempotencyKey ?? newIdempotencyKey();
      return write({ method: 'POST', path, body, idempotencyKey, label: describeWrite('POST', path) }, () =>
        api.post(path, body, { idempotencyKey }),
      );
    },
    put: (path, body, opts) =>
      write(
        {
          method: 'PUT',
          path,
          body,
          idempotencyKey: newIdempotencyKey(),
          ...(opts?.ifMatch ? { ifMatch: opts.ifMatch } : {}),
          label: describeWrite('PUT', path),
        },
        () => api.put(path, body, opts),
      ),
    del: (path) =>
      write(
        { method: 'DELETE', path, idempotencyKey: newIdempotencyKey(), label: describeWrite('DELETE', path) },
        () => api.del(path),
      ),
    upload: (path, file, fileName, fields, opts) => {
      const idempotencyKey = opts?.idempotencyKey ?? newIdempotencyKey();
      return write(
        {
          method: 'UPLOAD',
          path,
          idempotencyKey,
          receipts: [{ blob: file, fileName }],
          label: describeWrite('UPLOAD', path),
        },
        () => api.upload(path, file, fileName, fields, { idempotencyKey }),
      );
    },
  };
}
