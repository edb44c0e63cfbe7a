/**
 * CRM Accounts → business customers and CRM Contacts → individual customers, as configured under
 * Customers › Configure Now: module, view, duplicates (Clone / Overwrite / Skip), field mapping,
 * and extent (Fetch from CRM, or Sync both ways: local changes are pushed back, 100 a call: a linked
 * customer updates its CRM record by id, a new one is upserted; fields changed on both sides go to
 * the conflict list).
 *
 * Phases of a job: pull (pages of records) → related (contacts of accounts newly synced, see
 * planNewAccounts) → deleted (CRM's /deleted list) → push (two-way only).
 */
import { type Insertable, sql, type Transaction } from 'kysely';
import type { CrmRecord } from '../../../sandbox/data/seed-types.js';
import type { Database } from '../../db/schema.js';
import {
  agreedAfterPush,
  changedFields,
  customerSyncFields,
  planCustomerPush,
} from '../../domain/crm-customer-push.js';
import { type CrmValueKind, crmValueKind, writableKind } from '../../domain/crm-field-values.js';
import { CUSTOMER_FIELD_LABELS } from '../../domain/customer-field-labels.js';
import { hashFields, mergeFields } from '../../domain/sync-conflicts.js';
import { duplicateKey, resolveDuplicate } from '../../domain/sync-duplicates.js';
import { type FieldMap, mapCrmCustomer, normalizeTime } from '../../domain/sync-mapping.js';
import { CRM_SYNC_ACTOR } from '../../modules/audit/service.js';
import type { CrmField, CrmModule, CrmUpsertResult } from '../../zoho/crm-client.js';
import { ZohoApiError } from '../../zoho/zoho-error.js';
import { type CrmSettings, readCrmSettings } from '../integration-settings.js';
import { deleteLinks, type LinkWrite, loadLinks, writeLinks } from '../links.js';
import { readAhead } from '../listing-reader.js';
import {
  afterListingPage,
  type Checkpoint,
  laterOf,
  type ModuleHandler,
  PULL_BATCH_RECORDS,
  READ_AHEAD_PAGES,
  type StepEnv,
  type StepWriter,
} from '../step-env.js';
import {
  createCustomerBatch,
  customerColumns,
  customerValues,
  linkedCustomers,
  mergeCustomers,
  nameMatches,
  retireCustomers,
} from './customer-store.js';

type CustomerModule = 'accounts' | 'contacts';

const BASE_FIELDS: Record<CrmModule, string[]> = {
  Accounts: ['Account_Name', 'Phone', 'Owner', 'Modified_Time'],
  Contacts: [
    'First_Name',
    'Last_Name',
    'Full_Name',
    'Email',
    'Phone',
    'Account_Name',
    'Owner',
    'Modified_Time',
  ],
  Deals: [],
};

export function crmModuleOf(m: CustomerModule): 'Accounts' | 'Contacts' {
  return m === 'accounts' ? 'Accounts' : 'Contacts';
}

export function fieldsFor(module: 'Accounts' | 'Contacts', map: FieldMap): string[] {
  return [...new Set([...BASE_FIELDS[module], ...Object.keys(map)])].slice(0, 50);
}

export function createCustomersHandler(which: CustomerModule): ModuleHandler {
  const crmModule = crmModuleOf(which);
  return async (env, cp) => {
    // The integration row is read once per job, so its settings are too.
    let settings = env.cache.get('crm-settings') as CrmSettings | undefined;
    if (!settings) {
      settings = readCrmSettings(env.integration.settings);
      env.cache.set('crm-settings', settings);
    }
    if (
      cp.phase === 'pull' &&
      cp.linkedSince !== undefined &&
      crmModule === 'Contacts' &&
      settings.customers.module === 'accounts_and_contacts'
    ) {
      return planNewAccounts(env, cp, settings);
    }
    if (cp.phase === 'pull') return pull(env, cp, settings, crmModule);
    if (cp.phase === 'related') return pullNewAccounts(env, cp, settings);
    if (cp.phase === 'deleted') return applyDeleted(env, cp, crmModule, settings);
    if (cp.phase === 'push') return push(env, cp, settings, crmModule);
    return env.commit({ ...cp, phase: 'done' }, async () => {});
  };
}

