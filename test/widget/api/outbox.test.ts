import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDealSpendDB } from '../../../widget/api/db.js';
import { backoffDelay, createOutbox, type OutboxOptions } from '../../../widget/api/outbox.js';
import { fakeServer } from './fake-server.js';

let dbCount = 0;
function setup(server: ReturnType<typeof fakeServer>, name = `outbox-${++dbCount}`) {
  let clock = 1_000_000;
  const timers: Array<() => void> = [];
  const options: OutboxOptions = {
    api: server.api,
    db: openDealSpendDB(name),
    now: () => clock,
    random: () => 0.5,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
  };
  return {
    name,
    outbox: createOutbox(options),
    advance(ms: number) {
      clock += ms;
    },
    timers,
  };
}

const write = (n: number) => ({
  method: 'POST' as const,
  path: '/api/v1/expenses',
  body: { merchant_name: `m${n}` },
  label: `Expense ${n}`,
});

describe('outbox', () => {
  it('queues writes made offline and replays them in the order they were made, each once', async () => {
    const server = fakeServer();
    const { outbox, advance } = setup(server);
    server.setOffline(true);
    for (const n of [1, 2, 3]) expect((await outbox.send(write(n))).queued).toBe(true);
    expect(outbox.pending.value).toBe(3);
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    expect(server.created.map((c) => (c.body as { merchant_name: string }).merchant_name)).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    expect(outbox.pending.value).toBe(0);
  });

  it('sends at once when online and queues nothing', async () => {
    const server = fakeServer();
    const { outbox } = setup(server);
    const result = await outbox.send<{ expense: { expense_id: string } }>(write(1));
    expect(result).toEqual({
      queued: false,
      result: { code: 0, message: 'success', expense: { expense_id: 'e1' } },
    });
    expect(outbox.pending.value).toBe(0);
  });

  it('keeps the Idempotency-Key of the first attempt on every replay', async () => {
    const server = fakeServer();
    const { outbox, advance } = setup(server);
    server.setOffline(true);
    await outbox.send(write(1));
    advance(60_000);
    await outbox.replay();
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    const keys = server.calls.map((c) => c.key);
    expect(new Set(keys).size).toBe(1);
    expect(server.created).toHaveLength(1);
  });

  it('loses nothing and duplicates nothing when the answer is lost mid-replay and the page reloads', async () => {
    const server = fakeServer();
    const first = setup(server);
    server.setOffline(true);
    await first.outbox.send(write(1));
    await first.outbox.send(write(2));
    server.setOffline(false);
    // The server creates the first expense, but the answer never arrives (tab closed, crash).
    server.loseNextAnswer();
    first.advance(10 * 60_000);
    await first.outbox.replay();
    expect(server.created).toHaveLength(1);
    first.outbox.dispose();

    // Reload: a new outbox over the same database finds both writes still waiting.
    const reloaded = createOutbox({
      api: server.api,
      db: openDealSpendDB(first.name),
      now: () => 2e12,
      random: () => 0.5,
      setTimer: () => {},
    });
    await reloaded.refresh();
    expect(reloaded.pending.value).toBe(2);
    await reloaded.replay();
    expect(server.created.map((c) => (c.body as { merchant_name: string }).merchant_name)).toEqual([
      'm1',
      'm2',
    ]);
    expect(reloaded.pending.value).toBe(0);
  });

  it('uploads queued receipts after the write, to the new record, each with its own derived key', async () => {
    const server = fakeServer();
    const { outbox, advance } = setup(server);
    server.setOffline(true);
    await outbox.send({
      ...write(1),
      receipts: [
        { blob: new Blob(['a'], { type: 'image/png' }), fileName: 'a.png' },
        { blob: new Blob(['b'], { type: 'application/pdf' }), fileName: 'b.pdf' },
      ],
      receiptPath: '/api/v1/expenses/{id}/receipt',
      idPath: ['expense', 'expense_id'],
    });
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    expect(server.uploads.map((u) => [u.path, u.fileName])).toEqual([
      ['/api/v1/expenses/e1/receipt', 'a.png'],
      ['/api/v1/expenses/e1/receipt', 'b.pdf'],
    ]);
    const key = server.calls[server.calls.length - 3]!.key;
    expect(server.uploads.map((u) => u.key)).toEqual([`${key}:receipt:0`, `${key}:receipt:1`]);
  });

  it('moves a 409 conflict to the conflicts list with the user’s version, and goes on with the rest', async () => {
    const server = fakeServer();
    const { outbox, advance } = setup(server);
    server.conflictOn('/api/v1/expenses/e9');
    server.setOffline(true);
    await outbox.send({
      method: 'PUT',
      path: '/api/v1/expenses/e9',
      body: { amount: 12, last_modified_time: '2026-01-01T00:00:00.000Z' },
      label: 'Edit expense',
    });
    await outbox.send(write(2));
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    expect(outbox.conflicts.value).toHaveLength(1);
    expect(outbox.conflicts.value[0]!.body).toEqual({
      amount: 12,
      last_modified_time: '2026-01-01T00:00:00.000Z',
    });
    expect(outbox.conflicts.value[0]!.problem).toMatch(/changed/);
    expect(server.created).toHaveLength(1);
    expect(outbox.pending.value).toBe(0);

    // Keeping their version: sent again without the stale version check.
    await outbox.retry(outbox.conflicts.value[0]!.id!);
    expect(outbox.conflicts.value).toHaveLength(0);
    expect(server.calls.at(-1)).toMatchObject({ method: 'PUT', body: { amount: 12 } });
  });

  it('queues a new write behind earlier ones that still wait, to keep the order', async () => {
    const server = fakeServer();
    const { outbox } = setup(server);
    server.setOffline(true);
    await outbox.send(write(1));
    server.setOffline(false);
    const second = await outbox.send(write(2));
    expect(second.queued).toBe(true);
  });

  it('tells replay listeners what the server answered each queued write, and only those', async () => {
    const server = fakeServer();
    const { outbox, advance } = setup(server);
    const heard: Array<{ label: string; answer: unknown }> = [];
    const stop = outbox.onReplayed((w, answer) => heard.push({ label: w.label, answer }));
    await outbox.send(write(1));
    server.setOffline(true);
    await outbox.send(write(2));
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    await Promise.resolve();
    expect(heard).toEqual([
      { label: 'Expense 2', answer: { code: 0, message: 'success', expense: { expense_id: 'e2' } } },
    ]);
    stop();
    server.setOffline(true);
    await outbox.send(write(3));
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    await Promise.resolve();
    expect(heard).toHaveLength(1);
  });

  it('schedules a retry after a failed replay', async () => {
    const server = fakeServer();
    const { outbox, advance, timers } = setup(server);
    server.setOffline(true);
    await outbox.send(write(1));
    advance(60_000);
    await outbox.replay();
    expect(timers.length).toBeGreaterThan(0);
    server.setOffline(false);
    advance(10 * 60_000);
    timers.at(-1)!();
    await new Promise((r) => setTimeout(r, 50));
    await outbox.replay();
    expect(server.created).toHaveLength(1);
  });
});

describe('backoffDelay', () => {
  it('stays between half the cap and the cap, and the cap grows to five minutes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const cap = Math.min(300_000, 2_000 * 2 ** (n - 1));
          const d = backoffDelay(n, () => r);
          return d >= Math.floor(cap / 2) && d <= cap;
        },
      ),
    );
  });
});
