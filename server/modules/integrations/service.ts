/**
 * The integrations as the admin sees them: connect (OAuth), status, settings, instant sync,
 * history, disable / enable, delete (with record conversion) and in-app notifications.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../app.js';
import type { Database, IntegrationRow, OrganizationRow, SyncTrigger } from '../../db/schema.js';
import { type CrmFieldType, mappingProblem } from '../../domain/crm-field-values.js';
import { CUSTOMER_TARGET_FIELDS, isValidTarget, USER_TARGET_FIELDS } from '../../domain/sync-mapping.js';
import { appError } from '../../errors.js';
import { nextModifiedTime } from '../../http/if-match.js';
import {
  CRM_MODULE_ORDER,
  type CrmSettings,
  mergeSettings,
  PEOPLE_MODULE_ORDER,
  type PeopleSettings,
  readCrmSettings,
  readModules,
  readPeopleSettings,
} from '../../sync/integration-settings.js';
import { cancelJobs } from '../../sync/jobs.js';
import { syncRuntimeOf } from '../../sync/runtime.js';
import { enabledModules, enqueueSync } from '../../sync/scheduler.js';
import {
  authorizationUrl,
  CRM_SCOPES,
  exchangeCode,
  fetchUserInfo,
  PEOPLE_SCOPES,
} from '../../zoho/accounts.js';
import { ZohoApiError, ZohoAuthError } from '../../zoho/zoho-error.js';
import { customersInUse } from '../contacts/customer-usage.js';
import { readOrgSettings } from '../organizations/service.js';
import { signState, verifyState } from './oauth-state.js';

export type System = 'crm' | 'people';

export const SYSTEM_NAMES: Record<System, string> = { crm: 'Zoho CRM', people: 'Zoho People' };

export function callbackUrl(ctx: AppContext, system: System): string {
  return `${ctx.config.publicUrl}/api/v1/integrations/${system}/callback`;
}

export async function findIntegration(
  db: Kysely<Database>,
  orgId: string,
  system: System,
): Promise<IntegrationRow | undefined> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('system', '=', system)
    .executeTakeFirst();
}

/** The integration, which must be connected (not pending, not disabled unless allowed). */
export async function connectedIntegration(
  db: Kysely<Database>,
  orgId: string,
  system: System,
  opts: { allowDisabled?: boolean } = {},
): Promise<IntegrationRow> {
  const row = await findIntegration(db, orgId, system);
  if (!row || row.status === 'pending' || !row.refresh_token) throw appError('INTEGRATION_NOT_CONNECTED');
  if (row.status === 'disabled' && !opts.allowDisabled) throw appError('INTEGRATION_DISABLED');
  return row;
}

/** Step 1 of Connect Now / Try Now: the Zoho Accounts consent URL (admin's email as login_hint). */
export function connectUrl(
  ctx: AppContext,
  system: System,
  member: { orgId: string; userId: string; email: string },
): string {
  const state = signState(ctx.config.secretKey, { system, ...member }, ctx.clock().getTime());
  return authorizationUrl(
    { accountsUrl: ctx.config.zohoAccountsUrl, clientId: ctx.config.zohoClientId },
    {
      scopes: system === 'crm' ? CRM_SCOPES : PEOPLE_SCOPES,
      redirectUri: callbackUrl(ctx, system),
      state,
      loginHint: member.email,
    },
  );
}

