/**
 * Read-ahead over a paged Zoho listing. A listing is a chain (each page's cursor comes with the
 * page before it), so the pages are fetched one after another; the reader keeps that chain moving
 * while the pages already read are being written, up to `depth` pages ahead, and hands the writer
 * whatever has arrived (at least one page, about `batch` records) so that one commit covers them.
 *
 * The reader lives in the job's cache and is keyed by the checkpoint it expects next: a step that
 * asks from any other checkpoint (a retry after a failed commit, a resumed run) gets a new reader,
 * never a stale page. A page whose read-ahead failed is asked for again when a step needs it; if
 * that fails too, the step fails, and its retry starts over from the committed checkpoint.
 */
import type { Checkpoint } from './step-env.js';

export interface ListingPage<R> {
  records: R[];
  /** The checkpoint once this page is written. */
  after: Checkpoint;
}

export interface ListingBatch<R> {
  records: R[];
  /** The checkpoint once every page of the batch is written. */
  after: Checkpoint;
}

export interface ReadAheadOptions {
  /** Take pages until the batch holds at least this many records (if they have arrived). */
  batch: number;
  /** Fetch at most this many pages ahead of the writer. */
  depth: number;
}

interface Reader<R> {
  expects: string;
  /** The checkpoint after the last page requested: where the chain continues. */
  tail: Checkpoint;
  arrived: Array<ListingPage<R>>;
  inFlight: boolean;
  failure: { error: unknown } | null;
  wake: (() => void) | null;
}

/** Identifies a position in a listing: the phase, its window and the page cursor. */
function positionOf(cp: Checkpoint): string {
  return `${cp.phase}|${cp.since ?? ''}|${cp.cursor?.page ?? 1}|${cp.cursor?.pageToken ?? ''}`;
}

/**
 * The next batch of a listing from checkpoint `cp`. `fetchAfter(from)` fetches the page at `from`
 * and returns its records with the checkpoint after it; the listing ends when a page's `after`
 * leaves the pull phase.
 */
export async function readAhead<R>(
  cache: Map<string, unknown>,
  name: string,
  cp: Checkpoint,
  fetchAfter: (from: Checkpoint) => Promise<ListingPage<R>>,
  opts: ReadAheadOptions,
): Promise<ListingBatch<R>> {
  const slot = `listing:${name}`;
  let reader = cache.get(slot) as Reader<R> | undefined;
  if (!reader || reader.expects !== positionOf(cp) || reader.failure) {
    reader = { expects: positionOf(cp), tail: cp, arrived: [], inFlight: false, failure: null, wake: null };
    cache.set(slot, reader);
  }
  const r = reader;
  const pump = (): void => {
    if (r.inFlight || r.failure || r.tail.phase !== 'pull' || r.arrived.length >= opts.depth) return;
    r.inFlight = true;
    fetchAfter(r.tail).then(
      (page) => {
        r.inFlight = false;
        r.arrived.push(page);
        r.tail = page.after;
        r.wake?.();
        pump();
      },
      (error: unknown) => {
        r.inFlight = false;
        r.failure = { error };
        r.wake?.();
      },
    );
  };
  pump();
  while (r.arrived.length === 0) {
    if (!r.failure && !r.inFlight) throw new Error(`the listing ${name} has no page after ${r.expects}`);
    if (r.failure) {
      cache.delete(slot);
      throw r.failure.error;
    }
    await new Promise<void>((resolve) => {
      r.wake = resolve;
    });
    r.wake = null;
  }
  const records: R[] = [];
  let after = cp;
  while (r.arrived.length > 0 && (records.length === 0 || records.length < opts.batch)) {
    const page = r.arrived.shift()!;
    for (const rec of page.records) records.push(rec);
    after = page.after;
  }
  r.expects = positionOf(after);
  pump();
  return { records, after };
}
