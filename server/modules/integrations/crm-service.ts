/**
 * Zoho CRM specifics: Select Organisation, views and fields for Configure Now, the manual import
 * of CRM users with roles, Search in Zoho CRM (and import of a picked record), and the conflict list.
 */
import type { CrmUser } from '../../../sandbox/data/seed-types.js';
import type { AppContext } from '../../app.js';
import type { IntegrationRow, OrganizationRow } from '../../db/schema.js';
import { crmFieldsMappedTo, customerFieldLabel, needsCrmLabel } from '../../domain/customer-field-labels.js';
import { CUSTOMER_TARGET_FIELDS } from '../../domain/sync-mapping.js';
import { appError } from '../../errors.js';
import { emptyCounts } from '../../sync/history.js';
import { readCrmSettings } from '../../sync/integration-settings.js';
import { localIds } from '../../sync/links.js';
import { applyRecords, customKinds, fieldsFor } from '../../sync/modules/crm-customers.js';
import { importCrmUsers } from '../../sync/modules/crm-users.js';
import { customerColumns } from '../../sync/modules/customer-store.js';
import { syncRuntimeOf } from '../../sync/runtime.js';
import type { StepEnv } from '../../sync/step-env.js';
import { type CrmClient, escapeCriteriaValue } from '../../zoho/crm-client.js';
import { type CrmSettingsLookups, connectedIntegration, findIntegration, zohoFailure } from './service.js';

function crmOf(ctx: AppContext, row: IntegrationRow, crmOrgId?: string | null): CrmClient {
  return syncRuntimeOf(ctx).connectors.crm({
    ...row,
    crm_org_id: crmOrgId === undefined ? row.crm_org_id : crmOrgId,
  });
}

/**
 * The kinds of value of the custom fields `map` fills (see customKinds); a CRM that cannot answer
 * leaves them text rather than failing the request.
 */
async function customKindsOf(
  crm: CrmClient,
  module: 'Accounts' | 'Contacts',
  map: Readonly<Record<string, string>>,
) {
  try {
    return await customKinds({ cache: new Map(), crm: () => crm }, module, map);
  } catch {
    return undefined;
  }
}

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    return zohoFailure(e);
  }
}

export interface CrmOrgChoice {
  crm_org_id: string;
  company_name: string;
  currency_code: string | null;
  selected: boolean;
}

/**
 * The CRM organisations the connected user can choose from: their default organisation and any
 * other organisation already chosen or checked (CRM has no "list my organisations" call; another
 * organisation is added by its id and checked with X-CRM-ORG).
 */
export async function listCrmOrgs(ctx: AppContext, orgId: string): Promise<CrmOrgChoice[]> {
  const row = await connectedIntegration(ctx.db, orgId, 'crm', { allowDisabled: true });
  const known = (JSON.parse(row.settings) as { known_orgs?: CrmOrgChoice[] }).known_orgs ?? [];
  const def = await call(() => crmOf(ctx, row, null).org());
  const list = new Map<string, CrmOrgChoice>();
  if (def) {
    const id = def.zgid ?? def.id;
    list.set(id, {
      crm_org_id: id,
      company_name: def.company_name,
      currency_code: def.iso_code ?? null,
      selected: false,
    });
  }
  for (const k of known) if (!list.has(k.crm_org_id)) list.set(k.crm_org_id, k);
  return [...list.values()].map((o) => ({ ...o, selected: o.crm_org_id === row.crm_org_id }));
}

