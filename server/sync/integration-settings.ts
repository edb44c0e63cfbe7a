/**
 * The options an admin sets for each integration (kept as JSON in integrations.settings) and the
 * per-module sync state (integrations.modules). Defaults are filled in on read, so a row written by
 * an older version still reads completely.
 */
import type { DuplicateMode } from '../domain/sync-duplicates.js';
import { DEFAULT_FIELD_MAPS, DEFAULT_PEOPLE_FIELD_MAP, type FieldMap } from '../domain/sync-mapping.js';

export type CrmJobModule = 'users' | 'accounts' | 'contacts' | 'deals';
export type PeopleJobModule = 'departments' | 'employees' | 'clients' | 'projects';
export type JobModule = CrmJobModule | PeopleJobModule;

/** Run order: lookups first (users before the deals they own, departments before employees). */
export const CRM_MODULE_ORDER: readonly CrmJobModule[] = ['users', 'accounts', 'contacts', 'deals'];
export const PEOPLE_MODULE_ORDER: readonly PeopleJobModule[] = [
  'departments',
  'employees',
  'clients',
  'projects',
];

export type CustomersModule = 'accounts' | 'contacts' | 'accounts_and_contacts';

export interface CrmSettings {
  /** Sync Modules: the Expenses and Expense Reports modules are available in CRM. */
  modules_enabled: boolean;
  users: { enabled: boolean };
  customers: {
    enabled: boolean;
    /** false until Configure Now is saved. */
    configured: boolean;
    module: CustomersModule;
    include_unassociated_contacts: boolean;
    extent: 'fetch' | 'two_way';
    duplicates: DuplicateMode;
    account_view_id: string | null;
    contact_view_id: string | null;
    field_map: { Accounts: FieldMap; Contacts: FieldMap };
    /** DealSpend custom fields created for mapping (labels). */
    custom_fields: string[];
  };
  deals: { enabled: boolean };
}

export interface PeopleSettings {
  departments: { enabled: boolean };
  users: { enabled: boolean; configured: boolean; field_map: FieldMap };
  clients: { enabled: boolean };
  projects: { enabled: boolean };
}

export const DEFAULT_CRM_SETTINGS: CrmSettings = {
  modules_enabled: false,
  users: { enabled: false },
  customers: {
    enabled: false,
    configured: false,
    module: 'accounts_and_contacts',
    include_unassociated_contacts: false,
    extent: 'fetch',
    duplicates: 'clone',
    account_view_id: null,
    contact_view_id: null,
    field_map: { ...DEFAULT_FIELD_MAPS },
    custom_fields: [],
  },
  deals: { enabled: true },
};

export const DEFAULT_PEOPLE_SETTINGS: PeopleSettings = {
  departments: { enabled: false },
  users: { enabled: false, configured: false, field_map: { ...DEFAULT_PEOPLE_FIELD_MAP } },
  clients: { enabled: false },
  projects: { enabled: false },
};

function parse(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function deepMerge<T>(base: T, over: unknown): T {
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object') {
    return (over === undefined ? base : over) as T;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const b = (base as Record<string, unknown>)[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && k !== 'field_map' ? deepMerge(b, v) : v;
  }
  return out as T;
}

export function readCrmSettings(json: string): CrmSettings {
  return deepMerge(DEFAULT_CRM_SETTINGS, parse(json));
}

export function readPeopleSettings(json: string): PeopleSettings {
  return deepMerge(DEFAULT_PEOPLE_SETTINGS, parse(json));
}

export function mergeSettings<T>(current: T, patch: unknown): T {
  return deepMerge(current, patch);
}

/** Per-module state kept between runs. */
export interface ModuleState {
  /** Incremental marker: the newest modification time seen (ISO), for If-Modified-Since. */
  marker?: string | undefined;
  /** The newest deletion time seen (ISO), for /deleted. */
  deleted_marker?: string | undefined;
  /** What the marker's run read (moduleScope): a daily run with other settings reads everything. */
  scope?: string | undefined;
  /** When the marker's run started (DealSpend's clock): what was linked later is new to the next run. */
  started?: string | undefined;
  /** The module's last run, including one stopped by Disable Sync or Disable Integration (failed). */
  last_run_id?: string;
  last_status?: 'completed' | 'failed';
  /** When that run ended. */
  last_sync_time?: string;
}

/**
 * The settings that decide which records a module's run reads and how it maps them. A daily run
 * takes only what changed since the marker, which holds only while these are the ones the marker's
 * run used: after a new view, module choice, field map, duplicates choice or potentials mode (saved
 * with Sync Later, or from the organisation settings), records that did not change in Zoho would
 * otherwise never be read with the new settings.
 */
export function moduleScope(
  integration: { system: string; settings: string },
  module: string,
  potentialsMode: string,
): string {
  if (integration.system === 'people') {
    return module === 'employees'
      ? JSON.stringify(readPeopleSettings(integration.settings).users.field_map)
      : '';
  }
  const c = readCrmSettings(integration.settings).customers;
  const accounts = [c.module, c.duplicates, c.account_view_id, c.field_map.Accounts];
  const contacts = [c.include_unassociated_contacts, c.contact_view_id, c.field_map.Contacts];
  switch (module) {
    case 'accounts':
      return JSON.stringify(accounts);
    // Which contacts are kept depends on the accounts synced (Accounts & their Contacts).
    case 'contacts':
      return JSON.stringify([...accounts, ...contacts]);
    // A deal's owner, account and contact are looked up among what the other modules synced.
    // 'crm-refs': deals remember their references' CRM ids since this was added, so the first run
    // after it reads every deal once, and then fills in what was synced after them (crm-deals.ts).
    case 'deals':
      return JSON.stringify([potentialsMode, ...accounts, ...contacts, 'crm-refs']);
    default:
      return '';
  }
}

export function readModules(json: string): Record<string, ModuleState> {
  return parse(json) as Record<string, ModuleState>;
}

/** Whether a module takes part in syncs, from the settings. */
export function crmModuleEnabled(s: CrmSettings, m: CrmJobModule): boolean {
  switch (m) {
    case 'users':
      return s.users.enabled;
    case 'accounts':
      return s.customers.enabled && s.customers.configured && s.customers.module !== 'contacts';
    case 'contacts':
      return s.customers.enabled && s.customers.configured && s.customers.module !== 'accounts';
    case 'deals':
      return s.deals.enabled && ((s.customers.enabled && s.customers.configured) || s.users.enabled);
  }
}

export function peopleModuleEnabled(s: PeopleSettings, m: PeopleJobModule): boolean {
  switch (m) {
    case 'departments':
      return s.departments.enabled;
    case 'employees':
      return s.users.enabled && s.users.configured;
    case 'clients':
      return s.clients.enabled;
    case 'projects':
      return s.projects.enabled;
  }
}