async function pull(
  env: StepEnv,
  cp: Checkpoint,
  s: CrmSettings,
  module: 'Accounts' | 'Contacts',
): Promise<void> {
  const map = s.customers.field_map[module];
  const cvid = module === 'Accounts' ? s.customers.account_view_id : s.customers.contact_view_id;
  const opts = { fields: fieldsFor(module, map), cvid: cvid ?? undefined };
  const endPhase = newAccountsOf(cp).length > 0 ? 'related' : 'deleted';
  // Pages arrive ahead of the writes and are written in batches of about PULL_BATCH_RECORDS: a
  // commit (and on PostgreSQL each statement's round trip) costs the same for 200 records as for 1,000.
  const batch = await readAhead(
    env.cache,
    module,
    cp,
    async (from) => {
      const page = await env.crm().listPage(module, from.cursor ?? { page: 1 }, {
        ...opts,
        modifiedSince: from.since ?? undefined,
      });
      let maxSeen = from.maxSeen;
      const records = page.records.map((record) => {
        const time = normalizeTime(record.Modified_Time);
        if (time !== null && (maxSeen === null || time > maxSeen)) maxSeen = time;
        return { record, time };
      });
      return { records, after: afterListingPage(from, page.next, maxSeen, endPhase, !cvid) };
    },
    { batch: PULL_BATCH_RECORDS, depth: READ_AHEAD_PAGES },
  );
  // A record read twice (a new listing window re-reads its first second) is written once, as last read.
  const byId = new Map<string, { record: Record<string, unknown> & { id: string }; time: string | null }>();
  for (const e of batch.records) {
    byId.delete(e.record.id);
    byId.set(e.record.id, e);
  }
  const next = batch.after;
  const records = [...byId.values()];
  const kinds = await customKinds(env, module, map);
  await env.commit(
    next,
    (trx, out) =>
      applyRecords(
        env,
        trx,
        out,
        s,
        module,
        records.map((e) => e.record),
        records.map((e) => e.time),
        kinds,
      ),
    { refetchable: true },
  );
}

/**
 * Accounts & their Contacts keeps a contact only while its account is synced, and a daily run lists
 * only the contacts modified since the last one. An account synced since then (say it entered the
 * account view: that changes the account, not its contacts) would never bring its contacts in. So
 * an incremental contacts run first finds the accounts linked since the marker's run started that
 * have no synced contact yet, and after the listing reads their contacts through each account's
 * related list (phase 'related'), written by applyRecords like a page of the listing: links,
 * duplicates and field maps hold, and a contact read twice is matched through its link. An account
 * that has synced contacts had them read when it was linked. More than RELATED_ACCOUNTS_MAX such
 * accounts, or a contact view (a related list cannot be filtered by view), make the run read every
 * contact instead.
 */
async function planNewAccounts(env: StepEnv, cp: Checkpoint, s: CrmSettings): Promise<void> {
  const { linkedSince, ...rest } = cp;
  const orgId = env.org.org_id;
  let q = env.db
    .selectFrom('sync_links as a')
    .select('a.external_id')
    .where('a.org_id', '=', orgId)
    .where('a.system', '=', 'crm')
    .where('a.module', '=', 'accounts')
    // Per account: its contacts (by account), and for each a contacts link (by local id). The link's
    // other columns are compared as expressions so that no planner without statistics (SQLite here)
    // walks every contacts link through the primary key instead.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('contacts as c')
            .select(sql`1`.as('one'))
            .where('c.org_id', '=', orgId)
            .whereRef('c.account_id', '=', 'a.local_id')
            .where(({ exists: linked, selectFrom: from }) =>
              linked(
                from('sync_links as l')
                  .select(sql`1`.as('one'))
                  .whereRef('l.local_id', '=', 'c.contact_id')
                  .where(sql`l.org_id || ''`, '=', orgId)
                  .where(sql`l.system || ''`, '=', 'crm')
                  .where(sql`l.module || ''`, '=', 'contacts'),
              ),
            ),
        ),
      ),
    )
    .orderBy('a.external_id')
    .limit(RELATED_ACCOUNTS_MAX + 1);
  if (linkedSince) q = q.where('a.local_modified_time', '>', linkedSince);
  const accounts = (await q.execute()).map((r) => r.external_id);
  const readAll =
    accounts.length > RELATED_ACCOUNTS_MAX || (accounts.length > 0 && !!s.customers.contact_view_id);
  await env.commit(
    readAll
      ? { ...rest, since: null }
      : { ...rest, extra: { ...rest.extra, newAccounts: accounts, newAccountsAt: 0 } },
    async () => {},
  );
}