/** Select Organisation: checks the organisation with X-CRM-ORG, then saves the choice. */
export async function selectCrmOrg(ctx: AppContext, orgId: string, crmOrgId: string): Promise<CrmOrgChoice> {
  const row = await connectedIntegration(ctx.db, orgId, 'crm', { allowDisabled: true });
  let found: Awaited<ReturnType<CrmClient['org']>>;
  try {
    found = await crmOf(ctx, row, crmOrgId).org();
  } catch (e) {
    if (e instanceof Error && 'status' in e && (e as { status: number }).status === 400)
      throw appError('CRM_ORG_UNKNOWN');
    return zohoFailure(e);
  }
  if (!found) throw appError('CRM_ORG_UNKNOWN');
  const choice: CrmOrgChoice = {
    crm_org_id: crmOrgId,
    company_name: found.company_name,
    currency_code: found.iso_code ?? null,
    selected: true,
  };
  if (row.crm_org_id && row.crm_org_id !== crmOrgId) {
    const linked = await ctx.db
      .selectFrom('sync_links')
      .select('external_id')
      .where('org_id', '=', orgId)
      .where('system', '=', 'crm')
      .limit(1)
      .executeTakeFirst();
    if (linked) {
      throw appError(
        'INTEGRATION_STATE',
        'Records are already synced from another Zoho CRM organisation; delete the integration to switch.',
      );
    }
  }
  const raw = JSON.parse(row.settings) as { known_orgs?: CrmOrgChoice[] } & Record<string, unknown>;
  const known = (raw.known_orgs ?? []).filter((k) => k.crm_org_id !== crmOrgId);
  await ctx.db
    .updateTable('integrations')
    .set({
      crm_org_id: crmOrgId,
      settings: JSON.stringify({
        ...raw,
        crm_org_name: found.company_name,
        known_orgs: [...known, { ...choice, selected: false }],
      }),
      last_modified_time: ctx.clock().toISOString(),
    })
    .where('integration_id', '=', row.integration_id)
    .execute();
  return choice;
}

/** The CRM base currency, for the prerequisite check before mapping fields. */
export async function crmBaseCurrency(ctx: AppContext, row: IntegrationRow): Promise<string | undefined> {
  const org = await call(() => crmOf(ctx, row).org());
  return org?.iso_code;
}

/** The selected CRM organisation's base currency and field metadata, for checking new settings. */
export function crmSettingsLookups(ctx: AppContext, orgId: string): CrmSettingsLookups {
  return {
    baseCurrency: async () =>
      crmBaseCurrency(ctx, await connectedIntegration(ctx.db, orgId, 'crm', { allowDisabled: true })),
    fields: async (module) => {
      const { crm } = await selectedCrm(ctx, orgId);
      return call(() => crm.fields(module));
    },
  };
}

async function selectedCrm(ctx: AppContext, orgId: string): Promise<{ row: IntegrationRow; crm: CrmClient }> {
  const row = await connectedIntegration(ctx.db, orgId, 'crm', { allowDisabled: true });
  if (!row.crm_org_id) throw appError('CRM_ORG_NOT_SELECTED');
  return { row, crm: crmOf(ctx, row) };
}

export async function listViews(ctx: AppContext, orgId: string, module: 'Accounts' | 'Contacts') {
  const { crm } = await selectedCrm(ctx, orgId);
  const views = await call(() => crm.customViews(module));
  return views.map((v) => ({
    view_id: String(v.id),
    name: v.display_value ?? v.name,
    system_defined: v.system_defined ?? false,
    is_default: v.default ?? false,
  }));
}

export async function listFields(ctx: AppContext, orgId: string, module: 'Accounts' | 'Contacts') {
  const { row, crm } = await selectedCrm(ctx, orgId);
  const fields = await call(() => crm.fields(module));
  const settings = readCrmSettings(row.settings);
  const dealspendFields = [
    ...CUSTOMER_TARGET_FIELDS,
    ...settings.customers.custom_fields.map((c) => `custom:${c}`),
  ];
  const names = {
    defined: new Set(settings.customers.custom_fields),
    fieldMap: settings.customers.field_map[module],
    crmLabels: new Map<string, string>(),
  };
  return {
    crm_fields: fields
      .filter(
        (f) =>
          !['lookup', 'ownerlookup', 'multiselectlookup', 'fileupload', 'imageupload'].includes(
            f.data_type,
          ) || f.api_name === 'Account_Name',
      )
      .map((f) => ({
        api_name: f.api_name,
        label: f.display_label,
        data_type: f.data_type,
        custom: f.custom_field ?? false,
      })),
    dealspend_fields: dealspendFields,
    dealspend_field_labels: Object.fromEntries(dealspendFields.map((f) => [f, customerFieldLabel(f, names)])),
    field_map: settings.customers.field_map[module],
  };
}

async function allCrmUsers(crm: CrmClient): Promise<CrmUser[]> {
  const out: CrmUser[] = [];
  let page: number | undefined = 1;
  while (page !== undefined && page <= 50) {
    const res = await crm.usersPage(page);
    out.push(...res.records);
    page = res.next?.page;
  }
  return out;
}

