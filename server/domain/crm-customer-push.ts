/**
 * Two-way customer sync, the push side: which Zoho CRM fields carry a DealSpend customer's edits,
 * and what the agreed values (the base of the next field-by-field merge, sync-conflicts.ts)
 * become once CRM took them. Pure; the sync step reads and writes.
 *
 * A customer's sync values are keyed by DealSpend field (customerSyncFields): every target of the
 * field map, its name (contact_name) and company (company_name), and for a contact its account
 * (account_id, the local id of the account's customer). Their CRM counterparts:
 * - a mapped field: the CRM field it is mapped from, when CRM lets a push write it (writableKind);
 * - contact_name, when no such field carries it: an account's Account_Name; a contact's First_Name
 *   and Last_Name (split at the last space), unless an edit of first_name or last_name already
 *   sends those;
 * - an account's company_name, likewise Account_Name, when contact_name does not already send it
 *   (CRM has one name for an account: the next pull gives it to both);
 * - account_id: the contact's Account_Name lookup, as `{ id }` of the account's CRM record.
 * A contact's company_name has none (CRM shows its account's name there): an edit of it stays in
 * DealSpend until CRM changes the account.
 *
 * Only the fields changed since the agreed values are sent for a customer CRM has, so a field
 * changed in CRM meanwhile is not overwritten with DealSpend's older value; a new customer sends all.
 * After a successful write the agreed value of each field sent becomes DealSpend's; the others keep
 * theirs, so what CRM now shows for them (say a first name split off a new contact_name) reaches
 * DealSpend through the next pull as a change made in CRM.
 */
import { type CrmValueKind, toCrmValue } from './crm-field-values.js';
import { hashValue } from './sync-conflicts.js';
import type { FieldMap } from './sync-mapping.js';

type CustomerModule = 'Accounts' | 'Contacts';
type Values = Readonly<Record<string, string | null>>;

/** The DealSpend fields two-way sync compares for a customer of `module`. */
export function customerSyncFields(module: CustomerModule, map: FieldMap): string[] {
  const fields = new Set([...Object.values(map), 'contact_name', 'company_name']);
  if (module === 'Contacts') fields.add('account_id');
  return [...fields];
}

/**
 * The fields whose value differs from the agreed one. A field without an agreed value (a link
 * written before it was compared) counts as unchanged, as mergeFields treats it.
 */
export function changedFields(agreed: Readonly<Record<string, string>>, local: Values): Set<string> {
  const out = new Set<string>();
  for (const [field, value] of Object.entries(local)) {
    const base = agreed[field];
    if (base !== undefined && hashValue(value) !== base) out.add(field);
  }
  return out;
}

/** The agreed values once CRM took `sent`: theirs become DealSpend's, the others stay. */
export function agreedAfterPush(
  agreed: Readonly<Record<string, string>>,
  local: Values,
  sent: Iterable<string>,
): Record<string, string> {
  const out = { ...agreed };
  for (const field of sent) out[field] = hashValue(local[field] ?? null);
  return out;
}

export interface CustomerPushInput {
  module: CustomerModule;
  map: FieldMap;
  /** CRM fields a push may write, by API name, with the kind of value each takes. */
  writable: ReadonlyMap<string, CrmValueKind>;
  /** The customer's sync values now. */
  local: Values;
  /** The fields to send: those changed since the agreed values, or every one for a new customer. */
  send: ReadonlySet<string> | 'all';
  /** A contact's account as CRM knows it: its record id, null for none, undefined when not in CRM yet. */
  accountCrmId?: string | null | undefined;
}

export type CustomerPushPlan =
  | {
      ok: true;
      /** The CRM record's fields to write (without `id`); empty when nothing is to be sent. */
      record: Record<string, unknown>;
      /** DealSpend fields whose own value the record carries. */
      sent: string[];
      /** Fields to send that cannot be yet (a contact's account that is not in CRM). */
      waiting: string[];
    }
  | { ok: false; field: string; crmField: string; value: string | null; expected: string };

/** What to write to CRM for one customer; see the module comment for which field goes where. */
export function planCustomerPush(p: CustomerPushInput): CustomerPushPlan {
  const record: Record<string, unknown> = {};
  const sent = new Set<string>();
  const waiting: string[] = [];
  const wanted = (field: string) => p.send === 'all' || p.send.has(field);
  /** DealSpend fields a writable mapped CRM field carries. */
  const carried = new Set<string>();
  for (const [crmField, target] of Object.entries(p.map)) {
    const kind = p.writable.get(crmField);
    if (!kind) continue;
    carried.add(target);
    if (!wanted(target)) continue;
    const value = p.local[target] ?? null;
    const converted = toCrmValue(kind, value);
    if (!converted.ok) return { ok: false, field: target, crmField, value, expected: converted.expected };
    record[crmField] = converted.value;
    sent.add(target);
  }
  const name = p.local.contact_name ?? null;
  if (p.module === 'Accounts') {
    if (record.Account_Name === undefined) {
      const field = ['contact_name', 'company_name'].find((f) => !carried.has(f) && wanted(f) && p.local[f]);
      if (field) {
        record.Account_Name = p.local[field];
        sent.add(field);
      }
    }
    return { ok: true, record, sent: [...sent], waiting };
  }
  if (
    name &&
    !carried.has('contact_name') &&
    wanted('contact_name') &&
    record.First_Name === undefined &&
    record.Last_Name === undefined
  ) {
    Object.assign(record, splitName(name));
    sent.add('contact_name');
  }
  // Last_Name is mandatory in CRM: a new contact without one takes it from its name.
  if (p.send === 'all' && !record.Last_Name && name) {
    const split = splitName(name);
    record.Last_Name = split.Last_Name;
    if (!record.First_Name) record.First_Name = split.First_Name;
  }
  if (wanted('account_id')) {
    if (p.accountCrmId === undefined) waiting.push('account_id');
    else {
      record.Account_Name = p.accountCrmId === null ? null : { id: p.accountCrmId };
      sent.add('account_id');
    }
  }
  return { ok: true, record, sent: [...sent], waiting };
}

/**
 * A person's name as CRM's First_Name and Last_Name: the last word is the last name.
 * @example splitName('Mary Ann Lee') // { First_Name: 'Mary Ann', Last_Name: 'Lee' }
 */
export function splitName(name: string): { First_Name: string | null; Last_Name: string } {
  const words = name.trim().split(/\s+/);
  const last = words.pop() ?? name;
  return { First_Name: words.length > 0 ? words.join(' ') : null, Last_Name: last };
}