/** About the calls a listing of 100,000 contacts takes; past it, reading every contact is cheaper. */
const RELATED_ACCOUNTS_MAX = 500;
/** Accounts whose contacts one step reads, then writes in one commit. */
const RELATED_ACCOUNTS_PER_STEP = 25;

function newAccountsOf(cp: Checkpoint): string[] {
  return (cp.extra?.newAccounts as string[] | undefined) ?? [];
}

/** Phase 'related': the contacts of the accounts planNewAccounts found, a few accounts a step. */
async function pullNewAccounts(env: StepEnv, cp: Checkpoint, s: CrmSettings): Promise<void> {
  const accounts = newAccountsOf(cp);
  const fields = fieldsFor('Contacts', s.customers.field_map.Contacts);
  const byId = new Map<string, CrmRecord>();
  let at = Number(cp.extra?.newAccountsAt ?? 0);
  const stop = Math.min(accounts.length, at + RELATED_ACCOUNTS_PER_STEP);
  for (; at < stop && byId.size < PULL_BATCH_RECORDS; at++) {
    try {
      for (const c of await env.crm().related('Accounts', accounts[at]!, 'Contacts', fields))
        byId.set(c.id, c);
    } catch (e) {
      // The account was deleted in CRM meanwhile ("the given record id seems to be invalid"); the
      // deleted phase retires it.
      if (!(e instanceof ZohoApiError && e.status === 400 && e.zohoCode === 'INVALID_DATA')) throw e;
    }
  }
  const { newAccounts: _done, newAccountsAt: _at, ...extra } = cp.extra ?? {};
  // Their Modified_Time does not move the marker: they were not read by modification time.
  const next: Checkpoint =
    at < accounts.length
      ? { ...cp, extra: { ...cp.extra, newAccountsAt: at } }
      : { ...cp, phase: 'deleted', cursor: { page: 1 }, extra };
  const records = [...byId.values()];
  const kinds = await customKinds(env, 'Contacts', s.customers.field_map.Contacts);
  await env.commit(
    next,
    (trx, out) => applyRecords(env, trx, out, s, 'Contacts', records, undefined, kinds),
    {
      refetchable: true,
    },
  );
}

/**
 * Upserts one page of CRM records into customers through the link table. The page's links and
 * their customers are read in one statement, and its writes go out set-based at the end (see
 * createCustomerBatch); an Overwrite merge writes what is queued first, so it sees the page so far.
 * @param times each record's Modified_Time as ISO UTC, when the caller has them already.
 * @param kinds the kind of value each mapped custom field's CRM field takes (customKinds); a
 *   custom field not in it is kept as text.
 */
