/**
 * Receipt files need the Authorization header, so they cannot be a plain `<img src>`: the bytes
 * are fetched through the API client and shown from an object URL.
 */
import type { ApiClient } from '../../api/client.js';

/** Fetches a receipt's bytes (null only for a client without downloads, e.g. a test double). */
export async function loadReceiptBlob(api: ApiClient, path: string): Promise<Blob | null> {
  return typeof api.getBlob === 'function' ? api.getBlob(path) : null;
}

/** Inbox receipt file. */
export function inboxReceiptPath(receiptId: string): string {
  return `/api/v1/receipts/${receiptId}/file`;
}

/** A receipt attached to an expense. */
export function expenseReceiptPath(expenseId: string, receiptId: string): string {
  return `/api/v1/expenses/${expenseId}/receipts/${receiptId}`;
}
