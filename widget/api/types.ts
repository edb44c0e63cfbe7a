/**
 * Response shapes of the DealSpend server, for the widget. Types only (`import type`): nothing from
 * the server's TypeBox schemas reaches the bundle. Until a module's `schemas.ts` exists, the minimal
 * shape the widget reads is declared here with the Zoho Expense field names; swap each for a
 * re-export as the server's schema lands.
 */
export type { Organization } from '../../server/modules/organizations/schemas.js';
export type { User } from '../../server/modules/users/schemas.js';

export interface Envelope {
  code: number;
  message: string;
}

export interface PageContext {
  page: number;
  per_page: number;
  has_more_page: boolean;
  total?: number;
}

export interface ListEnvelope extends Envelope {
  page_context: PageContext;
}

export type ExpenseStatus =
  | 'unreported'
  | 'unsubmitted'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'reimbursed';
export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'recalled' | 'reimbursed';

export interface ExpenseReceipt {
  receipt_id: string;
  file_name: string;
  file_type?: string;
  file_size?: number;
}

export interface Expense {
  expense_id: string;
  date: string;
  category_id: string;
  category_name?: string;
  amount: string;
  currency_code: string;
  /** The amount in the org's base currency. */
  total?: string;
  merchant_name?: string;
  description?: string;
  reference_number?: string;
  is_reimbursable: boolean;
  is_billable: boolean;
  customer_id?: string | null;
  customer_name?: string | null;
  deal_id?: string | null;
  deal_name?: string | null;
  project_id?: string | null;
  report_id?: string | null;
  report_name?: string | null;
  status: ExpenseStatus;
  user_id?: string;
  user_name?: string;
  receipts?: ExpenseReceipt[];
  created_time?: string;
  last_modified_time: string;
}

export interface ExpenseReport {
  report_id: string;
  report_name: string;
  report_number?: string;
  business_purpose?: string;
  start_date?: string;
  end_date?: string;
  customer_id?: string | null;
  customer_name?: string | null;
  deal_id?: string | null;
  status: ReportStatus;
  /** In the org's base currency. */
  total: string;
  currency_code: string;
  user_id?: string;
  user_name?: string;
  approver_id?: string | null;
  approver_name?: string | null;
  submitted_date?: string | null;
  created_time?: string;
  last_modified_time: string;
}

export interface Customer {
  contact_id: string;
  contact_name: string;
  customer_type: 'business' | 'individual';
  /** For an individual: the business customer (CRM account) it belongs to. */
  parent_contact_id?: string | null;
  crm_id?: string | null;
}

export interface Deal {
  deal_id: string;
  deal_name: string;
  stage?: string;
  amount?: string;
  currency_code?: string;
  closing_date?: string | null;
  customer_id?: string | null;
  contact_id?: string | null;
  owner_id?: string | null;
  crm_id?: string | null;
}

export interface ExpenseCategory {
  category_id: string;
  category_name: string;
  is_enabled?: boolean;
}

export interface Currency {
  currency_id?: string;
  currency_code: string;
  currency_name?: string;
  price_precision?: number;
  is_base_currency?: boolean;
}

export interface ExpenseList extends ListEnvelope {
  expenses: Expense[];
}
export interface ExpenseReportList extends ListEnvelope {
  expense_reports: ExpenseReport[];
}
export interface CustomerList extends ListEnvelope {
  contacts: Customer[];
}
export interface DealEnvelope extends Envelope {
  deal: Deal;
}

/** Per-item outcome of `POST /expenses/bulkdelete`. */
export interface BulkDeleteResult {
  expense_id: string;
  code: number;
  message: string;
}
export interface BulkDeleteEnvelope extends Envelope {
  results: BulkDeleteResult[];
}

export interface AuthConfig extends Envelope {
  accounts_url: string;
  client_id: string;
  scope: string;
}
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  api_domain?: string;
  token_type: string;
}