/** Manual import, step 1: CRM users who are not DealSpend users yet. */
export async function importableCrmUsers(ctx: AppContext, orgId: string) {
  const { crm } = await selectedCrm(ctx, orgId);
  const users = await call(() => allCrmUsers(crm));
  const existing = await ctx.db.selectFrom('users').select('email').where('org_id', '=', orgId).execute();
  const emails = new Set(existing.map((u) => u.email.toLowerCase()));
  return users
    .filter((u) => !emails.has(u.email.toLowerCase()) && u.status !== 'deleted')
    .map((u) => ({
      crm_user_id: u.id,
      name: u.full_name,
      email: u.email,
      crm_role: u.role?.name ?? null,
      crm_status: u.status,
    }));
}

/** Manual import, step 2: the chosen CRM users, each with the DealSpend role the admin assigned. */
export async function importChosenCrmUsers(
  ctx: AppContext,
  org: OrganizationRow,
  chosen: ReadonlyArray<{ crm_user_id: string; user_role: 'submitter' | 'approver' | 'admin' }>,
) {
  const { crm } = await selectedCrm(ctx, org.org_id);
  const users = await call(() => allCrmUsers(crm));
  const byId = new Map(users.map((u) => [u.id, u]));
  const picked = chosen.map((c) => {
    const u = byId.get(c.crm_user_id);
    if (!u) throw appError('CRM_USER_NOT_FOUND', `Zoho CRM user ${c.crm_user_id} does not exist.`);
    return u;
  });
  const roles = new Map(chosen.map((c) => [c.crm_user_id, c.user_role]));
  const counts = emptyCounts();
  await ctx.db.transaction().execute(async (trx) => {
    await importCrmUsers({ org, now: ctx.clock, newId: ctx.ids }, trx, picked, counts, (u) =>
      roles.get(u.id),
    );
  });
  return { imported: counts.created, updated: counts.updated };
}

export interface CrmSearchHit {
  module: 'Accounts' | 'Contacts';
  crm_id: string;
  name: string;
  email: string | null;
  account_name: string | null;
  customer_id: string | null;
  contacts?: CrmSearchHit[];
}

/**
 * Search in Zoho CRM: contacts by first or last name; accounts by name, each with its contacts.
 * Each hit says whether it is already a DealSpend customer.
 */
export async function searchCrm(
  ctx: AppContext,
  orgId: string,
  type: 'contacts' | 'accounts',
  q: string,
): Promise<CrmSearchHit[]> {
  const { crm } = await selectedCrm(ctx, orgId);
  const v = escapeCriteriaValue(q.trim());
  const contactFields = ['First_Name', 'Last_Name', 'Full_Name', 'Email', 'Account_Name'];
  const toContact = (r: Record<string, unknown> & { id: string }): CrmSearchHit => ({
    module: 'Contacts',
    crm_id: r.id,
    name: String(r.Full_Name ?? `${r.First_Name ?? ''} ${r.Last_Name ?? ''}`).trim(),
    email: (r.Email as string | null) ?? null,
    account_name: (r.Account_Name as { name?: string } | null)?.name ?? null,
    customer_id: null,
  });
  let hits: CrmSearchHit[];
  if (type === 'contacts') {
    const rows = await call(() =>
      crm.search(
        'Contacts',
        { criteria: `((First_Name:starts_with:${v})or(Last_Name:starts_with:${v}))` },
        contactFields,
      ),
    );
    hits = rows.map(toContact);
  } else {
    const rows = await call(() =>
      crm.search('Accounts', { criteria: `(Account_Name:starts_with:${v})` }, ['Account_Name']),
    );
    hits = [];
    for (const r of rows.slice(0, 20)) {
      const contacts = await call(() => crm.related('Accounts', r.id, 'Contacts', contactFields));
      hits.push({
        module: 'Accounts',
        crm_id: r.id,
        name: String(r.Account_Name ?? ''),
        email: null,
        account_name: null,
        customer_id: null,
        contacts: contacts.map(toContact),
      });
    }
  }
  const flat = hits.flatMap((h) => [h, ...(h.contacts ?? [])]);
  const acc = await localIds(
    ctx.db,
    orgId,
    'crm',
    'accounts',
    flat.filter((h) => h.module === 'Accounts').map((h) => h.crm_id),
  );
  const con = await localIds(
    ctx.db,
    orgId,
    'crm',
    'contacts',
    flat.filter((h) => h.module === 'Contacts').map((h) => h.crm_id),
  );
  for (const h of flat)
    h.customer_id = (h.module === 'Accounts' ? acc.get(h.crm_id) : con.get(h.crm_id)) ?? null;
  return hits;
}

