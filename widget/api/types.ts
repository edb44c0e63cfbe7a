/**
 * Response shapes of the DealSpend server, for the widget. Types only (`import type`): nothing from
 * the server's TypeBox schemas reaches the bundle. Until a module's `schemas.ts` exists, the minimal
 * shape the widget reads is declared here with the Zoho Expense field names; swap each for a
 * re-export as the server's schema lands.
 */

export type { Contact } from '../../server/modules/contacts/schemas.js';
export type { Deal } from '../../server/modules/deals/schemas.js';
export type { Report as ExpenseReport } from '../../server/modules/expense-reports/schemas.js';
export type { Expense, ItemResult } from '../../server/modules/expenses/schemas.js';
export type { Organization } from '../../server/modules/organizations/schemas.js';
export type { User } from '../../server/modules/users/schemas.js';

import type { Deal } from '../../server/modules/deals/schemas.js';
import type { Report as ExpenseReport } from '../../server/modules/expense-reports/schemas.js';
import type { Expense, ItemResult } from '../../server/modules/expenses/schemas.js';

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

export interface Customer {
  contact_id: string;
  contact_name: string;
  customer_type: 'business' | 'individual';
  /** For an individual: the business customer (CRM account) it belongs to. */
  parent_contact_id?: string | null;
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

/** One outcome of a bulk action (delete, add to report). */
export type BulkDeleteResult = ItemResult;

/** Per-item outcomes of `POST /expenses/bulkdelete`. */
export interface BulkDeleteEnvelope extends Envelope {
  results: ItemResult[];
}
/** `POST /expenses/addtoreport`. */
export interface AddToReportEnvelope extends Envelope {
  report_id: string;
  results: ItemResult[];
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
