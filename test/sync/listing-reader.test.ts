import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ListingPage, readAhead } from '../../server/sync/listing-reader.js';
import type { Checkpoint } from '../../server/sync/step-env.js';

const start: Checkpoint = { phase: 'pull', since: null, deletedSince: null, maxSeen: null, maxDeleted: null };

/** A listing of `sizes[i]` records on page i+1; records are "p<page>r<index>". */
function listing(sizes: number[]) {
  const requested: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchAfter = async (from: Checkpoint): Promise<ListingPage<string>> => {
    const page = from.cursor?.page ?? 1;
    requested.push(page);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 0));
    inFlight--;
    const records = Array.from({ length: sizes[page - 1]! }, (_, i) => `p${page}r${i}`);
    const after: Checkpoint =
      page < sizes.length
        ? { ...from, cursor: { page: page + 1 } }
        : { ...from, phase: 'deleted', cursor: { page: 1 } };
    return { records, after };
  };
  return { fetchAfter, requested, maxInFlight: () => maxInFlight };
}

async function readAll(
  cache: Map<string, unknown>,
  fetchAfter: (from: Checkpoint) => Promise<ListingPage<string>>,
  opts: { batch: number; depth: number },
) {
  const batches: string[][] = [];
  let cp = start;
  while (cp.phase === 'pull') {
    const b = await readAhead(cache, 'Accounts', cp, fetchAfter, opts);
    batches.push(b.records);
    cp = b.after;
  }
  return { batches, end: cp };
}

describe('read-ahead over a paged listing', () => {
  it('hands over every record once, in order, and ends with the checkpoint after the last page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (sizes, batch, depth) => {
          const l = listing(sizes);
          const { batches, end } = await readAll(new Map(), l.fetchAfter, { batch, depth });
          const expected = sizes.flatMap((n, p) => Array.from({ length: n }, (_, i) => `p${p + 1}r${i}`));
          expect(batches.flat()).toEqual(expected);
          expect(end.phase).toBe('deleted');
          // Each page is fetched once, one at a time (the listing is a chain).
          expect(l.requested).toEqual(sizes.map((_, i) => i + 1));
          expect(l.maxInFlight()).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never reads more than `depth` pages ahead of the writer', async () => {
    const l = listing([2, 2, 2, 2, 2, 2, 2, 2]);
    const cache = new Map<string, unknown>();
    const first = await readAhead(cache, 'Accounts', start, l.fetchAfter, { batch: 1, depth: 3 });
    expect(first.records).toEqual(['p1r0', 'p1r1']);
    await new Promise((r) => setTimeout(r, 20));
    // Page 1 was taken; pages 2–4 wait, and page 5 is not asked for until one of them is taken.
    expect(l.requested).toEqual([1, 2, 3, 4]);
  });

  it('a batch takes the pages that have arrived, up to about `batch` records', async () => {
    const l = listing([3, 3, 3, 3]);
    const cache = new Map<string, unknown>();
    await readAhead(cache, 'Accounts', start, l.fetchAfter, { batch: 1, depth: 4 });
    await new Promise((r) => setTimeout(r, 20));
    const b = await readAhead(cache, 'Accounts', { ...start, cursor: { page: 2 } }, l.fetchAfter, {
      batch: 5,
      depth: 4,
    });
    expect(b.records).toEqual(['p2r0', 'p2r1', 'p2r2', 'p3r0', 'p3r1', 'p3r2']);
    expect(b.after.cursor).toEqual({ page: 4 });
  });

  it('asked from another checkpoint (a retry after a failed commit) it starts over there', async () => {
    const l = listing([1, 1, 1]);
    const cache = new Map<string, unknown>();
    await readAhead(cache, 'Accounts', start, l.fetchAfter, { batch: 1, depth: 2 });
    // The commit of page 1 failed: the step asks for page 1 again and gets it, not page 2.
    const again = await readAhead(cache, 'Accounts', start, l.fetchAfter, { batch: 1, depth: 2 });
    expect(again.records).toEqual(['p1r0']);
  });

  it('a failed fetch fails the step that needs the page (after one fresh try), and the retry fetches it again', async () => {
    // Page 2 fails twice: once read ahead, once asked for again by the step that needs it.
    let failures = 2;
    const l = listing([1, 1]);
    const flaky = async (from: Checkpoint) => {
      if ((from.cursor?.page ?? 1) === 2 && failures > 0) {
        failures--;
        throw new Error('connection dropped');
      }
      return l.fetchAfter(from);
    };
    const cache = new Map<string, unknown>();
    const first = await readAhead(cache, 'Accounts', start, flaky, { batch: 1, depth: 2 });
    await new Promise((r) => setTimeout(r, 20));
    await expect(readAhead(cache, 'Accounts', first.after, flaky, { batch: 1, depth: 2 })).rejects.toThrow(
      'connection dropped',
    );
    const retried = await readAhead(cache, 'Accounts', first.after, flaky, { batch: 1, depth: 2 });
    expect(retried.records).toEqual(['p2r0']);
    expect(retried.after.phase).toBe('deleted');
  });
});
