import { createApiCache } from '../api/cache.js';
import type { ApiClient } from '../api/client.js';
import { openDealSpendDB } from '../api/db.js';
import { createDrafts } from '../api/drafts.js';
import { createOutbox } from '../api/outbox.js';
import { createQueueingClient } from '../api/queueing-client.js';

/**
 * The offline pieces of one mount over the one database: the outbox (replaying at start), the
 * client views use (writes queue when offline), drafts and the read cache.
 */
export function createOfflineServices(api: ApiClient) {
  const db = openDealSpendDB();
  const outbox = createOutbox({ api, db, win: window });
  void outbox.refresh().then(() => outbox.replay());
  return {
    api: createQueueingClient(api, outbox),
    outbox,
    drafts: createDrafts(db),
    cache: createApiCache(api, db),
  };
}
