/** Shapes of /api/v1/integrations answers the Settings screens read (server: modules/integrations). */
export type SystemName = 'crm' | 'people';

export interface ModuleStatus {
  module: string;
  enabled: boolean;
  state: 'idle' | 'queued' | 'running' | 'failed';
  last_status: string | null;
  last_sync_time: string | null;
}

export interface CustomersSettings {
  enabled: boolean;
  configured: boolean;
  module: 'accounts' | 'contacts' | 'accounts_and_contacts';
  include_unassociated_contacts: boolean;
  extent: 'fetch' | 'two_way';
  duplicates: 'clone' | 'overwrite' | 'skip';
  account_view_id: string | null;
  contact_view_id: string | null;
  field_map: { Accounts: Record<string, string>; Contacts: Record<string, string> };
  custom_fields: string[];
}

export interface Integration {
  system: SystemName;
  name: string;
  status: 'not_connected' | 'connected' | 'disabled';
  connected_email: string | null;
  initial_sync_time: string | null;
  next_sync_time: string | null;
  crm_org_id?: string | null;
  crm_org_name?: string | null;
  modules_enabled?: boolean;
  potentials_mode?: 'user' | 'all';
  /** The plan's seats: active CRM users imported up to this many. */
  seat_count?: number;
  open_conflicts?: number;
  settings: {
    users?: { enabled: boolean; configured?: boolean; field_map?: Record<string, string> };
    customers?: CustomersSettings;
    departments?: { enabled: boolean };
    clients?: { enabled: boolean };
    projects?: { enabled: boolean };
  };
  modules: ModuleStatus[];
}

export interface SyncRun {
  run_id: string;
  module: string;
  trigger: string;
  status: string;
  started_time: string;
  ended_time: string | null;
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  duplicates: number;
  conflicts: number;
  failed: number;
  deleted: number;
  message: string | null;
  failures: Array<{ external_id: string; reason: string }>;
}

export interface CrmOrgChoice {
  crm_org_id: string;
  company_name: string;
  currency_code: string | null;
  selected: boolean;
}

export interface Conflict {
  conflict_id: string;
  contact_name: string | null;
  /** The field's key (`account_id`, `custom:Region`), for support. */
  field: string;
  /** The field as the admin knows it ("Account", "Region"); the server names it. */
  field_label: string;
  local_value: string | null;
  remote_value: string | null;
}

/** Import Zoho CRM users, step 1: a CRM user not yet in DealSpend. */
export interface ImportableUser {
  crm_user_id: string;
  name: string;
  email: string;
  crm_role: string | null;
  crm_status: string;
}

export type UserRole = 'submitter' | 'approver' | 'admin';

/** Each role as the screens name it, in the order they list roles. */
export const ROLE_NAMES: Record<UserRole, string> = {
  submitter: 'Submitter',
  approver: 'Approver',
  admin: 'Admin',
};

/** An in-app notification (say, an integration's deletion has completed). */
export interface AppNotification {
  notification_id: string;
  kind: string;
  message: string;
  created_time: string;
  read_time: string | null;
}

/** Module names as the seeds say them. */
export const MODULE_LABELS: Record<string, string> = {
  users: 'Users',
  accounts: 'Customers (Accounts)',
  contacts: 'Customers (Contacts)',
  deals: 'Deals (Potentials)',
  departments: 'Departments',
  employees: 'Users',
  clients: 'Clients',
  projects: 'Projects',
};