/** Step 2: the callback exchanges the code, seals the refresh token and marks the connection. */
export async function completeConnection(
  ctx: AppContext,
  system: System,
  q: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
): Promise<IntegrationRow> {
  const state = q.state ? verifyState(ctx.config.secretKey, q.state, ctx.clock().getTime()) : undefined;
  if (!state || state.system !== system) throw appError('OAUTH_STATE_INVALID');
  if (q.error || !q.code)
    throw appError('ZOHO_ACCESS_DENIED', `Zoho Accounts did not grant access (${q.error ?? 'no code'}).`);
  const rt = syncRuntimeOf(ctx);
  let grant: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    grant = await exchangeCode(rt.connectors.accounts, q.code, callbackUrl(ctx, system));
  } catch (e) {
    throw appError(
      'ZOHO_AUTH_FAILED',
      e instanceof ZohoAuthError ? `Zoho Accounts refused the code (${e.reason}).` : undefined,
    );
  }
  if (!grant.refreshToken) {
    throw appError('ZOHO_AUTH_FAILED', 'Zoho Accounts issued no refresh token; offline access is required.');
  }
  const who = await fetchUserInfo(rt.connectors.accounts, grant.accessToken);
  const now = ctx.clock().toISOString();
  const sealed = rt.connectors.box.seal(grant.refreshToken);
  const existing = await findIntegration(ctx.db, state.orgId, system);
  if (existing) {
    await ctx.db
      .updateTable('integrations')
      .set({
        status: 'connected',
        refresh_token: sealed,
        connected_email: who?.email ?? state.email,
        last_modified_time: now,
      })
      .where('integration_id', '=', existing.integration_id)
      .execute();
    rt.connectors.forget(existing.integration_id);
  } else {
    await ctx.db
      .insertInto('integrations')
      .values({
        integration_id: ctx.ids(),
        org_id: state.orgId,
        system,
        status: 'connected',
        refresh_token: sealed,
        connected_email: who?.email ?? state.email,
        crm_org_id: null,
        settings: '{}',
        modules: '{}',
        initial_sync_time: null,
        next_sync_time: null,
        created_time: now,
        last_modified_time: now,
      })
      .execute();
  }
  const row = await findIntegration(ctx.db, state.orgId, system);
  if (!row) throw appError('INTEGRATION_NOT_CONNECTED');
  return row;
}

export interface ModuleStatus {
  module: string;
  enabled: boolean;
  state: 'idle' | 'queued' | 'running' | 'failed';
  last_status: string | null;
  last_sync_time: string | null;
}

/**
 * Sync Modules as every member's widget needs it. DealSpend used without Zoho CRM has nothing to
 * gate; once a CRM integration exists, the Expenses and Expense Reports modules show in CRM only
 * after an admin enables them.
 */
export async function syncModulesState(
  db: Kysely<Database>,
  orgId: string,
): Promise<{ integration: 'none' | 'connected' | 'disabled'; enabled: boolean }> {
  const row = await findIntegration(db, orgId, 'crm');
  if (!row || (row.status !== 'connected' && row.status !== 'disabled')) {
    return { integration: 'none', enabled: false };
  }
  return { integration: row.status, enabled: readCrmSettings(row.settings).modules_enabled };
}

/** GET /integrations/{system}: connection, settings and per-module status. */
export async function describeIntegration(db: Kysely<Database>, org: OrganizationRow, system: System) {
  const row = await findIntegration(db, org.org_id, system);
  const orgSettings = readOrgSettings(org);
  const base = {
    system,
    name: SYSTEM_NAMES[system],
    status: (row?.status === 'pending' || !row ? 'not_connected' : row.status) as
      | 'not_connected'
      | 'connected'
      | 'disabled',
    connected_email: row?.connected_email ?? null,
    initial_sync_time: row?.initial_sync_time ?? null,
    next_sync_time: row?.next_sync_time ?? null,
  };
  const jobs = row
    ? await db
        .selectFrom('sync_jobs')
        .select(['module', 'status'])
        .where('integration_id', '=', row.integration_id)
        .where('status', 'in', ['queued', 'running'])
        .execute()
    : [];
  const live = new Map(jobs.map((j) => [j.module, j.status]));
  const states = readModules(row?.modules ?? '{}');
  const enabled = row ? new Set(enabledModules(row)) : new Set<string>();
  const order: readonly string[] = system === 'crm' ? CRM_MODULE_ORDER : PEOPLE_MODULE_ORDER;
  const modules: ModuleStatus[] = order.map((m) => {
    const s = states[m];
    const liveState = live.get(m);
    return {
      module: m,
      enabled: enabled.has(m),
      state:
        liveState === 'queued'
          ? 'queued'
          : liveState === 'running'
            ? 'running'
            : s?.last_status === 'failed'
              ? 'failed'
              : 'idle',
      last_status: s?.last_status ?? null,
      last_sync_time: s?.last_sync_time ?? null,
    };
  });
  if (system === 'crm') {
    const settings = readCrmSettings(row?.settings ?? '{}');
    const conflicts = row
      ? await db
          .selectFrom('sync_conflicts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', org.org_id)
          .where('status', '=', 'open')
          .executeTakeFirstOrThrow()
      : { n: 0 };
    return {
      ...base,
      crm_org_id: row?.crm_org_id ?? null,
      crm_org_name: (JSON.parse(row?.settings ?? '{}') as { crm_org_name?: string }).crm_org_name ?? null,
      modules_enabled: settings.modules_enabled,
      potentials_mode: orgSettings.potentials_mode,
      seat_count: orgSettings.seat_count,
      settings: { users: settings.users, customers: settings.customers, deals: settings.deals },
      open_conflicts: Number(conflicts.n),
      modules,
    };
  }
  const settings = readPeopleSettings(row?.settings ?? '{}');
  return { ...base, settings, modules };
}

