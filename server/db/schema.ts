/**
 * The database as Kysely sees it: one interface per table, and Row / New / Update aliases.
 *
 * Portable column conventions (the same on SQLite and PostgreSQL, so there is one query layer):
 * - ids are strings (TEXT), made by the id generator the caller passes in;
 * - money is integer minor units (SQLite INTEGER, PostgreSQL bigint parsed back to number);
 * - booleans are 0/1 integers; dates are 'YYYY-MM-DD' text; times are ISO 8601 UTC text;
 * - JSON values are text (callers JSON.parse / JSON.stringify at the service edge).
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

export type Bool = 0 | 1;

export interface OrganizationsTable {
  org_id: string;
  name: string;
  base_currency: string;
  time_zone: string;
  /** Organisation-wide preferences as JSON text (potentials mode, seat count, …). */
  settings: string;
  created_time: string;
  /** Changes with every update; a PUT naming an older one gets 409 (migration 0040). */
  last_modified_time: string;
}

export interface UsersTable {
  user_id: string;
  org_id: string;
  /** Zoho user id from Accounts; null until the user first signs in or is synced. */
  zuid: string | null;
  email: string;
  name: string;
  user_role: 'submitter' | 'approver' | 'admin';
  status: 'active' | 'inactive';
  manager_id: string | null;
  department_id: string | null;
  employee_number: string | null;
  is_from_crm: Bool;
  is_from_zoho_people: Bool;
  created_time: string;
  last_modified_time: string;
}

export interface DepartmentsTable {
  department_id: string;
  org_id: string;
  department_name: string;
  head_user_id: string | null;
  created_time: string;
  last_modified_time: string;
}

export interface ExpenseCategoriesTable {
  category_id: string;
  org_id: string;
  category_name: string;
  description: string;
  is_enabled: Bool;
  created_time: string;
  last_modified_time: string;
}

export interface CurrenciesTable {
  org_id: string;
  currency_code: string;
  created_time: string;
}

export interface ExchangeRatesTable {
  rate_id: string;
  org_id: string;
  currency_code: string;
  effective_date: string;
  /** Base-currency units per one foreign unit, as an exact decimal string (e.g. "66.943366"). */
  rate: string;
  created_time: string;
}

export interface ContactsTable {
  contact_id: string;
  org_id: string;
  contact_name: string;
  /**
   * customerNameKey(contact_name) (migration 0044): what duplicate customers are found by. Every
   * write of contact_name writes it too; required on insert so the compiler finds each one.
   */
  name_key: string;
  customer_sub_type: 'business' | 'individual';
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  /** For an individual that belongs to an account (business customer). */
  account_id: string | null;
  status: 'active' | 'inactive';
  custom_fields: string;
  /** The member who added it (migration 0002); null for synced and demo customers. */
  created_by_user_id: string | null;
  created_time: string;
  last_modified_time: string;
}

export interface DealsTable {
  deal_id: string;
  org_id: string;
  deal_name: string;
  stage: string;
  /** 'Open' | 'Closed Won' | 'Closed Lost', from the CRM stage metadata, never from the stage name. */
  forecast_type: 'Open' | 'Closed Won' | 'Closed Lost';
  amount: number | null;
  currency_code: string;
  closing_date: string | null;
  owner_id: string | null;
  account_id: string | null;
  contact_id: string | null;
  /**
   * A deal synced from Zoho CRM: the CRM ids of its owner, account and contact, and its owner's
   * email (lower case), as the deal was last read; null for deals made in DealSpend. A reference
   * whose local id is null while its CRM id is not is filled in once that record is synced; a
   * DealSpend edit of the reference clears its CRM id, so the edit stands.
   */
  crm_owner_id: string | null;
  crm_owner_email: string | null;
  crm_account_id: string | null;
  crm_contact_id: string | null;
  created_time: string;
  last_modified_time: string;
}

export interface ProjectsTable {
  project_id: string;
  org_id: string;
  project_name: string;
  description: string;
  customer_id: string | null;
  status: 'active' | 'inactive';
  created_time: string;
  last_modified_time: string;
}

export type ExpenseStatus =
  | 'unreported'
  | 'unsubmitted'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'reimbursed';

