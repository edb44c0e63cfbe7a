import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../widget/api/api-error.js';
import { openDealSpendDB } from '../../../widget/api/db.js';
import { createOutbox } from '../../../widget/api/outbox.js';
import { createQueueingClient, describeWrite } from '../../../widget/api/queueing-client.js';
import { fakeServer } from './fake-server.js';

let n = 0;
function setup() {
  const server = fakeServer();
  let clock = 5_000_000;
  const outbox = createOutbox({
    api: server.api,
    db: openDealSpendDB(`queueing-${++n}`),
    now: () => clock,
    random: () => 0.5,
    setTimer: () => {},
  });
  return {
    server,
    outbox,
    api: createQueueingClient(server.api, outbox),
    advance: (ms: number) => (clock += ms),
  };
}

describe('queueing client', () => {
  it('passes writes through when online', async () => {
    const { api, server, outbox } = setup();
    await api.post('/api/v1/expenses', { merchant_name: 'a' });
    expect(server.created).toHaveLength(1);
    expect(outbox.pending.value).toBe(0);
  });

  it('keeps an offline write in the outbox with the same key and throws a queued offline error', async () => {
    const { api, server, outbox, advance } = setup();
    server.setOffline(true);
    const err = await api
      .post('/api/v1/expenses', { merchant_name: 'a' }, { idempotencyKey: 'k-1' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ offline: true, queued: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(outbox.pending.value).toBe(1);
    server.setOffline(false);
    advance(10 * 60_000);
    await outbox.replay();
    expect(server.created).toHaveLength(1);
    expect(server.calls.every((c) => c.key === 'k-1')).toBe(true);
  });

  it('does not queue a write the server refused (only offline writes wait)', async () => {
    const { api, server, outbox } = setup();
    server.conflictOn('/api/v1/expenses/e1');
    await expect(api.put('/api/v1/expenses/e1', { last_modified_time: 'x' })).rejects.toMatchObject({
      status: 409,
    });
    expect(outbox.pending.value).toBe(0);
  });

  it('names waiting writes for the indicator', () => {
    expect(describeWrite('POST', '/api/v1/expenses')).toBe('New expense');
    expect(describeWrite('POST', '/api/v1/expensereports/7/submit')).toBe('expense report submit');
    expect(describeWrite('PUT', '/api/v1/expenses/3')).toBe('Change to expense');
  });
});
