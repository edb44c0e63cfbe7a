/**
 * CRM Deals (potentials) → deals with stage, forecast type, amount, closing date, owner, account
 * and contact. "Only potentials associated with users" (org setting potentials_mode = 'user') keeps
 * only deals whose owner is a DealSpend user; "All potentials" keeps every deal.
 *
 * Phases: 'pull' (the deals changed since the marker), 'deleted', then 'finalize', which fills in
 * the owner, account and contact of deals whose CRM record had no local id when the deal was
 * written (resolveDealReferences): a daily run reads only deals changed in CRM, and the account or
 * contact may be synced later (a view, Search in Zoho CRM) or the owner become a user later.
 */

import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { mapCrmDeal, normalizeTime } from '../../domain/sync-mapping.js';
import { readOrgSettings } from '../../modules/organizations/service.js';
import { type Db, deleteLinks, type LinkWrite, loadLinks, localIds, writeLinks } from '../links.js';
import { afterListingPage, type Checkpoint, laterOf, type ModuleHandler, type StepEnv } from '../step-env.js';

const DEAL_FIELDS = [
  'Deal_Name',
  'Stage',
  'Amount',
  'Closing_Date',
  'Owner',
  'Account_Name',
  'Contact_Name',
  'Currency',
  'Modified_Time',
];

async function stageForecasts(env: StepEnv): Promise<Map<string, string>> {
  const cached = env.cache.get('deal-stages') as Map<string, string> | undefined;
  if (cached) return cached;
  const fields = await env.crm().fields('Deals');
  const stage = fields.find((f) => f.api_name === 'Stage');
  const map = new Map<string, string>();
  for (const v of stage?.pick_list_values ?? [])
    if (v.forecast_type) map.set(v.actual_value, v.forecast_type);
  env.cache.set('deal-stages', map);
  return map;
}

/**
 * What the owner lookup of a 'user'-mode run can find: the org's users (matched by email) and its
 * CRM user links. A daily run reads only deals modified since its marker, so a deal skipped because
 * its owner was not a user would stay out after the owner becomes one (CRM users sync, People sync,
 * an admin adding them) until someone edits it in CRM. The engine adds this to the deals run's scope,
 * so when it differs from the marker's run the deals are all read again. Users are only ever added
 * and their emails never change, and CRM user links are only added: the counts and the newest
 * creation time change exactly when the lookup may find more (a count also notes a removal), while
 * the daily edits of users (names, roles, managers) keep runs incremental. Two indexed aggregates.
 */
export async function dealOwnersFingerprint(db: Db, orgId: string): Promise<string> {
  const users = await db
    .selectFrom('users')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('created_time').as('newest')])
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const links = await db
    .selectFrom('sync_links')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('system', '=', 'crm')
    .where('module', '=', 'users')
    .executeTakeFirstOrThrow();
  return JSON.stringify([Number(users.n), users.newest ?? null, Number(links.n)]);
}

export const dealsHandler: ModuleHandler = async (env, cp) => {
  if (cp.phase === 'pull') return pull(env, cp);
  if (cp.phase === 'deleted') return applyDeleted(env, cp);
  if (cp.phase === 'finalize') return finalize(env, cp);
  return env.commit({ ...cp, phase: 'done' }, async () => {});
};