export interface ExpensesTable {
  expense_id: string;
  org_id: string;
  user_id: string;
  date: string;
  category_id: string;
  /** In the expense's currency, minor units. */
  amount: number;
  currency_code: string;
  exchange_rate: string;
  /** In the org's base currency, minor units. */
  base_amount: number;
  merchant_name: string;
  description: string;
  reference_number: string;
  is_reimbursable: Bool;
  is_billable: Bool;
  customer_id: string | null;
  deal_id: string | null;
  project_id: string | null;
  report_id: string | null;
  /** JSON array of {user_id} | {contact_id}. */
  attendees: string;
  /** 'non_mileage' | 'per_diem' | 'mileage'; per diem details live in extra. */
  expense_type: string;
  /** JSON object for type-specific details (per diem rate, days, location, …). */
  extra: string;
  status: ExpenseStatus;
  created_time: string;
  last_modified_time: string;
}

/**
 * The customers each expense lists as attendees, one row per (expense, customer), kept in step with
 * `expenses.attendees` by triggers (migration 0045); read to tell whether a customer is in use.
 */
export interface ExpenseAttendeesTable {
  org_id: string;
  expense_id: string;
  contact_id: string;
}

/** Content-addressed file bytes: the same bytes are stored once per org. */
export interface FilesTable {
  org_id: string;
  sha256: string;
  content_type: string;
  size: number;
  bytes: Uint8Array;
  created_time: string;
}

export interface ReceiptsTable {
  receipt_id: string;
  org_id: string;
  user_id: string;
  /** null while the receipt waits in the inbox. */
  expense_id: string | null;
  sha256: string;
  file_name: string;
  content_type: string;
  size: number;
  uploaded_time: string;
}

export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'recalled' | 'reimbursed';

export interface ExpenseReportsTable {
  report_id: string;
  org_id: string;
  user_id: string;
  report_number: string;
  report_name: string;
  description: string;
  start_date: string | null;
  end_date: string | null;
  customer_id: string | null;
  deal_id: string | null;
  status: ReportStatus;
  /** Whoever must act now (while submitted). */
  approver_id: string | null;
  /** 1-based level of the approval flow that waits. */
  approval_level: number;
  /** JSON array of the resolved flow: [{level, approver_id}]. */
  approval_flow: string;
  submitted_date: string | null;
  approved_date: string | null;
  reimbursement_date: string | null;
  created_time: string;
  last_modified_time: string;
}

export interface ApprovalHistoryTable {
  history_id: string;
  org_id: string;
  report_id: string;
  action: 'submitted' | 'approved' | 'forwarded' | 'rejected' | 'recalled' | 'reimbursed';
  actor_id: string;
  approver_id: string | null;
  level: number;
  comments: string;
  time: string;
}

export interface ApprovalRulesTable {
  rule_id: string;
  org_id: string;
  level: number;
  /** Applies when the report total (base currency, minor units) is above this; null = always. */
  min_total: number | null;
  approver_type: 'department_head' | 'user';
  approver_user_id: string | null;
  created_time: string;
}

