/**
 * Request bodies the expense views send, in Zoho Expense's field names. Response shapes come from
 * `widget/api/types.ts`; only what the shell's types do not cover is declared here.
 */

/** An attendee is one of the org's users or a customer contact. */
export interface Attendee {
  user_id?: string;
  contact_id?: string;
  name?: string;
}

/** What the expense form sends to POST/PUT /expenses. */
export interface ExpenseInput {
  date: string;
  category_id: string;
  amount: number;
  currency_code: string;
  merchant_name?: string;
  description?: string;
  reference_number?: string;
  is_reimbursable: boolean;
  is_billable: boolean;
  customer_id?: string | null;
  deal_id?: string | null;
  report_id?: string;
  attendees?: Attendee[];
  last_modified_time?: string;
}

/** "Add to Report": an existing draft report, a new one by name, or none. */
export type ReportChoice =
  | { kind: 'none' }
  | { kind: 'existing'; report_id: string }
  | { kind: 'new'; report_name: string };