export async function applyRecords(
  env: Pick<StepEnv, 'org' | 'now' | 'newId'>,
  trx: Transaction<Database>,
  out: StepWriter,
  s: CrmSettings,
  module: 'Accounts' | 'Contacts',
  records: ReadonlyArray<Record<string, unknown> & { id: string }>,
  times?: ReadonlyArray<string | null>,
  kinds?: ReadonlyMap<string, CrmValueKind>,
): Promise<void> {
  const orgId = env.org.org_id;
  const now = env.now().toISOString();
  const map = s.customers.field_map[module];
  const twoWay = s.customers.extent === 'two_way';
  const linkModule = module === 'Accounts' ? 'accounts' : 'contacts';
  out.counts.fetched += records.length;

  const mapped = records.map((r) => mapCrmCustomer(module, r, map));
  const found = await linkedCustomers(
    trx,
    orgId,
    {
      [linkModule]: records.map((r) => r.id),
      ...(module === 'Contacts' ? { accounts: mapped.map((m) => (m.ok ? m.accountExternalId : null)) } : {}),
    },
    linkModule,
  );
  const linked = found[linkModule];
  const accountLinks = found.accounts;

  // Duplicate candidates for records without a (live) link, by name and customer type.
  const cloneAll = s.customers.duplicates === 'clone';
  const dupIndex = new Map<string, string[]>();
  if (!cloneAll) {
    const unlinkedNames = new Set<string>();
    records.forEach((r, i) => {
      const m = mapped[i]!;
      if (m.ok && !linked.get(r.id)?.local && m.values.contact_name) unlinkedNames.add(m.values.contact_name);
    });
    const names = [...unlinkedNames];
    for (let i = 0; i < names.length; i += 500) {
      const rows = await trx
        .selectFrom('contacts')
        .select(['contact_id', 'contact_name', 'customer_sub_type'])
        .where('org_id', '=', orgId)
        .where(nameMatches(names.slice(i, i + 500)))
        .orderBy('contact_id')
        .execute();
      for (const row of rows) {
        const key = duplicateKey(row.contact_name, row.customer_sub_type);
        dupIndex.set(key, [...(dupIndex.get(key) ?? []), row.contact_id]);
      }
    }
  }

  const batch = createCustomerBatch(orgId, now);
  const linkWrites: LinkWrite[] = [];
  const conflicts: Array<Insertable<Database['sync_conflicts']>> = [];
  const flush = async () => {
    await batch.flush(trx);
    await writeLinks(trx, orgId, 'crm', linkModule, linkWrites.splice(0));
  };
  for (const [i, r] of records.entries()) {
    const m = mapped[i]!;
    if (!m.ok) {
      out.fail(r.id, 'The record has no name, so it cannot become a customer.');
      continue;
    }
    const accountId = m.accountExternalId
      ? (accountLinks.get(m.accountExternalId)?.link.local_id ?? null)
      : null;
    if (module === 'Contacts' && s.customers.module === 'accounts_and_contacts') {
      // Only contacts of synced accounts, plus unassociated ones when the admin asked for them.
      const keep = m.accountExternalId ? accountId !== null : s.customers.include_unassociated_contacts;
      if (!keep) {
        out.counts.skipped++;
        continue;
      }
    }
    const remoteTime = (times ? times[i] : normalizeTime(r.Modified_Time)) ?? now;
    // A contact's account is merged like a mapped field, as the local id of the account's
    // customer (null when CRM gives none, or one that is not synced): edited on one side it
    // follows that side, edited on both it is a conflict.
    const remote = module === 'Contacts' ? { ...m.values, account_id: accountId } : m.values;
    const { link, local } = linked.get(r.id) ?? {};
    if (link && local) {
      let values = remote;
      let localTime = now;
      if (twoWay) {
        const base = JSON.parse(link.field_hashes) as Record<string, string>;
        const localValues = customerValues(local, Object.keys(remote));
        const result = mergeFields(base, localValues, remote, local.last_modified_time, remoteTime);
        values = result.merged;
        for (const c of result.conflicts) {
          conflicts.push({
            conflict_id: env.newId(),
            org_id: orgId,
            system: 'crm',
            module: linkModule,
            external_id: r.id,
            local_id: local.contact_id,
            field: c.field,
            local_value: c.local,
            remote_value: c.remote,
            status: 'open',
            resolution: null,
            detected_time: now,
            resolved_time: null,
          });
          out.counts.conflicts++;
        }
        // Fields to push keep the link's local time older than the row, so the push phase sends them.
        if (result.pushFields.length > 0) localTime = link.local_modified_time ?? local.created_time;
      }
      const cols = customerColumns(values, local.custom_fields, kinds);
      const row = local as unknown as Record<string, unknown>;
      const changed = Object.entries(cols).some(([k, v]) => row[k] !== v) || local.status !== 'active';
      if (changed) {
        batch.update(local.contact_id, { ...cols });
        out.counts.updated++;
      } else {
        out.counts.skipped++;
        localTime = localTime === now ? local.last_modified_time : localTime;
      }
      // The base of the next merge is what CRM holds now, never a local value that has not reached
      // it: were a pending edit (its push refused, or not yet run) recorded as agreed, the next
      // pull would see it unchanged locally and silently take CRM's older value over it.
      const hashes = hashFields(remote);
      // An unchanged record whose link already says the same is not written again.
      if (
        changed ||
        link.external_modified_time !== remoteTime ||
        link.local_modified_time !== localTime ||
        link.field_hashes !== JSON.stringify(hashes)
      ) {
        linkWrites.push({
          external_id: r.id,
          local_id: local.contact_id,
          external_modified_time: remoteTime,
          local_modified_time: localTime,
          field_hashes: hashes,
        });
      }
      continue;
    }
    // Clone never looks for duplicates, so it needs no key.
    const key = cloneAll ? '' : duplicateKey(m.values.contact_name ?? '', m.subType);
    const decision = resolveDuplicate(s.customers.duplicates, dupIndex.get(key) ?? []);
    if (decision.action === 'skip') {
      out.counts.duplicates++;
      out.counts.skipped++;
      continue;
    }
    if (decision.action === 'overwrite') {
      out.counts.duplicates++;
      await flush();
      await mergeCustomers(trx, orgId, decision.targetId, decision.mergeIds, {
        clock: env.now,
        actorId: CRM_SYNC_ACTOR,
      });
      dupIndex.set(key, [decision.targetId]);
      const existing = await trx
        .selectFrom('contacts')
        .select('custom_fields')
        .where('contact_id', '=', decision.targetId)
        .executeTakeFirst();
      const cols = customerColumns(remote, existing?.custom_fields ?? '{}', kinds);
      batch.update(decision.targetId, { ...cols });
      out.counts.updated++;
      linkWrites.push({
        external_id: r.id,
        local_id: decision.targetId,
        external_modified_time: remoteTime,
        local_modified_time: now,
        field_hashes: hashFields(remote),
        isNew: link === undefined,
      });
      continue;
    }
    const id = env.newId();
    const cols = customerColumns(remote, '{}', kinds);
    batch.insert({
      contact_id: id,
      contact_name: cols.contact_name ?? m.values.contact_name ?? '',
      customer_sub_type: m.subType,
      cols,
      account_id: module === 'Contacts' ? accountId : null,
    });
    // Later records of this page that duplicate this one see it (Overwrite merges CRM duplicates).
    if (!cloneAll) dupIndex.set(key, [...(dupIndex.get(key) ?? []), id]);
    out.counts.created++;
    linkWrites.push({
      external_id: r.id,
      local_id: id,
      external_modified_time: remoteTime,
      local_modified_time: now,
      field_hashes: hashFields(remote),
      // A link whose customer is gone is repointed; otherwise there is none (looked up above).
      isNew: link === undefined,
    });
  }
  await flush();
  for (let i = 0; i < conflicts.length; i += 100) {
    await trx
      .insertInto('sync_conflicts')
      .values(conflicts.slice(i, i + 100))
      .execute();
  }
}

