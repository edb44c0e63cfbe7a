/**
 * The customer fields sync maps and merges, named as the admin knows them. Conflicts keep a field
 * by its key (`email`, `account_id`, `custom:Region`); the Settings screens show these names
 * instead, and the key only for support.
 */
import type { FieldMap } from './sync-mapping.js';

/** DealSpend's labels for its built-in customer fields (a contact's account included). */
export const CUSTOMER_FIELD_LABELS: Readonly<Record<string, string>> = {
  contact_name: 'Customer name',
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company_name: 'Company name',
  account_id: 'Account',
};

/** What names a custom field: the org's definitions, the saved mapping and CRM's field labels. */
export interface CustomFieldNames {
  /** The org's DealSpend custom fields, by name (the part of `custom:<name>` after the colon). */
  defined: ReadonlySet<string>;
  /** The saved mapping of the record's CRM module: CRM field API name → DealSpend field. */
  fieldMap: FieldMap;
  /** CRM field API name → the field's label in Zoho CRM, for those known. */
  crmLabels: ReadonlyMap<string, string>;
}

/** The CRM fields the saved mapping sends to `field`, in the mapping's order. */
export function crmFieldsMappedTo(field: string, fieldMap: FieldMap): string[] {
  return Object.keys(fieldMap).filter((crmField) => fieldMap[crmField] === field);
}

/**
 * A custom field the org no longer defines is named by the CRM field mapped to it, which is what
 * the admin picked it by in Field mapping.
 */
export function needsCrmLabel(field: string, names: Pick<CustomFieldNames, 'defined'>): boolean {
  return field.startsWith('custom:') && !names.defined.has(field.slice(7));
}

/**
 * The label of a customer field: DealSpend's for a built-in one; for a custom field its name in
 * DealSpend, or, when the org does not define it, the CRM label of the field mapped to it (its name
 * when neither is known); any other key in words.
 * @example customerFieldLabel('account_id', names) // 'Account'
 */
export function customerFieldLabel(field: string, names: CustomFieldNames): string {
  // Own keys only: a key such as `constructor` is no built-in field.
  if (Object.hasOwn(CUSTOMER_FIELD_LABELS, field)) return CUSTOMER_FIELD_LABELS[field]!;
  if (field.startsWith('custom:')) {
    const name = field.slice(7);
    if (names.defined.has(name)) return name;
    for (const crmField of crmFieldsMappedTo(field, names.fieldMap)) {
      const label = names.crmLabels.get(crmField);
      if (label) return label;
    }
    return name || field;
  }
  const words = field.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
