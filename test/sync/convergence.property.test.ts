import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { syncRuntimeOf } from '../../server/sync/runtime.js';
import { enqueueSync } from '../../server/sync/scheduler.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;

type Op =
  | { kind: 'create'; name: string }
  | { kind: 'update'; index: number; phone: string }
  | { kind: 'delete'; index: number }
  | { kind: 'sync'; trigger: 'daily' | 'instant' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    name: fc.stringMatching(/^[A-Z][a-z]{2,8} (Ltd|Inc|Group)$/),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    index: fc.nat({ max: 59 }),
    phone: fc.stringMatching(/^\+1 555 \d{4}$/),
  }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat({ max: 59 }) }),
  fc.constantFrom('daily' as const, 'instant' as const).map((trigger): Op => ({ kind: 'sync', trigger })),
);

async function syncNow(w: SyncWorld, trigger: 'daily' | 'instant') {
  const integration = await w.db.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
  await enqueueSync(w.db, integration, trigger, new Date(), w.app.ctx.ids);
  await syncRuntimeOf(w.app.ctx).drain();
}

async function snapshot(w: SyncWorld) {
  const rows = await w.db
    .selectFrom('sync_links as l')
    .innerJoin('contacts as c', 'c.contact_id', 'l.local_id')
    .select(['l.external_id', 'c.contact_name', 'c.phone', 'c.status'])
    .where('l.org_id', '=', w.orgId)
    .where('l.module', '=', 'accounts')
    .orderBy('l.external_id')
    .execute();
  const total = await w.db
    .selectFrom('contacts')
    .select('contact_id')
    .where('org_id', '=', w.orgId)
    .execute();
  return { rows, total: total.length };
}

describe.each(DIALECTS)('sync convergence (%s)', (dialect) => {
  it('any sequence of CRM changes and syncs ends in the same state as one fresh full sync', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
        const w = await openSyncWorld(dialect);
        await connectCrm(w, { module: 'accounts' }, { sync_now: true });
        await w.drain();
        const ids = zylker.Accounts.map((a) => a.id);
        const deleted = new Set<string>();
        for (const op of ops) {
          if (op.kind === 'create')
            await w.control('POST', '/crm/default/Accounts', { Account_Name: `${op.name} ${ids.length}` });
          else if (op.kind === 'update' && !deleted.has(ids[op.index]!))
            await w.control('PATCH', `/crm/default/Accounts/${ids[op.index]}`, { Phone: op.phone });
          else if (op.kind === 'delete' && !deleted.has(ids[op.index]!)) {
            await w.control('DELETE', `/crm/default/Accounts/${ids[op.index]}`);
            deleted.add(ids[op.index]!);
          } else if (op.kind === 'sync') await syncNow(w, op.trigger);
        }
        await syncNow(w, 'daily');
        const fresh = await openSyncWorld(dialect, { shareSandbox: w.sandbox });
        await connectCrm(fresh, { module: 'accounts' }, { sync_now: true });
        await fresh.drain();
        expect(await snapshot(w)).toEqual(await snapshot(fresh));
      }),
      { numRuns: 3, seed: 20261125, endOnFailure: true },
    );
  }, 300_000);
});