async function applyDeleted(
  env: StepEnv,
  cp: Checkpoint,
  module: 'Accounts' | 'Contacts',
  s: CrmSettings,
): Promise<void> {
  const cursor = cp.cursor ?? { page: 1 };
  const page = await env.crm().deletedPage(module, cursor.page, cp.deletedSince ?? undefined);
  let maxDeleted = cp.maxDeleted;
  for (const d of page.records) maxDeleted = laterOf(maxDeleted, normalizeTime(d.deleted_time));
  const twoWay = s.customers.extent === 'two_way';
  const next: Checkpoint = page.next
    ? { ...cp, cursor: page.next, maxDeleted }
    : { ...cp, phase: twoWay ? 'push' : 'done', maxDeleted };
  await env.commit(next, async (trx, out) => {
    const links = await loadLinks(
      trx,
      env.org.org_id,
      'crm',
      module.toLowerCase(),
      page.records.map((d) => d.id),
    );
    if (links.size === 0) return;
    const localIdsToRetire = [...links.values()].map((l) => l.local_id);
    // A local record linked from elsewhere (merged duplicates) stays while another link remains.
    const stillLinked = await trx
      .selectFrom('sync_links')
      .select('local_id')
      .where('org_id', '=', env.org.org_id)
      .where('local_id', 'in', localIdsToRetire)
      .where('external_id', 'not in', [...links.keys()])
      .execute();
    const keep = new Set(stillLinked.map((r) => r.local_id));
    await deleteLinks(trx, env.org.org_id, 'crm', module.toLowerCase(), [...links.keys()]);
    await retireCustomers(
      trx,
      env.org.org_id,
      localIdsToRetire.filter((id) => !keep.has(id)),
      env.now().toISOString(),
    );
    out.counts.deleted += links.size;
  });
}

