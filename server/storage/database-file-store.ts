/**
 * The default FileStore: bytes in the `files` table, so several server instances sharing one
 * PostgreSQL database see the same receipts without a shared disk.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../ids.js';
import type { FileStore } from './file-store.js';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createDatabaseFileStore(
  db: Kysely<Database> | Transaction<Database>,
  clock: Clock,
): FileStore {
  return {
    async put(orgId, bytes, contentType) {
      const sha256 = sha256Of(bytes);
      await db
        .insertInto('files')
        .values({
          org_id: orgId,
          sha256,
          content_type: contentType,
          size: bytes.byteLength,
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          created_time: clock().toISOString(),
        })
        .onConflict((oc) => oc.columns(['org_id', 'sha256']).doNothing())
        .execute();
      return { sha256, size: bytes.byteLength };
    },
    async get(orgId, sha256) {
      const row = await db
        .selectFrom('files')
        .select(['bytes', 'content_type'])
        .where('org_id', '=', orgId)
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (!row) return undefined;
      return { bytes: new Uint8Array(row.bytes), contentType: row.content_type };
    },
  };
}

/** Removes stored bytes no receipt refers to any more (after a receipt or expense is deleted). */
export async function releaseUnusedFiles(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
  hashes: readonly string[],
): Promise<void> {
  if (hashes.length === 0) return;
  await db
    .deleteFrom('files')
    .where('org_id', '=', orgId)
    .where('sha256', 'in', [...new Set(hashes)])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('receipts')
            .select('receipts.receipt_id')
            .whereRef('receipts.org_id', '=', 'files.org_id')
            .whereRef('receipts.sha256', '=', 'files.sha256'),
        ),
      ),
    )
    .execute();
}
