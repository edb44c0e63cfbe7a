/**
 * Receipt files need the Authorization header, so they cannot be a plain `<img src>`: the bytes
 * are fetched through the API client and shown from an object URL.
 */
import type { ApiClient } from '../../api/client.js';

/** The client's binary download, when the shell's client offers one. */
type BlobCapable = ApiClient & { getBlob?: (path: string) => Promise<Blob> };

/** Fetches a receipt's bytes; null when this client cannot download files. */
export async function loadReceiptBlob(api: ApiClient, path: string): Promise<Blob | null> {
  const capable = api as BlobCapable;
  return capable.getBlob ? capable.getBlob(path) : null;
}

/** Inbox receipt file. */
export function inboxReceiptPath(receiptId: string): string {
  return `/api/v1/receipts/${receiptId}/file`;
}

/** A receipt attached to an expense. */
export function expenseReceiptPath(expenseId: string, receiptId: string): string {
  return `/api/v1/expenses/${expenseId}/receipts/${receiptId}`;
}