/** A record picked in Search in Zoho CRM is fetched into DealSpend and linked; returns the customer id. */
export async function importCrmRecord(
  ctx: AppContext,
  org: OrganizationRow,
  module: 'Accounts' | 'Contacts',
  crmId: string,
): Promise<{ customer_id: string; created: boolean }> {
  const { row, crm } = await selectedCrm(ctx, org.org_id);
  const settings = readCrmSettings(row.settings);
  const record = await call(() =>
    crm.getRecord(module, crmId, fieldsFor(module, settings.customers.field_map[module])),
  );
  if (!record) throw appError('CRM_RECORD_NOT_FOUND');
  // A contact's account comes along so the contact can be its contact person.
  const accountRef = module === 'Contacts' ? (record.Account_Name as { id?: string } | null)?.id : undefined;
  if (accountRef) {
    const linked = await localIds(ctx.db, org.org_id, 'crm', 'accounts', [accountRef]);
    if (!linked.has(accountRef)) await importCrmRecord(ctx, org, 'Accounts', accountRef);
  }
  const picked = {
    ...settings,
    customers: {
      ...settings.customers,
      // An explicitly picked record is always imported; a same-name customer is linked, not skipped.
      module: 'contacts' as const,
      duplicates: settings.customers.duplicates === 'clone' ? ('clone' as const) : ('overwrite' as const),
      extent: 'fetch' as const,
    },
  };
  const env = { org, now: ctx.clock, newId: ctx.ids } as unknown as StepEnv;
  const counts = emptyCounts();
  const kinds = await customKindsOf(crm, module, settings.customers.field_map[module]);
  await ctx.db.transaction().execute(async (trx) => {
    await applyRecords(
      env,
      trx,
      { counts, fail: () => undefined },
      picked,
      module,
      [record],
      undefined,
      kinds,
    );
  });
  const id = (await localIds(ctx.db, org.org_id, 'crm', module.toLowerCase(), [crmId])).get(crmId);
  if (!id)
    throw appError('CRM_RECORD_NOT_FOUND', 'The Zoho CRM record has no name and cannot become a customer.');
  return { customer_id: id, created: counts.created > 0 };
}

/**
 * Open or resolved conflicts, newest first, each field with its label (`field_label`, see
 * customerFieldLabel). A contact's account (field account_id) is kept as the account's customer id
 * and shown by its name, which is what the admin chooses between.
 */
export async function listConflicts(ctx: AppContext, orgId: string, status: 'open' | 'resolved') {
  const rows = await ctx.db
    .selectFrom('sync_conflicts as c')
    .leftJoin('contacts as ct', (j) =>
      j.onRef('ct.contact_id', '=', 'c.local_id').on('ct.org_id', '=', orgId),
    )
    .select([
      'c.conflict_id',
      'c.module',
      'c.external_id',
      'c.local_id',
      'ct.contact_name',
      'c.field',
      'c.local_value',
      'c.remote_value',
      'c.status',
      'c.resolution',
      'c.detected_time',
      'c.resolved_time',
    ])
    .where('c.org_id', '=', orgId)
    .where('c.status', '=', status)
    .orderBy('c.detected_time', 'desc')
    .orderBy('c.conflict_id', 'desc')
    .limit(200)
    .execute();
  const labelOf = await conflictFieldLabeller(ctx, orgId, rows);
  const named = rows.map((r) => ({ ...r, field_label: labelOf(r.module, r.field) }));
  const accountIds = rows
    .filter((r) => r.field === 'account_id')
    .flatMap((r) => [r.local_value, r.remote_value])
    .filter((v): v is string => v !== null);
  if (accountIds.length === 0) return named;
  const names = new Map(
    (
      await ctx.db
        .selectFrom('contacts')
        .select(['contact_id', 'contact_name'])
        .where('org_id', '=', orgId)
        .where('contact_id', 'in', [...new Set(accountIds)])
        .execute()
    ).map((a) => [a.contact_id, a.contact_name]),
  );
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  return named.map((r) =>
    r.field === 'account_id'
      ? { ...r, local_value: nameOf(r.local_value), remote_value: nameOf(r.remote_value) }
      : r,
  );
}

