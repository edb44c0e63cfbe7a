/**
 * The three CRM modules the sandbox serves, with the field metadata GET /settings/fields returns
 * (shape from zoho/crm-oas v8.0 fields.json: api_name, display_label, data_type, json_type,
 * lookup, pick_list_values, ...). The same metadata validates writes.
 */
import { DEAL_STAGES } from '../data/seed.js';

export type ModuleName = 'Accounts' | 'Contacts' | 'Deals';
export const MODULE_NAMES: readonly ModuleName[] = ['Accounts', 'Contacts', 'Deals'];

export type FieldType =
  | 'text'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'boolean'
  | 'currency'
  | 'double'
  | 'integer'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup'
  | 'bigint';

export interface FieldMeta {
  api_name: string;
  label: string;
  type: FieldType;
  /** Module a lookup points to. */
  lookup?: ModuleName;
  mandatory?: boolean;
  readOnly?: boolean;
  custom?: boolean;
  /** "Do not allow duplicate values": an insert with an existing value is DUPLICATE_DATA. */
  unique?: boolean;
  picklist?: readonly string[];
}

export interface ModuleMeta {
  api_name: ModuleName;
  id: string;
  singular: string;
  /** The field that names a record (lookups show it as `name`). */
  nameField: string;
  /** Upsert's default duplicate check (Kaizen #56: Contacts Email, Accounts Account_Name, Deals Deal_Name). */
  defaultDuplicateCheck: string[];
  fields: FieldMeta[];
}

const COMMON: FieldMeta[] = [
  { api_name: 'Owner', label: 'Owner', type: 'ownerlookup' },
  { api_name: 'Currency', label: 'Currency', type: 'picklist', picklist: ['USD', 'EUR'] },
  { api_name: 'Exchange_Rate', label: 'Exchange Rate', type: 'double' },
  { api_name: 'Created_Time', label: 'Created Time', type: 'datetime', readOnly: true },
  { api_name: 'Modified_Time', label: 'Modified Time', type: 'datetime', readOnly: true },
  { api_name: 'id', label: 'Record Id', type: 'bigint', readOnly: true },
];

export const MODULES: Record<ModuleName, ModuleMeta> = {
  Accounts: {
    api_name: 'Accounts',
    id: '4876876000000002177',
    singular: 'Account',
    nameField: 'Account_Name',
    defaultDuplicateCheck: ['Account_Name'],
    fields: [
      { api_name: 'Account_Name', label: 'Account Name', type: 'text', mandatory: true, unique: true },
      { api_name: 'Phone', label: 'Phone', type: 'phone' },
      { api_name: 'Website', label: 'Website', type: 'website' },
      { api_name: 'Industry', label: 'Industry', type: 'text' },
      {
        api_name: 'Account_Type',
        label: 'Account Type',
        type: 'picklist',
        picklist: ['Customer', 'Prospect', 'Partner'],
      },
      { api_name: 'Billing_City', label: 'Billing City', type: 'text' },
      { api_name: 'Billing_Country', label: 'Billing Country', type: 'text' },
      { api_name: 'Zoho_Expense', label: 'Zoho Expense', type: 'boolean', custom: true },
      ...COMMON,
      // Standard fields of other types (listed last, so the ids of the fields above stay as they were).
      { api_name: 'Employees', label: 'Employees', type: 'integer' },
      { api_name: 'Annual_Revenue', label: 'Annual Revenue', type: 'currency' },
    ],
  },
  Contacts: {
    api_name: 'Contacts',
    id: '4876876000000002179',
    singular: 'Contact',
    nameField: 'Full_Name',
    defaultDuplicateCheck: ['Email'],
    fields: [
      { api_name: 'First_Name', label: 'First Name', type: 'text' },
      { api_name: 'Last_Name', label: 'Last Name', type: 'text', mandatory: true },
      { api_name: 'Full_Name', label: 'Full Name', type: 'text', readOnly: true },
      { api_name: 'Email', label: 'Email', type: 'email', unique: true },
      { api_name: 'Phone', label: 'Phone', type: 'phone' },
      { api_name: 'Title', label: 'Title', type: 'text' },
      { api_name: 'Account_Name', label: 'Account Name', type: 'lookup', lookup: 'Accounts' },
      { api_name: 'Mailing_City', label: 'Mailing City', type: 'text' },
      { api_name: 'Zoho_Expense', label: 'Zoho Expense', type: 'boolean', custom: true },
      ...COMMON,
      { api_name: 'Date_of_Birth', label: 'Date of Birth', type: 'date' },
    ],
  },
  Deals: {
    api_name: 'Deals',
    id: '4876876000000002181',
    singular: 'Deal',
    nameField: 'Deal_Name',
    defaultDuplicateCheck: ['Deal_Name'],
    fields: [
      { api_name: 'Deal_Name', label: 'Deal Name', type: 'text', mandatory: true },
      { api_name: 'Account_Name', label: 'Account Name', type: 'lookup', lookup: 'Accounts' },
      { api_name: 'Contact_Name', label: 'Contact Name', type: 'lookup', lookup: 'Contacts' },
      {
        api_name: 'Stage',
        label: 'Stage',
        type: 'picklist',
        mandatory: true,
        picklist: DEAL_STAGES.map((s) => s.value),
      },
      { api_name: 'Probability', label: 'Probability (%)', type: 'integer' },
      { api_name: 'Amount', label: 'Amount', type: 'currency' },
      { api_name: 'Closing_Date', label: 'Closing Date', type: 'date', mandatory: true },
      { api_name: 'Pipeline', label: 'Pipeline', type: 'picklist', picklist: ['Standard (Standard)'] },
      { api_name: 'Type', label: 'Type', type: 'picklist', picklist: ['New Business', 'Existing Business'] },
      {
        api_name: 'Lead_Source',
        label: 'Lead Source',
        type: 'picklist',
        picklist: [
          'Advertisement',
          'Cold Call',
          'Employee Referral',
          'Partner',
          'Web Download',
          'Trade Show',
        ],
      },
      ...COMMON,
    ],
  },
};

/** Zoho module API names are matched case-insensitively. */
export function resolveModule(name: string): ModuleName | undefined {
  const lower = name.toLowerCase();
  return MODULE_NAMES.find((m) => m.toLowerCase() === lower);
}

export function fieldOf(module: ModuleName, apiName: string): FieldMeta | undefined {
  return MODULES[module].fields.find((f) => f.api_name === apiName);
}

/**
 * The `length` GET /settings/fields reports for a field, which writes also enforce on text values:
 * single-line text, email and URL 255 characters, phone 30 (Zoho CRM's phone fields).
 */
export function fieldLength(f: FieldMeta): number {
  if (f.type === 'text' || f.type === 'email' || f.type === 'website') return 255;
  if (f.type === 'phone') return 30;
  return f.type === 'boolean' ? 5 : 16;
}