const PUSH_BATCH = 100;
/**
 * The local time of a link whose customer is still to be pushed although CRM has it (the account
 * of a new contact was not in CRM yet): older than any customer's, so the next run sends it again.
 */
const PENDING_SINCE = '1970-01-01T00:00:00.000Z';

/**
 * Two-way: DealSpend customers created or edited since their last sync are written to CRM: every
 * field the user can edit that has a CRM counterpart, converted to what its CRM field takes
 * (planCustomerPush). A customer CRM has sends only what changed since the agreed values; a new
 * one is upserted whole. A record CRM refuses, or DealSpend cannot convert, stays pending with the
 * reason in the run's failures.
 */
async function push(
  env: StepEnv,
  cp: Checkpoint,
  s: CrmSettings,
  module: 'Accounts' | 'Contacts',
): Promise<void> {
  const orgId = env.org.org_id;
  const linkModule = module.toLowerCase();
  const subType = module === 'Accounts' ? 'business' : 'individual';
  const rows = await env.db
    .selectFrom('contacts as c')
    .leftJoin('sync_links as l', (j) =>
      j
        .onRef('l.local_id', '=', 'c.contact_id')
        .on('l.org_id', '=', orgId)
        .on('l.system', '=', 'crm')
        .on('l.module', '=', linkModule),
    )
    .selectAll('c')
    .select([
      'l.external_id',
      'l.external_modified_time as link_external_time',
      'l.local_modified_time as link_local_time',
      'l.field_hashes',
    ])
    .where('c.org_id', '=', orgId)
    .where('c.customer_sub_type', '=', subType)
    .where('c.status', '=', 'active')
    .where('c.contact_id', '>', cp.pushAfter ?? '')
    .where((eb) =>
      eb.or([
        eb('l.external_id', 'is', null),
        eb('l.local_modified_time', '<', eb.ref('c.last_modified_time')),
      ]),
    )
    .orderBy('c.contact_id')
    .limit(PUSH_BATCH)
    .execute();
  if (rows.length === 0) return env.commit({ ...cp, phase: 'done' }, async () => {});
  const accountExt = module === 'Contacts' ? await accountCrmIds(env, rows) : new Map<string, string>();
  const map = s.customers.field_map[module];
  const fields = customerSyncFields(module, map);
  const writable = await writableFields(env, module);
  const pushes = rows.map((row) => {
    const local = customerValues(row, fields);
    const agreed = row.external_id ? (JSON.parse(row.field_hashes ?? '{}') as Record<string, string>) : null;
    const plan = planCustomerPush({
      module,
      map,
      writable,
      local,
      send: agreed ? changedFields(agreed, local) : 'all',
      accountCrmId: row.account_id ? accountExt.get(row.account_id) : null,
    });
    const write =
      plan.ok && (!row.external_id || Object.keys(plan.record).length > 0)
        ? row.external_id
          ? { id: row.external_id, ...plan.record }
          : plan.record
        : null;
    return { row, local, agreed, plan, write };
  });
  const writes = pushes.flatMap((p) => (p.write ? [p.write] : []));
  const results = writes.length > 0 ? await writeToCrm(env, module, writes) : [];
  const last = rows[rows.length - 1]?.contact_id ?? '';
  await env.commit({ ...cp, pushAfter: last }, async (trx, out) => {
    const links: LinkWrite[] = [];
    let at = 0;
    for (const { row, local, agreed, plan, write } of pushes) {
      const key = row.external_id ?? `local:${row.contact_id}`;
      if (!plan.ok) {
        // No link is written, so the customer stays pending and the next run tries again.
        out.fail(key, unconvertibleReason(plan));
        continue;
      }
      if (plan.waiting.length > 0) out.fail(key, WAITING_ACCOUNT);
      if (!write) {
        // Nothing CRM can take changed (a contact's company name): the customer is settled.
        if (plan.waiting.length === 0 && row.external_id) {
          out.counts.skipped++;
          links.push({
            external_id: row.external_id,
            local_id: row.contact_id,
            external_modified_time: row.link_external_time ?? null,
            local_modified_time: row.last_modified_time,
            field_hashes: agreed ?? {},
          });
        }
        continue;
      }
      const res = results[at++];
      const id = res?.details?.id;
      if (res?.status !== 'success' || !id) {
        out.fail(key, refusalReason(res));
        continue;
      }
      if (res.action === 'insert') out.counts.created++;
      else out.counts.updated++;
      links.push({
        external_id: String(id),
        local_id: row.contact_id,
        external_modified_time: normalizeTime(res.details?.Modified_Time) ?? row.last_modified_time,
        local_modified_time:
          plan.waiting.length === 0 ? row.last_modified_time : (row.link_local_time ?? PENDING_SINCE),
        // A new customer: CRM now holds what was sent, and nothing for what waits (its account).
        field_hashes: agreed
          ? agreedAfterPush(agreed, local, plan.sent)
          : hashFields({ ...local, ...Object.fromEntries(plan.waiting.map((f) => [f, null])) }),
      });
    }
    await writeLinks(trx, orgId, 'crm', linkModule, links);
  });
}