export interface CrmSettingsPatch {
  users?: { enabled?: boolean };
  customers?: Partial<Omit<CrmSettings['customers'], 'configured' | 'field_map' | 'custom_fields'>> & {
    field_map?: {
      Accounts?: Record<string, string> | undefined;
      Contacts?: Record<string, string> | undefined;
    };
  };
  deals?: { enabled?: boolean };
  modules_enabled?: boolean;
  potentials_mode?: 'user' | 'all';
  /** Save and Sync (true) or Save and Sync Later (false, the default). */
  sync_now?: boolean;
}

export interface PeopleSettingsPatch {
  departments?: { enabled?: boolean };
  users?: { enabled?: boolean; field_map?: Record<string, string> };
  clients?: { enabled?: boolean };
  projects?: { enabled?: boolean };
  sync_now?: boolean;
}

function checkFieldMap(
  map: Record<string, string> | undefined,
  allowed: readonly string[],
  what: string,
): void {
  if (!map) return;
  for (const [source, target] of Object.entries(map)) {
    if (!/^[A-Za-z0-9_.]{1,80}$/.test(source) || !isValidTarget(target, allowed)) {
      throw appError('INVALID_FIELD_MAPPING', `${what}: "${source}" → "${target}" is not a valid mapping`);
    }
  }
}

/** What updateCrmSettings asks the selected CRM organisation. */
export interface CrmSettingsLookups {
  /** The CRM base currency, for the prerequisite check before mapping fields. */
  baseCurrency(): Promise<string | undefined>;
  /** The module's fields (GET /settings/fields), to check a new field mapping against. */
  fields(module: 'Accounts' | 'Contacts'): Promise<CrmFieldType[]>;
}

/**
 * A field mapping two-way sync can carry both ways: each CRM field exists in the module, and holds
 * values the DealSpend field it is mapped to can keep (and a push can convert back, by its type).
 */
async function checkCrmFieldTypes(
  map: Record<string, string> | undefined,
  module: 'Accounts' | 'Contacts',
  crm: CrmSettingsLookups,
): Promise<void> {
  if (!map || Object.keys(map).length === 0) return;
  const fields = new Map((await crm.fields(module)).map((f) => [f.api_name, f]));
  for (const [source, target] of Object.entries(map)) {
    const field = fields.get(source);
    const problem = field
      ? mappingProblem(module, target, field)
      : `Zoho CRM's ${module} module has no field ${source}.`;
    if (problem) throw appError('INVALID_FIELD_MAPPING', `${module} field mapping: ${problem}`);
  }
}

