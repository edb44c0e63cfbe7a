/**
 * Local writes for synced customers (the contacts table): create, update, merge duplicates into
 * one, and what happens when the source record is deleted.
 */
import type { ContactRow } from '../../db/schema.js';
import type { Db } from '../links.js';

export const CUSTOMER_COLUMNS = [
  'contact_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'company_name',
] as const;
type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

export interface CustomerColumns {
  contact_name?: string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  company_name?: string | null;
  custom_fields: string;
}

/** The mapped values of a local customer, in the same shape the mapping produces. */
export function customerValues(row: ContactRow, fieldKeys: readonly string[]): Record<string, string | null> {
  const custom = parseCustom(row.custom_fields);
  const out: Record<string, string | null> = {};
  for (const k of fieldKeys) {
    if (k.startsWith('custom:')) out[k] = custom[k.slice(7)] ?? null;
    else if ((CUSTOMER_COLUMNS as readonly string[]).includes(k)) out[k] = row[k as CustomerColumn];
  }
  return out;
}

export function parseCustom(json: string): Record<string, string | null> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string | null>) : {};
  } catch {
    return {};
  }
}

/** Column values (and the merged custom-fields JSON) for a contacts row from mapped values. */
export function customerColumns(
  values: Readonly<Record<string, string | null>>,
  existingCustom: string,
): CustomerColumns {
  const cols: Record<string, string | null> = {};
  const custom = parseCustom(existingCustom);
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith('custom:')) custom[k.slice(7)] = v;
    else if ((CUSTOMER_COLUMNS as readonly string[]).includes(k)) cols[k] = v;
  }
  // A customer always keeps a name: an empty mapped name leaves the current one.
  if (cols.contact_name === null) delete cols.contact_name;
  return { ...(cols as Omit<CustomerColumns, 'custom_fields'>), custom_fields: JSON.stringify(custom) };
}

/** Repoints everything that refers to `fromIds` at `toId`, then deletes the merged rows. */
export async function mergeCustomers(
  db: Db,
  orgId: string,
  toId: string,
  fromIds: readonly string[],
): Promise<void> {
  if (fromIds.length === 0) return;
  const ids = [...fromIds];
  await db
    .updateTable('expenses')
    .set({ customer_id: toId })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', ids)
    .execute();
  await db
    .updateTable('expense_reports')
    .set({ customer_id: toId })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', ids)
    .execute();
  await db
    .updateTable('projects')
    .set({ customer_id: toId })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', ids)
    .execute();
  await db
    .updateTable('deals')
    .set({ account_id: toId })
    .where('org_id', '=', orgId)
    .where('account_id', 'in', ids)
    .execute();
  await db
    .updateTable('deals')
    .set({ contact_id: toId })
    .where('org_id', '=', orgId)
    .where('contact_id', 'in', ids)
    .execute();
  await db
    .updateTable('contacts')
    .set({ account_id: toId })
    .where('org_id', '=', orgId)
    .where('account_id', 'in', ids)
    .execute();
  await db
    .updateTable('sync_links')
    .set({ local_id: toId })
    .where('org_id', '=', orgId)
    .where('local_id', 'in', ids)
    .execute();
  await db.deleteFrom('contacts').where('org_id', '=', orgId).where('contact_id', 'in', ids).execute();
}

/** Whether customers are used by transactions (expenses or reports): such customers are kept. */
export async function customersInUse(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  const used = new Set<string>();
  if (ids.length === 0) return used;
  const a = await db
    .selectFrom('expenses')
    .select('customer_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...ids])
    .execute();
  const b = await db
    .selectFrom('expense_reports')
    .select('customer_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...ids])
    .execute();
  for (const r of [...a, ...b]) if (r.customer_id) used.add(r.customer_id);
  return used;
}

/**
 * The source record is gone: a customer with transactions becomes inactive (its history must
 * survive), any other is deleted.
 */
export async function retireCustomers(
  db: Db,
  orgId: string,
  ids: readonly string[],
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  const used = await customersInUse(db, orgId, ids);
  const keep = ids.filter((id) => used.has(id));
  const drop = ids.filter((id) => !used.has(id));
  if (keep.length) {
    await db
      .updateTable('contacts')
      .set({ status: 'inactive', last_modified_time: now })
      .where('org_id', '=', orgId)
      .where('contact_id', 'in', keep)
      .execute();
  }
  if (drop.length) {
    await db
      .updateTable('contacts')
      .set({ account_id: null })
      .where('org_id', '=', orgId)
      .where('account_id', 'in', drop)
      .execute();
    await db
      .updateTable('deals')
      .set({ account_id: null })
      .where('org_id', '=', orgId)
      .where('account_id', 'in', drop)
      .execute();
    await db
      .updateTable('deals')
      .set({ contact_id: null })
      .where('org_id', '=', orgId)
      .where('contact_id', 'in', drop)
      .execute();
    await db
      .updateTable('projects')
      .set({ customer_id: null })
      .where('org_id', '=', orgId)
      .where('customer_id', 'in', drop)
      .execute();
    await db.deleteFrom('contacts').where('org_id', '=', orgId).where('contact_id', 'in', drop).execute();
  }
}