const WAITING_ACCOUNT =
  "The contact's account is not in Zoho CRM yet; the contact is linked to it in Zoho CRM once the account is there.";

/** The CRM ids of the accounts of a batch of contacts (local account id → CRM id). */
async function accountCrmIds(
  env: StepEnv,
  rows: ReadonlyArray<{ account_id: string | null }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(rows.map((r) => r.account_id).filter((x): x is string => !!x))];
  if (ids.length === 0) return out;
  const links = await env.db
    .selectFrom('sync_links')
    .select(['local_id', 'external_id'])
    .where('org_id', '=', env.org.org_id)
    .where('system', '=', 'crm')
    .where('module', '=', 'accounts')
    .where('local_id', 'in', ids)
    .orderBy('external_id')
    .execute();
  // An account merged from CRM duplicates has several; any of them is that account.
  for (const l of links) if (!out.has(l.local_id)) out.set(l.local_id, l.external_id);
  return out;
}

/** CRM's field metadata of `module` (GET /settings/fields), read once per job. */
async function crmFields(
  env: Pick<StepEnv, 'cache' | 'crm'>,
  module: 'Accounts' | 'Contacts',
): Promise<CrmField[]> {
  const key = `crm-fields:${module}`;
  let fields = env.cache.get(key) as CrmField[] | undefined;
  if (!fields) {
    fields = await env.crm().fields(module);
    env.cache.set(key, fields);
  }
  return fields;
}

/** The CRM fields of `module` a push may write, with the kind of value each takes. */
async function writableFields(env: StepEnv, module: 'Accounts' | 'Contacts') {
  const writable = new Map<string, CrmValueKind>();
  for (const f of await crmFields(env, module)) {
    const kind = writableKind(f);
    if (kind) writable.set(f.api_name, kind);
  }
  return writable;
}