/** Modules whose settings were just turned on or reconfigured: they get a sync on Save and Sync. */
export async function updateCrmSettings(
  ctx: AppContext,
  org: OrganizationRow,
  patch: CrmSettingsPatch,
  crm: CrmSettingsLookups,
): Promise<void> {
  const row = await connectedIntegration(ctx.db, org.org_id, 'crm', { allowDisabled: true });
  const current = readCrmSettings(row.settings);
  const { sync_now, potentials_mode, ...rest } = patch;
  checkFieldMap(patch.customers?.field_map?.Accounts, CUSTOMER_TARGET_FIELDS, 'Accounts field mapping');
  checkFieldMap(patch.customers?.field_map?.Contacts, CUSTOMER_TARGET_FIELDS, 'Contacts field mapping');
  const next = mergeSettings(current, rest);
  if (patch.customers?.field_map) {
    next.customers.field_map = {
      Accounts: patch.customers.field_map.Accounts ?? current.customers.field_map.Accounts,
      Contacts: patch.customers.field_map.Contacts ?? current.customers.field_map.Contacts,
    };
  }
  if (patch.customers) {
    if (!row.crm_org_id) throw appError('CRM_ORG_NOT_SELECTED');
    // Prerequisite of field mapping: the CRM base currency equals DealSpend's.
    const crmCurrency = await crm.baseCurrency();
    if (crmCurrency && crmCurrency !== org.base_currency) {
      throw appError(
        'BASE_CURRENCY_MISMATCH',
        `The base currency in Zoho CRM is ${crmCurrency} but DealSpend's is ${org.base_currency}; make them the same before mapping fields.`,
      );
    }
    await checkCrmFieldTypes(patch.customers.field_map?.Accounts, 'Accounts', crm);
    await checkCrmFieldTypes(patch.customers.field_map?.Contacts, 'Contacts', crm);
    next.customers.configured = true;
    next.customers.enabled = patch.customers.enabled ?? true;
    // Custom fields named in the mapping exist in DealSpend from now on.
    const labels = new Set(next.customers.custom_fields);
    for (const map of Object.values(next.customers.field_map)) {
      for (const t of Object.values(map)) if (t.startsWith('custom:')) labels.add(t.slice(7));
    }
    next.customers.custom_fields = [...labels];
  }
  if (patch.users?.enabled && !row.crm_org_id) throw appError('CRM_ORG_NOT_SELECTED');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const raw = JSON.parse(row.settings) as Record<string, unknown>;
    const settings = JSON.stringify({ ...raw, ...next });
    await trx
      .updateTable('integrations')
      .set({ settings, last_modified_time: now.toISOString() })
      .where('integration_id', '=', row.integration_id)
      .execute();
    await cancelDisabledModules(trx, row, settings, now);
    if (potentials_mode) {
      await trx
        .updateTable('organizations')
        .set({
          settings: JSON.stringify({ ...readOrgSettings(org), potentials_mode }),
          // A new version, so an admin's organisation form read before this gets 409.
          last_modified_time: nextModifiedTime(now, org.last_modified_time),
        })
        .where('org_id', '=', org.org_id)
        .execute();
    }
  });
  const turnedOn: string[] = [];
  if (patch.users?.enabled && !current.users.enabled) turnedOn.push('users');
  if (patch.customers) turnedOn.push('accounts', 'contacts', 'deals');
  if (row.status === 'connected' && (sync_now || (patch.users?.enabled && !current.users.enabled))) {
    // Sync CRM Users is an instant import; Save and Sync starts the customers' sync.
    const updated = await connectedIntegration(ctx.db, org.org_id, 'crm');
    const mods = enabledModules(updated).filter((m) => sync_now || turnedOn.includes(m));
    await startSync(ctx, updated, mods, triggerFor(updated));
  }
}