async function pull(env: StepEnv, cp: Checkpoint): Promise<void> {
  const forecasts = await stageForecasts(env);
  const page = await env.crm().listPage('Deals', cp.cursor ?? { page: 1 }, {
    fields: DEAL_FIELDS,
    modifiedSince: cp.since ?? undefined,
  });
  let maxSeen = cp.maxSeen;
  for (const r of page.records) maxSeen = laterOf(maxSeen, normalizeTime(r.Modified_Time));
  const next = afterListingPage(cp, page.next, maxSeen, 'deleted', true);
  const orgId = env.org.org_id;
  const potentialsMode = readOrgSettings(env.org).potentials_mode;
  await env.commit(next, async (trx, out) => {
    const now = env.now().toISOString();
    out.counts.fetched += page.records.length;
    const mapped = page.records.map((r) => ({ r, m: mapCrmDeal(r, forecasts, env.org.base_currency) }));
    const ok = mapped.flatMap(({ m }) => (m.ok ? [m] : []));
    const owners = await localIds(
      trx,
      orgId,
      'crm',
      'users',
      ok.map((m) => m.ownerExternalId),
    );
    const ownerEmails = new Map<string, string>();
    const emails = page.records
      .map((r) => (r.Owner as { email?: string } | undefined)?.email?.toLowerCase())
      .filter((e): e is string => !!e);
    if (emails.length) {
      const users = await trx
        .selectFrom('users')
        .select(['user_id', 'email'])
        .where('org_id', '=', orgId)
        .where('email', 'in', [...new Set(emails)])
        .execute();
      for (const u of users) ownerEmails.set(u.email.toLowerCase(), u.user_id);
    }
    const accounts = await localIds(
      trx,
      orgId,
      'crm',
      'accounts',
      ok.map((m) => m.accountExternalId),
    );
    const contacts = await localIds(
      trx,
      orgId,
      'crm',
      'contacts',
      ok.map((m) => m.contactExternalId),
    );
    const links = await loadLinks(
      trx,
      orgId,
      'crm',
      'deals',
      page.records.map((r) => r.id),
    );
    const writes: LinkWrite[] = [];
    const inserts: Array<Record<string, unknown>> = [];
    const dropped: string[] = [];
    for (const { r, m } of mapped) {
      if (!m.ok) {
        out.fail(
          r.id,
          m.reason === 'NO_NAME' ? 'The deal has no name.' : 'The deal amount is not a valid number.',
        );
        continue;
      }
      const ownerEmail = (r.Owner as { email?: string } | undefined)?.email?.toLowerCase();
      const ownerId =
        (m.ownerExternalId ? owners.get(m.ownerExternalId) : undefined) ??
        (ownerEmail ? ownerEmails.get(ownerEmail) : undefined) ??
        null;
      const link = links.get(r.id);
      if (potentialsMode === 'user' && !ownerId) {
        out.counts.skipped++;
        if (link) dropped.push(r.id);
        continue;
      }
      const row = {
        ...m.deal,
        owner_id: ownerId,
        account_id: m.accountExternalId ? (accounts.get(m.accountExternalId) ?? null) : null,
        contact_id: m.contactExternalId ? (contacts.get(m.contactExternalId) ?? null) : null,
        // Remembered so the 'finalize' phase of a later run can fill in what has no local id yet.
        crm_owner_id: m.ownerExternalId,
        crm_owner_email: ownerEmail ?? null,
        crm_account_id: m.accountExternalId,
        crm_contact_id: m.contactExternalId,
      };
      const remoteTime = normalizeTime(r.Modified_Time) ?? now;
      if (link) {
        const res = await trx
          .updateTable('deals')
          .set({ ...row, last_modified_time: now })
          .where('org_id', '=', orgId)
          .where('deal_id', '=', link.local_id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) > 0) {
          out.counts.updated++;
          writes.push({
            external_id: r.id,
            local_id: link.local_id,
            external_modified_time: remoteTime,
            local_modified_time: now,
            field_hashes: {},
          });
          continue;
        }
      }
      const id = env.newId();
      inserts.push({ deal_id: id, org_id: orgId, ...row, created_time: now, last_modified_time: now });
      out.counts.created++;
      writes.push({
        external_id: r.id,
        local_id: id,
        external_modified_time: remoteTime,
        local_modified_time: now,
        field_hashes: {},
      });
    }
    for (let i = 0; i < inserts.length; i += 100) {
      await trx
        .insertInto('deals')
        .values(inserts.slice(i, i + 100) as never)
        .execute();
    }
    await writeLinks(trx, orgId, 'crm', 'deals', writes);
    if (dropped.length) await removeDeals(trx, orgId, dropped, links);
  });
}