/** The CRM module of a customers link module ('accounts' → 'Accounts'). */
function crmModuleOf(linkModule: string): 'Accounts' | 'Contacts' {
  return linkModule === 'contacts' ? 'Contacts' : 'Accounts';
}

/**
 * Labels conflicts' fields from the org's custom fields and saved mapping. Zoho CRM's field labels
 * are read only for a custom field the org does not define that the mapping names, once per module;
 * a CRM that cannot answer leaves such a field its name rather than failing the list.
 */
async function conflictFieldLabeller(
  ctx: AppContext,
  orgId: string,
  rows: ReadonlyArray<{ module: string; field: string }>,
): Promise<(module: string, field: string) => string> {
  const row = await findIntegration(ctx.db, orgId, 'crm');
  const { customers } = readCrmSettings(row?.settings ?? '{}');
  const defined = new Set(customers.custom_fields);
  const crmLabels = { Accounts: new Map<string, string>(), Contacts: new Map<string, string>() };
  const modules = new Set(
    rows
      .filter(
        (r) =>
          needsCrmLabel(r.field, { defined }) &&
          crmFieldsMappedTo(r.field, customers.field_map[crmModuleOf(r.module)]).length > 0,
      )
      .map((r) => crmModuleOf(r.module)),
  );
  if (row?.refresh_token && row.crm_org_id) {
    for (const module of modules) {
      try {
        for (const f of await crmOf(ctx, row).fields(module))
          crmLabels[module].set(f.api_name, f.display_label);
      } catch {
        // Unreachable or refusing: the field keeps its DealSpend name.
      }
    }
  }
  return (module, field) => {
    const m = crmModuleOf(module);
    return customerFieldLabel(field, { defined, fieldMap: customers.field_map[m], crmLabels: crmLabels[m] });
  };
}

/**
 * The admin keeps one side of a conflict. Keeping DealSpend's value marks the customer changed,
 * so a two-way sync writes it to CRM; keeping CRM's value sets it locally.
 */
export async function resolveConflict(
  ctx: AppContext,
  orgId: string,
  conflictId: string,
  keep: 'local' | 'remote',
) {
  const now = ctx.clock().toISOString();
  const kinds = keep === 'remote' ? await remoteKinds(ctx, orgId, conflictId) : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('sync_conflicts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('conflict_id', '=', conflictId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (!c) throw appError('SYNC_CONFLICT_NOT_FOUND');
    const contact = await trx
      .selectFrom('contacts')
      .select('custom_fields')
      .where('org_id', '=', orgId)
      .where('contact_id', '=', c.local_id)
      .executeTakeFirst();
    if (contact) {
      let value = keep === 'local' ? c.local_value : c.remote_value;
      // A contact's account is kept only while that account is still a customer here.
      if (c.field === 'account_id' && value !== null) {
        const account = await trx
          .selectFrom('contacts')
          .select('contact_id')
          .where('org_id', '=', orgId)
          .where('contact_id', '=', value)
          .where('customer_sub_type', '=', 'business')
          .executeTakeFirst();
        if (!account) value = null;
      }
      await trx
        .updateTable('contacts')
        .set({
          ...customerColumns({ [c.field]: value }, contact.custom_fields, kinds),
          last_modified_time: now,
        })
        .where('contact_id', '=', c.local_id)
        .execute();
    }
    await trx
      .updateTable('sync_conflicts')
      .set({ status: 'resolved', resolution: keep, resolved_time: now })
      .where('conflict_id', '=', conflictId)
      .execute();
  });
}

/** For keeping CRM's value of a custom field: the kind of value its CRM field takes, as a pull keeps it. */
async function remoteKinds(ctx: AppContext, orgId: string, conflictId: string) {
  const c = await ctx.db
    .selectFrom('sync_conflicts')
    .select(['module', 'field'])
    .where('org_id', '=', orgId)
    .where('conflict_id', '=', conflictId)
    .executeTakeFirst();
  if (!c?.field.startsWith('custom:')) return undefined;
  const row = await findIntegration(ctx.db, orgId, 'crm');
  if (!row?.refresh_token || !row.crm_org_id) return undefined;
  const module = crmModuleOf(c.module);
  return customKindsOf(crmOf(ctx, row), module, readCrmSettings(row.settings).customers.field_map[module]);
}