/**
 * The kind of value of each custom field the mapping fills (`custom:<label>` → kind), for a pull
 * to keep numbers and booleans as such. CRM's metadata is read only when the mapping has a custom
 * field, and then once per job.
 */
export async function customKinds(
  env: Pick<StepEnv, 'cache' | 'crm'>,
  module: 'Accounts' | 'Contacts',
  map: FieldMap,
): Promise<Map<string, CrmValueKind>> {
  const kinds = new Map<string, CrmValueKind>();
  const custom = Object.entries(map).filter(([, target]) => target.startsWith('custom:'));
  if (custom.length === 0) return kinds;
  const types = new Map((await crmFields(env, module)).map((f) => [f.api_name, f.data_type]));
  for (const [crmField, target] of custom) {
    const kind = crmValueKind(types.get(crmField) ?? '');
    if (kind) kinds.set(target, kind);
  }
  return kinds;
}

/** Why DealSpend did not send a value, e.g. 'The custom field Visits "often" cannot be written to …'. */
export function unconvertibleReason(p: {
  field: string;
  crmField: string;
  value: string | null;
  expected: string;
}) {
  // Named as the admin knows the field (Settings shows the same names).
  const what = p.field.startsWith('custom:')
    ? `custom field ${p.field.slice(7)}`
    : (Object.hasOwn(CUSTOMER_FIELD_LABELS, p.field)
        ? CUSTOMER_FIELD_LABELS[p.field]!
        : p.field
      ).toLowerCase();
  return `DealSpend's ${what} "${p.value}" cannot be written to Zoho CRM's ${p.crmField}, which holds ${p.expected}; the customer is sent once it holds one.`;
}

/**
 * Writes pushed records to CRM; the answers come back in the order of `records`. A record with an
 * `id` (a customer already linked) updates that CRM record by id, so a renamed account or a contact
 * with a new email stays the same record; the others are upserted, matched by CRM's duplicate-check
 * field (Account_Name, Email) so a customer that exists in CRM too is linked, not created twice.
 */
async function writeToCrm(
  env: StepEnv,
  module: 'Accounts' | 'Contacts',
  records: ReadonlyArray<Record<string, unknown>>,
): Promise<Array<CrmUpsertResult | undefined>> {
  const linked: Array<Record<string, unknown> & { id: string }> = [];
  const unlinked: Array<Record<string, unknown>> = [];
  for (const r of records) {
    if (typeof r.id === 'string') linked.push(r as Record<string, unknown> & { id: string });
    else unlinked.push(r);
  }
  const crm = env.crm();
  const updated = linked.length > 0 ? await crm.update(module, linked) : [];
  const upserted =
    unlinked.length > 0
      ? await crm.upsert(module, unlinked, module === 'Accounts' ? ['Account_Name'] : ['Email'])
      : [];
  let u = 0;
  let i = 0;
  return records.map((r) => (typeof r.id === 'string' ? updated[u++] : upserted[i++]));
}

/**
 * CRM's reason for refusing one record of a write, for the run's failed records, e.g.
 * "Zoho CRM refused the record: INVALID_DATA invalid data (field Phone, at most 30 characters)".
 */
export function refusalReason(res: CrmUpsertResult | undefined): string {
  if (!res) return 'Zoho CRM did not answer for the record.';
  const details = res.details ?? {};
  const notes = [
    typeof details.api_name === 'string' ? `field ${details.api_name}` : null,
    typeof details.maximum_length === 'number' ? `at most ${details.maximum_length} characters` : null,
    typeof details.expected_data_type === 'string' && typeof details.maximum_length !== 'number'
      ? `expected ${details.expected_data_type}`
      : null,
  ].filter((n): n is string => n !== null);
  const base = `Zoho CRM refused the record: ${res.code} ${res.message}`.trim();
  return notes.length > 0 ? `${base} (${notes.join(', ')})` : base;
}
