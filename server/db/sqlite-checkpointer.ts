/**
 * Background WAL checkpoints for a SQLite database file.
 *
 * In WAL mode SQLite copies the log back into the database file (a checkpoint) from inside whichever
 * commit pushes the log past `wal_autocheckpoint` pages, and that commit pays for the copy and its
 * fsync on the event loop. Here a worker thread with a connection of its own checkpoints every
 * interval instead (PASSIVE: it never waits for readers or writers), so the server's commits only
 * append to the log. The server's connection keeps an automatic checkpoint at a higher mark, so the
 * log stays bounded even if the worker falls behind or stops.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** The server connection's own checkpoint mark while the worker runs (pages; SQLite's default is 1,000). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

// Plain CommonJS so that it runs in a worker whatever loader the main thread uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and stops the worker. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
  // A checkpoint that fails to start only leaves the work to SQLite's own automatic checkpoint.
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