export async function updatePeopleSettings(
  ctx: AppContext,
  org: OrganizationRow,
  patch: PeopleSettingsPatch,
): Promise<void> {
  const row = await connectedIntegration(ctx.db, org.org_id, 'people', { allowDisabled: true });
  const current = readPeopleSettings(row.settings);
  const { sync_now, ...rest } = patch;
  checkFieldMap(patch.users?.field_map, USER_TARGET_FIELDS, 'Users field mapping');
  if (patch.users?.field_map && !Object.values(patch.users.field_map).includes('email')) {
    throw appError('INVALID_FIELD_MAPPING', 'Users field mapping: one People field must map to email');
  }
  const next: PeopleSettings = mergeSettings(current, rest);
  if (patch.users?.field_map) next.users.field_map = patch.users.field_map;
  if (patch.users) next.users.configured = true;
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const settings = JSON.stringify(next);
    await trx
      .updateTable('integrations')
      .set({ settings, last_modified_time: now.toISOString() })
      .where('integration_id', '=', row.integration_id)
      .execute();
    await cancelDisabledModules(trx, row, settings, now);
  });
  const turnedOn = (['departments', 'users', 'clients', 'projects'] as const).filter(
    (m) => patch[m]?.enabled === true && !current[m].enabled,
  );
  if (row.status === 'connected' && (sync_now || turnedOn.length > 0)) {
    const updated = await connectedIntegration(ctx.db, org.org_id, 'people');
    const wanted: string[] = turnedOn.map((m) => (m === 'users' ? 'employees' : m));
    const mods = enabledModules(updated).filter((m) => sync_now || wanted.includes(m));
    await startSync(ctx, updated, mods, triggerFor(updated));
  }
}

/**
 * Disable Sync of a module (or settings that leave it out, e.g. Accounts only): its queued job does
 * not run, and a run in progress stops at its next page, as with Disable Integration.
 */
async function cancelDisabledModules(
  trx: Transaction<Database>,
  row: IntegrationRow,
  settings: string,
  now: Date,
): Promise<void> {
  const enabled = new Set(enabledModules({ ...row, settings }));
  const all: readonly string[] = row.system === 'crm' ? CRM_MODULE_ORDER : PEOPLE_MODULE_ORDER;
  const off = all.filter((m) => !enabled.has(m));
  await cancelJobs(trx, row.integration_id, now, 'Stopped: sync of this module was disabled.', off);
}

function triggerFor(row: IntegrationRow): SyncTrigger {
  return row.initial_sync_time ? 'instant' : 'initial';
}

/** Instant Sync (all enabled modules, or one). Returns the job ids. */
export async function startSync(
  ctx: AppContext,
  row: IntegrationRow,
  modules?: readonly string[],
  trigger?: SyncTrigger,
): Promise<string[]> {
  if (row.system === 'crm' && !row.crm_org_id) throw appError('CRM_ORG_NOT_SELECTED');
  const enabled = enabledModules(row);
  const wanted = modules ?? enabled;
  for (const m of wanted) {
    if (!enabled.includes(m))
      throw appError('INVALID_INPUT', `module "${m}" is not enabled for ${SYSTEM_NAMES[row.system]}`);
  }
  const ids = await enqueueSync(ctx.db, row, trigger ?? triggerFor(row), ctx.clock(), ctx.ids, wanted);
  syncRuntimeOf(ctx).wake();
  return ids;
}

export async function setStatus(
  ctx: AppContext,
  orgId: string,
  system: System,
  status: 'connected' | 'disabled',
): Promise<void> {
  const row = await connectedIntegration(ctx.db, orgId, system, { allowDisabled: true });
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('integrations')
      .set({ status, last_modified_time: now })
      .where('integration_id', '=', row.integration_id)
      .execute();
    if (status === 'disabled') {
      // "No further data sync": a run in progress stops too, not only the queued ones.
      await cancelJobs(trx, row.integration_id, ctx.clock(), 'Stopped: the integration was disabled.');
    }
  });
}

export type Conversion = 'all' | 'with_transactions';

/** The table a link module's local ids are rows of (the other modules' records are users and departments). */
const LINKED_TABLE: Readonly<Record<string, 'contacts' | 'deals' | 'projects'>> = {
  accounts: 'contacts',
  contacts: 'contacts',
  clients: 'contacts',
  deals: 'deals',
  projects: 'projects',
};

