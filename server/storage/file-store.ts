/**
 * Where receipt bytes live. Content-addressed: a file is named by the sha256 of its bytes, so the
 * same bytes are stored once per organisation and the hash doubles as a duplicate-receipt signal.
 */
export interface StoredFile {
  bytes: Uint8Array;
  contentType: string;
}

export interface FileStore {
  /**
   * Stores the bytes (once per org) and returns their hash and size. Inside a transaction, the stored
   * row stays locked until it ends, so a concurrent release of the same bytes cannot delete it first.
   */
  put(orgId: string, bytes: Uint8Array, contentType: string): Promise<{ sha256: string; size: number }>;
  get(orgId: string, sha256: string): Promise<StoredFile | undefined>;
}