async function removeDeals(
  trx: Parameters<typeof deleteLinks>[0],
  orgId: string,
  externalIds: string[],
  links: Map<string, { local_id: string }>,
): Promise<void> {
  const ids = externalIds.map((e) => links.get(e)?.local_id).filter((x): x is string => !!x);
  await deleteLinks(trx, orgId, 'crm', 'deals', externalIds);
  if (ids.length === 0) return;
  // Deals that expenses or reports point at stay (unlinked) so their spend history survives.
  const usedE = await trx
    .selectFrom('expenses')
    .select('deal_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('deal_id', 'in', ids)
    .execute();
  const usedR = await trx
    .selectFrom('expense_reports')
    .select('deal_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('deal_id', 'in', ids)
    .execute();
  const used = new Set([...usedE, ...usedR].map((r) => r.deal_id));
  const drop = ids.filter((id) => !used.has(id));
  if (drop.length)
    await trx.deleteFrom('deals').where('org_id', '=', orgId).where('deal_id', 'in', drop).execute();
}

async function applyDeleted(env: StepEnv, cp: Checkpoint): Promise<void> {
  const page = await env.crm().deletedPage('Deals', cp.cursor?.page ?? 1, cp.deletedSince ?? undefined);
  let maxDeleted = cp.maxDeleted;
  for (const d of page.records) maxDeleted = laterOf(maxDeleted, normalizeTime(d.deleted_time));
  const next: Checkpoint = page.next
    ? { ...cp, cursor: page.next, maxDeleted }
    : { ...cp, phase: 'finalize', maxDeleted };
  await env.commit(next, async (trx, out) => {
    const links = await loadLinks(
      trx,
      env.org.org_id,
      'crm',
      'deals',
      page.records.map((d) => d.id),
    );
    if (links.size === 0) return;
    await removeDeals(trx, env.org.org_id, [...links.keys()], links);
    out.counts.deleted += links.size;
  });
}

async function finalize(env: StepEnv, cp: Checkpoint): Promise<void> {
  await env.commit({ ...cp, phase: 'done' }, async (trx, out) => {
    out.counts.updated += await resolveDealReferences(trx, env.org.org_id, env.now().toISOString());
  });
}

type DealsEb = ExpressionBuilder<Database, 'deals'>;

/** The local id of the CRM record of `module` whose id the deal remembers in `column`. */
function linkedId(
  eb: DealsEb,
  module: 'users' | 'accounts' | 'contacts',
  column: 'crm_owner_id' | 'crm_account_id' | 'crm_contact_id',
) {
  return eb
    .selectFrom('sync_links as l')
    .select('l.local_id')
    .whereRef('l.org_id', '=', 'deals.org_id')
    .where('l.system', '=', 'crm')
    .where('l.module', '=', module)
    .whereRef('l.external_id', '=', `deals.${column}`);
}

/** The user whose email is the one the deal remembers for its CRM owner. */
function userByEmail(eb: DealsEb) {
  return eb
    .selectFrom('users as u')
    .select('u.user_id')
    .whereRef('u.org_id', '=', 'deals.org_id')
    .whereRef('u.email', '=', 'deals.crm_owner_email');
}

/**
 * Only deals this sync keeps: not those left unlinked (deleted in CRM but in use, converted). The
 * link is reached by its local id; its other columns are compared as expressions so that no planner
 * without statistics (SQLite) walks every deals link through the primary key instead.
 */
function dealLink(eb: DealsEb, orgId: string) {
  return eb
    .selectFrom('sync_links as d')
    .select('d.local_id')
    .whereRef('d.local_id', '=', 'deals.deal_id')
    .where(sql`d.org_id || ''`, '=', orgId)
    .where(sql`d.system || ''`, '=', 'crm')
    .where(sql`d.module || ''`, '=', 'deals')
    .limit(1);
}

/**
 * Fills in the owner, account and contact of the org's synced deals whose remembered CRM record
 * has a local id now but had none when the deal was written, as the write would have (the owner by
 * CRM user link, else by email). A reference emptied in CRM was written with no CRM id, and one set
 * in DealSpend cleared it (modules/deals), so both stay as they are. Four statements whatever the
 * number of deals, each reaching only the deals with that reference empty (indexes on (org_id,
 * owner_id / account_id / contact_id)), then per deal the link's or user's unique key: a deal whose
 * record is still not synced (its account outside the view) costs an index probe per run. Returns
 * how many deals changed (none when run again).
 */
export async function resolveDealReferences(db: Db, orgId: string, now: string): Promise<number> {
  const changed = new Set<string>();
  const fill = async (
    column: 'owner_id' | 'account_id' | 'contact_id',
    remembered: 'crm_owner_id' | 'crm_owner_email' | 'crm_account_id' | 'crm_contact_id',
    found: (eb: DealsEb) => ReturnType<typeof linkedId> | ReturnType<typeof userByEmail>,
  ) => {
    const rows = await db
      .updateTable('deals')
      .set((eb) => ({ [column]: found(eb), last_modified_time: now }))
      .where('deals.org_id', '=', orgId)
      .where(`deals.${column}`, 'is', null)
      .where(`deals.${remembered}`, 'is not', null)
      // Scalar subqueries, not EXISTS: PostgreSQL runs them per deal through the unique keys, where
      // it could turn EXISTS into a join that scans every link when it has no statistics yet.
      .where((eb) => eb.and([eb(found(eb), 'is not', null), eb(dealLink(eb, orgId), 'is not', null)]))
      .returning('deals.deal_id')
      .execute();
    for (const r of rows) changed.add(r.deal_id);
  };
  await fill('account_id', 'crm_account_id', (eb) => linkedId(eb, 'accounts', 'crm_account_id'));
  await fill('contact_id', 'crm_contact_id', (eb) => linkedId(eb, 'contacts', 'crm_contact_id'));
  await fill('owner_id', 'crm_owner_id', (eb) => linkedId(eb, 'users', 'crm_owner_id'));
  await fill('owner_id', 'crm_owner_email', userByEmail);
  return changed.size;
}
