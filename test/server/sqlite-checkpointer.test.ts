/**
 * A SQLite database file has its WAL copied back into the file by a worker thread, not by the
 * commit that happens to push the log past its mark; and closing the database stops the worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';
import { CHECKPOINT_INTERVAL_MS } from '../../server/db/sqlite-checkpointer.js';

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-checkpoint-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'db.sqlite');
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('SQLite checkpoints', () => {
  it('a commit well under the automatic mark still reaches the database file soon after', async () => {
    const file = tempFile();
    const handle = await openDatabase({ sqliteFile: file });
    await sql`CREATE TABLE filler (n INTEGER, body TEXT)`.execute(handle.db);
    await new Promise((r) => setTimeout(r, CHECKPOINT_INTERVAL_MS * 2));
    const before = fs.statSync(file).size;
    // About 500 pages of log: below SQLite's own mark of 1,000 pages, so only the worker copies it
    // (without the worker the file stays as it is; the worker may already have copied it by now).
    await sql`WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 4000)
      INSERT INTO filler SELECT n, printf('%.400c', 'x') FROM i`.execute(handle.db);

    expect(await until(() => fs.statSync(file).size > before + 1_000_000, 3000)).toBe(true);
    await handle.destroy();
  });

  it('closing the database stops the worker and leaves no log behind', async () => {
    const file = tempFile();
    const handle = await openDatabase({ sqliteFile: file });
    await sql`CREATE TABLE t (n INTEGER)`.execute(handle.db);
    await sql`INSERT INTO t VALUES (1)`.execute(handle.db);
    await handle.destroy();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const again = await openDatabase({ sqliteFile: file });
    const row = await sql<{ n: number }>`SELECT n FROM t`.execute(again.db);
    expect(row.rows).toEqual([{ n: 1 }]);
    await again.destroy();
  });
});