/** Of `ids` (rows of `table`), those a link of a system other than `system` points to. */
async function heldByOtherSystems(
  trx: Transaction<Database>,
  orgId: string,
  system: System,
  table: 'contacts' | 'deals' | 'projects',
  ids: ReadonlySet<string>,
): Promise<Set<string>> {
  const held = new Set<string>();
  const modules = Object.keys(LINKED_TABLE).filter((m) => LINKED_TABLE[m] === table);
  const list = [...ids];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await trx
      .selectFrom('sync_links')
      .select('local_id')
      .where('org_id', '=', orgId)
      .where('system', '!=', system)
      .where('module', 'in', modules)
      .where('local_id', 'in', list.slice(i, i + 500))
      .execute();
    for (const r of rows) held.add(r.local_id);
  }
  return held;
}

/**
 * Delete Integration (only when disabled): synced records become plain DealSpend records, or only
 * those with transactions do and the rest are deleted; the mapping is removed; the admins get an
 * in-app notification when it is done.
 */
export async function deleteIntegration(
  ctx: AppContext,
  orgId: string,
  system: System,
  conversion: Conversion,
): Promise<{ converted: number; deleted: number }> {
  const row = await findIntegration(ctx.db, orgId, system);
  if (!row) throw appError('INTEGRATION_NOT_CONNECTED');
  if (row.status !== 'disabled' && row.status !== 'pending') throw appError('INTEGRATION_NOT_DISABLED');
  const now = ctx.clock().toISOString();
  const result = await ctx.db.transaction().execute(async (trx) => {
    let converted = 0;
    let deleted = 0;
    const links = await trx
      .selectFrom('sync_links')
      .select(['module', 'local_id'])
      .where('org_id', '=', orgId)
      .where('system', '=', system)
      .execute();
    const byTable: Record<'contacts' | 'deals' | 'projects', Set<string>> = {
      contacts: new Set(),
      deals: new Set(),
      projects: new Set(),
    };
    for (const l of links) {
      const table = LINKED_TABLE[l.module];
      if (table) byTable[table].add(l.local_id);
      else converted++;
    }
    if (conversion === 'all') {
      converted += byTable.contacts.size + byTable.deals.size + byTable.projects.size;
    } else {
      const usedBy = async (column: 'deal_id' | 'project_id', ids: Set<string>) => {
        const used = new Set<string>();
        const list = [...ids];
        for (let i = 0; i < list.length; i += 500) {
          const chunk = list.slice(i, i + 500);
          const e = await trx
            .selectFrom('expenses')
            .select(column)
            .distinct()
            .where('org_id', '=', orgId)
            .where(column, 'in', chunk)
            .execute();
          for (const r of e) used.add(String(r[column as keyof typeof r]));
          if (column === 'deal_id') {
            const r2 = await trx
              .selectFrom('expense_reports')
              .select(column)
              .distinct()
              .where('org_id', '=', orgId)
              .where(column, 'in', chunk)
              .execute();
            for (const r of r2) used.add(String(r[column as keyof typeof r]));
          }
        }
        return used;
      };
      const usedCustomers = await customersInUse(trx, orgId, [...byTable.contacts]);
      const usedDeals = await usedBy('deal_id', byTable.deals);
      const usedProjects = await usedBy('project_id', byTable.projects);
      // A record the other system also links to (a People client merged with a CRM account) is
      // still synced from there: it is kept and converted, whatever its transactions.
      for (const [table, used] of [
        ['contacts', usedCustomers],
        ['deals', usedDeals],
        ['projects', usedProjects],
      ] as const) {
        for (const id of await heldByOtherSystems(trx, orgId, system, table, byTable[table])) used.add(id);
      }
      // Deals and projects that point at a kept customer keep it; a deal in use keeps its customer too.
      const dropDeals = [...byTable.deals].filter((id) => !usedDeals.has(id));
      const keptDeals = [...byTable.deals].filter((id) => usedDeals.has(id));
      for (let i = 0; i < keptDeals.length; i += 500) {
        const rows = await trx
          .selectFrom('deals')
          .select(['account_id', 'contact_id'])
          .where('deal_id', 'in', keptDeals.slice(i, i + 500))
          .execute();
        for (const r of rows) {
          if (r.account_id) usedCustomers.add(r.account_id);
          if (r.contact_id) usedCustomers.add(r.contact_id);
        }
      }
      const dropProjects = [...byTable.projects].filter((id) => !usedProjects.has(id));
      const dropCustomers = [...byTable.contacts].filter((id) => !usedCustomers.has(id));
      for (let i = 0; i < dropDeals.length; i += 500) {
        await trx
          .deleteFrom('deals')
          .where('org_id', '=', orgId)
          .where('deal_id', 'in', dropDeals.slice(i, i + 500))
          .execute();
      }
      for (let i = 0; i < dropProjects.length; i += 500) {
        await trx
          .deleteFrom('projects')
          .where('org_id', '=', orgId)
          .where('project_id', 'in', dropProjects.slice(i, i + 500))
          .execute();
      }
      for (let i = 0; i < dropCustomers.length; i += 500) {
        const chunk = dropCustomers.slice(i, i + 500);
        await trx
          .updateTable('contacts')
          .set({ account_id: null })
          .where('org_id', '=', orgId)
          .where('account_id', 'in', chunk)
          .execute();
        await trx
          .updateTable('deals')
          .set({ account_id: null })
          .where('org_id', '=', orgId)
          .where('account_id', 'in', chunk)
          .execute();
        await trx
          .updateTable('deals')
          .set({ contact_id: null })
          .where('org_id', '=', orgId)
          .where('contact_id', 'in', chunk)
          .execute();
        await trx
          .updateTable('projects')
          .set({ customer_id: null })
          .where('org_id', '=', orgId)
          .where('customer_id', 'in', chunk)
          .execute();
        await trx
          .deleteFrom('contacts')
          .where('org_id', '=', orgId)
          .where('contact_id', 'in', chunk)
          .execute();
      }
      deleted = dropDeals.length + dropProjects.length + dropCustomers.length;
      converted += byTable.contacts.size + byTable.deals.size + byTable.projects.size - deleted;
    }
    await trx.deleteFrom('sync_links').where('org_id', '=', orgId).where('system', '=', system).execute();
    await trx.deleteFrom('sync_conflicts').where('org_id', '=', orgId).where('system', '=', system).execute();
    await trx.deleteFrom('sync_jobs').where('integration_id', '=', row.integration_id).execute();
    await trx.deleteFrom('integrations').where('integration_id', '=', row.integration_id).execute();
    await trx
      .insertInto('notifications')
      .values({
        notification_id: ctx.ids(),
        org_id: orgId,
        user_id: null,
        kind: 'integration_deleted',
        message: `The ${SYSTEM_NAMES[system]} integration was deleted: ${converted} synced records are now DealSpend records${
          deleted ? ` and ${deleted} records without transactions were deleted` : ''
        }.`,
        created_time: now,
        read_time: null,
      })
      .execute();
    return { converted, deleted };
  });
  syncRuntimeOf(ctx).connectors.forget(row.integration_id);
  return result;
}

export async function listNotifications(db: Kysely<Database>, orgId: string, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['notification_id', 'kind', 'message', 'created_time', 'read_time'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]))
    .orderBy('created_time', 'desc')
    .orderBy('notification_id', 'desc')
    .limit(100)
    .execute();
}

/** Turns a Zoho failure inside a request into a typed error (never a 500). */
export function zohoFailure(e: unknown): never {
  if (e instanceof ZohoAuthError)
    throw appError(
      'ZOHO_AUTH_FAILED',
      `Zoho Accounts refused the stored connection (${e.reason}); connect again.`,
    );
  if (e instanceof ZohoApiError)
    throw appError('ZOHO_UNAVAILABLE', `Zoho answered ${e.status} ${e.zohoCode}.`);
  throw e;
}
