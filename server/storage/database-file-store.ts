/**
 * The default FileStore: bytes in the `files` table, so several server instances sharing one
 * PostgreSQL database see the same receipts without a shared disk.
 *
 * A file row is shared by every receipt with the same bytes, and is deleted when the last of them
 * goes. The trap is an upload racing a deletion on PostgreSQL (READ COMMITTED): the uploader finds
 * the row already there, the deleter cannot see the uploader's receipt until it commits, and so
 * deletes the row the new receipt needs. Two locks close it, each held to the end of its transaction:
 *
 * - `put` locks the row it finds (an upsert that rewrites a column to its own value), so a deletion
 *   of that row waits until the upload has committed its receipt or rolled back;
 * - `releaseUnusedFiles` locks each row first and only then, in a later statement (which reads a
 *   fresh snapshot), deletes it if no receipt refers to it. One DELETE … WHERE NOT EXISTS would not
 *   do: after waiting for a row lock, PostgreSQL re-checks the row but evaluates the subquery with
 *   the statement's old snapshot, so it would still miss the receipt that just committed.
 *
 * If the deletion locks first, the upload's upsert waits; once the row is gone it inserts it anew.
 * Two uploads of the same bytes also take turns on the row, which is rare and brief.
 * SQLite runs one writer at a time, so there the two transactions never interleave at all.
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
        // Not DO NOTHING: that takes no lock, so a concurrent release could delete the row it found.
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'sha256'])
            .doUpdateSet((eb) => ({ created_time: eb.ref('files.created_time') })),
        )
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

/**
 * Removes stored bytes no receipt refers to any more (after a receipt or expense is deleted). Call it
 * in the deleting transaction, after the receipt rows are gone; it waits for any upload still holding
 * one of the files (see the top of this file).
 */
export async function releaseUnusedFiles(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
  hashes: readonly string[],
): Promise<void> {
  // Sorted, so two deletions sharing files lock them in the same order and cannot deadlock.
  const unique = [...new Set(hashes)].sort();
  if (unique.length === 0) return;
  for (const sha256 of unique) {
    // A no-op UPDATE locks the row on PostgreSQL, waiting for an upload that holds it; no dialect check needed.
    await db
      .updateTable('files')
      .set((eb) => ({ created_time: eb.ref('created_time') }))
      .where('org_id', '=', orgId)
      .where('sha256', '=', sha256)
      .execute();
  }
  await db
    .deleteFrom('files')
    .where('org_id', '=', orgId)
    .where('sha256', 'in', unique)
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
