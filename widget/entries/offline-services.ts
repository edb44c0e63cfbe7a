import { createCachedClient } from '../api/cached-client.js';
import type { ApiClient } from '../api/client.js';
import type { DealSpendDatabase } from '../api/db.js';
import { createDrafts } from '../api/drafts.js';
import { createOutbox } from '../api/outbox.js';
import { createQueueingClient } from '../api/queueing-client.js';
import type { User } from '../api/types.js';

/**
 * The offline pieces of one mount over the one database: the outbox (replaying at start), the
 * client views use (reads answered from the cache and writes queued when offline) and drafts.
 */
export function createOfflineServices(api: ApiClient, me: User, db: Promise<DealSpendDatabase>) {
  const outbox = createOutbox({ api, db, win: window });
  void outbox.refresh().then(() => outbox.replay());
  const cached = createCachedClient(api, db, me.organization_id);
  return {
    api: createQueueingClient(cached.api, outbox),
    stale: cached.stale,
    outbox,
    drafts: createDrafts(db),
  };
}