export interface AuditLogTable {
  /** Per-org sequence from the counters table: the hash chain is per organisation. */
  seq: number;
  org_id: string;
  entity_type: 'expense' | 'report';
  entity_id: string;
  action: string;
  actor_id: string;
  /** JSON object: { field: [old, new] }. */
  changes: string;
  time: string;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeysTable {
  org_scope: string;
  user_scope: string;
  idem_key: string;
  method: string;
  path: string;
  status_code: number | null;
  response: string | null;
  created_time: string;
}

export interface CounterTable {
  org_id: string;
  name: string;
  value: number;
}

/** An admin-managed per diem policy: daily rates per location, in one currency. */
export interface PerDiemPoliciesTable {
  policy_id: string;
  org_id: string;
  policy_name: string;
  currency_code: string;
  /** JSON array of {min_hours, max_hours, percent}: the share of the rate paid for a partial day. */
  rules: string;
  status: 'active' | 'inactive';
  created_time: string;
  last_modified_time: string;
}

export interface PerDiemRatesTable {
  policy_id: string;
  org_id: string;
  location: string;
  /** Full-day rate in the policy's currency, minor units. */
  rate: number;
}

/** 'spent' = approved + reimbursed, 'pending' = submitted, 'other' = unreported, draft, rejected. */
export type SpendBucket = 'spent' | 'pending' | 'other';

/** Live per-(org, deal, user, category, customer, month, bucket) sums, kept by triggers on expenses. */
export interface SpendRollupsTable {
  org_id: string;
  /** '' when the expense has no deal. */
  deal_id: string;
  user_id: string;
  category_id: string;
  /** '' when the expense has no customer. */
  customer_id: string;
  /** 'YYYY-MM' of the expense date. */
  month: string;
  bucket: SpendBucket;
  /** Base currency, minor units. */
  total: number;
  count: number;
}

/** Live per-(org, deal, bucket) sums, kept by the same triggers. */
export interface DealSpendTable {
  org_id: string;
  deal_id: string;
  bucket: SpendBucket;
  total: number;
  count: number;
}

/** One row per deal with spend (migration 0021); outcome = the deal's forecast_type, '' if unknown. */
export interface DealRollupsTable {
  org_id: string;
  deal_id: string;
  outcome: string;
  spent: number;
  pending: number;
  spent_count: number;
  pending_count: number;
}

/** Per (deal, expense month) spend, to count deals per month. */
export interface DealMonthRollupsTable {
  org_id: string;
  deal_id: string;
  month: string;
  spent: number;
  pending: number;
  spent_count: number;
  pending_count: number;
}

/** Per (deal, user) approved spend. */
export interface DealUserRollupsTable {
  org_id: string;
  deal_id: string;
  user_id: string;
  outcome: string;
  spent: number;
  spent_count: number;
}

/** Per (outcome, closing or expense month) totals; month '' = no closing date. */
export interface OutcomeMonthRollupsTable {
  org_id: string;
  outcome: string;
  kind: 'closing' | 'expense';
  month: string;
  spent: number;
  pending: number;
  expense_count: number;
  deal_count: number;
  spent_deal_count: number;
}

/** Per (outcome, user) approved spend, number of deals, most and least on one deal. */
export interface OutcomeUserRollupsTable {
  org_id: string;
  outcome: string;
  user_id: string;
  spent: number;
  deal_count: number;
  most_on_a_deal: number;
  least_on_a_deal: number;
}

export interface AnalyticsReportsTable {
  report_id: string;
  org_id: string;
  report_name: string;
  /** The default report it was made from, if any. */
  based_on: string | null;
  /** JSON text of the report spec. */
  spec: string;
  created_by_id: string;
  created_time: string;
  last_modified_time: string;
}

export interface AnalyticsDashboardsTable {
  dashboard_id: string;
  org_id: string;
  dashboard_name: string;
  default_key: string | null;
  /** JSON array of components. */
  components: string;
  created_time: string;
  last_modified_time: string;
}

/** A connection to Zoho CRM or Zoho People, one per (org, system). */
export interface IntegrationsTable {
  integration_id: string;
  org_id: string;
  system: 'crm' | 'people';
  /** 'pending' until the OAuth callback, then 'connected'; 'disabled' stops every sync. */
  status: 'pending' | 'connected' | 'disabled';
  /** The refresh token sealed with SECRET_KEY (AES-256-GCM); never logged, never sent to clients. */
  refresh_token: string | null;
  connected_email: string | null;
  /** The chosen CRM organisation (Select Organisation); sent as X-CRM-ORG. */
  crm_org_id: string | null;
  /** JSON: integration-wide options (customers setup, field mapping, sync modules, …). */
  settings: string;
  /** JSON: per-module state { [module]: { enabled, last_marker, last_status, … } }. */
  modules: string;
  initial_sync_time: string | null;
  /** When the daily auto-sync is next due. */
  next_sync_time: string | null;
  created_time: string;
  last_modified_time: string;
}

/** One external record ↔ one local record; every sync upsert goes through this table. */
export interface SyncLinksTable {
  org_id: string;
  system: 'crm' | 'people';
  module: string;
  external_id: string;
  local_id: string;
  external_modified_time: string | null;
  local_modified_time: string | null;
  /** JSON { field: hash } of the values both sides agreed on at the last sync (conflict detection). */
  field_hashes: string;
}

export type SyncTrigger = 'daily' | 'instant' | 'initial';

/** A unit of sync work for one (org, integration, module), claimed with a lease, checkpointed. */
export interface SyncJobsTable {
  job_id: string;
  org_id: string;
  integration_id: string;
  module: string;
  trigger: SyncTrigger;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  lease_owner: string | null;
  lease_expires: string | null;
  /** Not claimable before this time (retry backoff). */
  not_before: string;
  /** JSON: where the run stands (phase, page / page_token, modified-since marker). */
  checkpoint: string;
  attempts: number;
  run_id: string | null;
  last_error: string | null;
  created_time: string;
  updated_time: string;
}

export interface SyncRunsTable {
  run_id: string;
  org_id: string;
  integration_id: string;
  system: 'crm' | 'people';
  module: string;
  trigger: SyncTrigger;
  status: 'running' | 'completed' | 'failed';
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
}

export interface SyncFailuresTable {
  failure_id: string;
  org_id: string;
  run_id: string;
  external_id: string;
  reason: string;
  time: string;
}

/** A field changed on both sides since the last sync; the admin picks the value to keep. */
export interface SyncConflictsTable {
  conflict_id: string;
  org_id: string;
  system: 'crm' | 'people';
  module: string;
  external_id: string;
  local_id: string;
  field: string;
  local_value: string | null;
  remote_value: string | null;
  status: 'open' | 'resolved';
  resolution: 'local' | 'remote' | null;
  detected_time: string;
  resolved_time: string | null;
}

export interface NotificationsTable {
  notification_id: string;
  org_id: string;
  /** null: for every admin of the org. */
  user_id: string | null;
  kind: string;
  message: string;
  created_time: string;
  read_time: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  integrations: IntegrationsTable;
  sync_links: SyncLinksTable;
  sync_jobs: SyncJobsTable;
  sync_runs: SyncRunsTable;
  sync_failures: SyncFailuresTable;
  sync_conflicts: SyncConflictsTable;
  notifications: NotificationsTable;
  departments: DepartmentsTable;
  expense_categories: ExpenseCategoriesTable;
  currencies: CurrenciesTable;
  exchange_rates: ExchangeRatesTable;
  contacts: ContactsTable;
  deals: DealsTable;
  projects: ProjectsTable;
  expenses: ExpensesTable;
  expense_attendees: ExpenseAttendeesTable;
  files: FilesTable;
  receipts: ReceiptsTable;
  expense_reports: ExpenseReportsTable;
  approval_history: ApprovalHistoryTable;
  approval_rules: ApprovalRulesTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  counters: CounterTable;
  per_diem_policies: PerDiemPoliciesTable;
  per_diem_rates: PerDiemRatesTable;
  spend_rollups: SpendRollupsTable;
  deal_spend: DealSpendTable;
  deal_rollups: DealRollupsTable;
  deal_month_rollups: DealMonthRollupsTable;
  deal_user_rollups: DealUserRollupsTable;
  outcome_month_rollups: OutcomeMonthRollupsTable;
  outcome_user_rollups: OutcomeUserRollupsTable;
  analytics_reports: AnalyticsReportsTable;
  analytics_dashboards: AnalyticsDashboardsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type CategoryRow = Selectable<ExpenseCategoriesTable>;
export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type DealRow = Selectable<DealsTable>;
export type NewDeal = Insertable<DealsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type ExpenseRow = Selectable<ExpensesTable>;
export type NewExpense = Insertable<ExpensesTable>;
export type ExpenseUpdate = Updateable<ExpensesTable>;
export type ReceiptRow = Selectable<ReceiptsTable>;
export type ReportRow = Selectable<ExpenseReportsTable>;
export type NewReport = Insertable<ExpenseReportsTable>;
export type ReportUpdate = Updateable<ExpenseReportsTable>;
export type ApprovalHistoryRow = Selectable<ApprovalHistoryTable>;
export type ApprovalRuleRow = Selectable<ApprovalRulesTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type PerDiemPolicyRow = Selectable<PerDiemPoliciesTable>;
export type PerDiemRateRow = Selectable<PerDiemRatesTable>;
export type IntegrationRow = Selectable<IntegrationsTable>;
export type SyncLinkRow = Selectable<SyncLinksTable>;
export type SyncJobRow = Selectable<SyncJobsTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;
export type SyncConflictRow = Selectable<SyncConflictsTable>;
