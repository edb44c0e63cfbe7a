/**
 * Local writes for synced customers (the contacts table): create, update, merge duplicates into
 * one (with everything that refers to them, expense attendees included), and what happens when the
 * source record is deleted.
 */
import { CompiledQuery, type ExpressionBuilder } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { ContactRow, Database, SyncLinkRow } from '../../db/schema.js';
import type { AuditChanges } from '../../domain/audit-chain.js';
import { type CrmValueKind, type CustomValue, pulledValue } from '../../domain/crm-field-values.js';
import { customerNameKey } from '../../domain/sync-duplicates.js';
import { nextModifiedTime } from '../../http/if-match.js';
import type { Clock } from '../../ids.js';
import { appendAudit } from '../../modules/audit/service.js';
import { customersInUse } from '../../modules/contacts/customer-usage.js';
import { type Cell, insertRows, param, type RowShape, updateRows } from '../bulk-rows.js';
import { type Db, linkPairs, linksOfPairs } from '../links.js';

export const CUSTOMER_COLUMNS = [
  'contact_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'company_name',
] as const;
type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];
const IS_COLUMN: ReadonlySet<string> = new Set(CUSTOMER_COLUMNS);

export interface CustomerColumns {
  contact_name?: string;
  /** A contact's account (the local id of a business customer); two-way sync merges it like a field. */
  account_id?: string | null;
  /** customerNameKey(contact_name), present exactly when contact_name is. */
  name_key?: string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  company_name?: string | null;
  custom_fields: string;
}

/**
 * The mapped values of a local customer, in the same shape the mapping produces: text or null. A
 * custom field set through the API may hold a number or a boolean; it is compared as the text the
 * mapping makes of CRM's value (12.5 → "12.5", true → "true"), so an edit of it is noticed.
 */
export function customerValues(row: ContactRow, fieldKeys: readonly string[]): Record<string, string | null> {
  const custom = parseCustom(row.custom_fields);
  const out: Record<string, string | null> = {};
  for (const k of fieldKeys) {
    if (k.startsWith('custom:')) {
      const v: unknown = custom[k.slice(7)];
      out[k] = v === null || v === undefined ? null : String(v);
    } else if (IS_COLUMN.has(k)) out[k] = row[k as CustomerColumn];
    else if (k === 'account_id') out[k] = row.account_id;
  }
  return out;
}

export function parseCustom(json: string): Record<string, CustomValue> {
  if (json === '{}') return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, CustomValue>) : {};
  } catch {
    return {};
  }
}

/**
 * Column values (and the merged custom-fields JSON) for a contacts row from mapped values. A custom
 * value whose text is what the customer holds keeps its stored JSON value (12.5 stays a number,
 * not "12.5": nobody changed it); another takes the type of its CRM field, `kinds` by DealSpend
 * field (pulledValue), and is text when the field's type is not known.
 */
export function customerColumns(
  values: Readonly<Record<string, string | null>>,
  existingCustom: string,
  kinds?: ReadonlyMap<string, CrmValueKind>,
): CustomerColumns {
  const cols: Record<string, string | null> = {};
  let custom: Record<string, CustomValue> | undefined;
  for (const k in values) {
    const v = values[k] ?? null;
    if (IS_COLUMN.has(k) || k === 'account_id') cols[k] = v;
    else if (k.startsWith('custom:')) {
      custom ??= parseCustom(existingCustom);
      const label = k.slice(7);
      const held = custom[label];
      if (held === null || held === undefined || String(held) !== v) {
        custom[label] = pulledValue(kinds?.get(k), v);
      }
    }
  }
  // A customer always keeps a name: an empty mapped name leaves the current one.
  if (cols.contact_name === null) delete cols.contact_name;
  else if (cols.contact_name !== undefined) cols.name_key = customerNameKey(cols.contact_name);
  cols.custom_fields = custom ? JSON.stringify(custom) : existingCustom;
  return cols as unknown as CustomerColumns;
}

/**
 * The customer's name is one of `names` as duplicateKey compares names (case, Unicode forms and
 * spaces aside): its stored name_key is one of theirs, served by the index contacts_org_name_key.
 * @example db.selectFrom('contacts').where('org_id', '=', orgId).where(nameMatches(['ACME  Corp']))
 */
export function nameMatches(names: readonly string[]) {
  const keys = [...new Set(names.map(customerNameKey))];
  return (eb: ExpressionBuilder<Database, 'contacts'>) =>
    keys.length > 0 ? eb('name_key', 'in', keys) : eb.lit(false);
}

/** A link of the customers module with the customer it points to (undefined if that is gone). */
export interface LinkedCustomer {
  link: SyncLinkRow;
  local: ContactRow | undefined;
}

export type CustomerLinkModule = 'accounts' | 'contacts';

const LINK_FIELDS = [
  'module',
  'external_id',
  'local_id',
  'external_modified_time',
  'local_modified_time',
  'field_hashes',
] as const;

/**
 * The links of a page's records in the customer modules in one statement, each link of module
 * `withCustomers` with the customer it points to: e.g. a page of contacts with their links and
 * customers, and the links of the accounts they belong to (an account's row is not needed).
 * @returns per module, external id → link and customer.
 */
export async function linkedCustomers(
  db: Db,
  orgId: string,
  lookups: Readonly<Partial<Record<CustomerLinkModule, Iterable<string | null>>>>,
  withCustomers: CustomerLinkModule,
): Promise<Record<CustomerLinkModule, Map<string, LinkedCustomer>>> {
  const out = { accounts: new Map<string, LinkedCustomer>(), contacts: new Map<string, LinkedCustomer>() };
  const pairs = Object.entries(lookups).flatMap(([module, ids]) => linkPairs(module, ids ?? []));
  if (pairs.length === 0) return out;
  const dialect = dialectOf(db);
  const { rows } = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(
      `SELECT ${LINK_FIELDS.map((f) => `l.${f} AS link_${f}`).join(', ')}, c.*
       FROM ${linksOfPairs(dialect)}
       LEFT JOIN contacts c ON l.module = ${param(dialect, 4)}
         AND c.org_id = l.org_id AND c.contact_id = l.local_id`,
      [orgId, 'crm', JSON.stringify(pairs), withCustomers],
    ),
  );
  for (const row of rows) {
    const link = { org_id: orgId, system: 'crm' } as Record<string, unknown>;
    for (const f of LINK_FIELDS) {
      link[f] = row[`link_${f}`];
      delete row[`link_${f}`];
    }
    out[link.module as CustomerLinkModule]?.set(link.external_id as string, {
      link: link as unknown as SyncLinkRow,
      local: row.contact_id ? (row as unknown as ContactRow) : undefined,
    });
  }
  return out;
}

/** A new synced customer, in the column order of the page's one insert. */
const NEW_CUSTOMER: RowShape = {
  table: 'contacts',
  columns: [
    'contact_id',
    'org_id',
    'contact_name',
    'name_key',
    'customer_sub_type',
    'first_name',
    'last_name',
    'email',
    'phone',
    'company_name',
    'account_id',
    'status',
    'custom_fields',
    'created_time',
    'last_modified_time',
  ],
};

export interface NewCustomer {
  contact_id: string;
  contact_name: string;
  customer_sub_type: 'business' | 'individual';
  cols: CustomerColumns;
  account_id: string | null;
}

/**
 * One page's customer writes, collected and then written set-based: one insert for the new
 * customers and one update per set of changed columns (a page has one, as its records share a
 * field map). An update of a customer already queued replaces the queued one, as running them in
 * order would.
 */
export function createCustomerBatch(orgId: string, now: string) {
  let inserts: Cell[][] = [];
  let updates = new Map<string, Record<string, Cell>>();
  return {
    insert(c: NewCustomer): void {
      inserts.push([
        c.contact_id,
        orgId,
        c.contact_name,
        // customerColumns has the key of a mapped name already.
        c.cols.contact_name === c.contact_name && c.cols.name_key !== undefined
          ? c.cols.name_key
          : customerNameKey(c.contact_name),
        c.customer_sub_type,
        c.cols.first_name ?? null,
        c.cols.last_name ?? null,
        c.cols.email ?? null,
        c.cols.phone ?? null,
        c.cols.company_name ?? null,
        c.account_id,
        'active',
        c.cols.custom_fields,
        now,
        now,
      ]);
    },
    /** Sets `set` (and status active, modified now) on an existing customer. */
    update(contactId: string, set: Readonly<Record<string, Cell>>): void {
      updates.set(contactId, { ...set, status: 'active', last_modified_time: now });
    },
    async flush(db: Db): Promise<void> {
      const rows = inserts;
      const changed = updates;
      inserts = [];
      updates = new Map();
      await insertRows(db, NEW_CUSTOMER, rows);
      const groups = new Map<string, Cell[][]>();
      for (const [id, set] of changed) {
        const columns = Object.keys(set);
        const key = columns.join(',');
        const group = groups.get(key) ?? [];
        group.push([orgId, id, ...columns.map((c) => set[c] ?? null)]);
        groups.set(key, group);
      }
      for (const [key, group] of groups) {
        const shape = { table: 'contacts', columns: ['org_id', 'contact_id', ...key.split(',')] };
        await updateRows(db, shape, ['org_id', 'contact_id'], group);
      }
    },
  };
}

/** Who merged: the audit log's actor for what the merge changes, and the clock of its versions. */
export interface MergeContext {
  clock: Clock;
  /** An audit actor id such as CRM_SYNC_ACTOR. */
  actorId: string;
}

/**
 * Repoints everything that refers to `fromIds` at `toId`, then deletes the merged rows. Expenses
 * (as customer or attendee) and reports that change get a new last_modified_time, so a client
 * holding the old version gets 409; as for any edit of an expense, its report's version moves too.
 * Those whose report was submitted get an audit entry each (see auditMerge). Open and resolved
 * conflicts of a merged customer follow it.
 */
export async function mergeCustomers(
  db: Db,
  orgId: string,
  toId: string,
  fromIds: readonly string[],
  ctx: MergeContext,
): Promise<void> {
  if (fromIds.length === 0) return;
  const ids = [...fromIds];
  const now = ctx.clock();
  await repointExpenses(db, orgId, toId, ids, now, ctx);
  await repointReports(db, orgId, toId, ids, now, ctx);
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
  await db
    .updateTable('sync_conflicts')
    .set({ local_id: toId })
    .where('org_id', '=', orgId)
    .where('local_id', 'in', ids)
    .execute();
  await db.deleteFrom('contacts').where('org_id', '=', orgId).where('contact_id', 'in', ids).execute();
}

/** An expense a merge changes, with what its report says about auditing. */
interface MergedExpense {
  expense_id: string;
  customer_id: string | null;
  attendees: string;
  report_id: string | null;
  last_modified_time: string;
  report_submitted: string | null;
  report_version: string | null;
}

/**
 * Expenses whose customer or attendees name a merged customer. Attendees are a JSON list kept on
 * the expense (`[{"contact_id": …} | {"user_id": …}]`): entries naming a merged customer name `toId`
 * instead, and a list that then names `toId` twice keeps the first. Expenses listing a merged
 * customer are found through expense_attendees; rewriting their lists moves those rows along
 * (triggers, migration 0045).
 */
async function repointExpenses(
  db: Db,
  orgId: string,
  toId: string,
  fromIds: readonly string[],
  now: Date,
  ctx: MergeContext,
): Promise<void> {
  const from = new Set(fromIds);
  const found = new Map<string, MergedExpense>();
  const candidates = db
    .selectFrom('expenses as e')
    .leftJoin('expense_reports as r', (j) =>
      j.onRef('r.report_id', '=', 'e.report_id').onRef('r.org_id', '=', 'e.org_id'),
    )
    .select([
      'e.expense_id',
      'e.customer_id',
      'e.attendees',
      'e.report_id',
      'e.last_modified_time',
      'r.submitted_date as report_submitted',
      'r.last_modified_time as report_version',
    ]);
  for (let i = 0; i < fromIds.length; i += 500) {
    const chunk = fromIds.slice(i, i + 500);
    // Two look-ups rather than one OR, so each keeps to its index. By attendee, the org is chosen
    // in expense_attendees: a filter on expenses.org_id too would lead SQLite's planner, which has
    // no statistics, to scan the org's expenses instead of looking up each id.
    const asCustomer = await candidates
      .where('e.org_id', '=', orgId)
      .where('e.customer_id', 'in', chunk)
      .execute();
    const asAttendee = await candidates
      .where(
        'e.expense_id',
        'in',
        db
          .selectFrom('expense_attendees as a')
          .select('a.expense_id')
          .where('a.org_id', '=', orgId)
          .where('a.contact_id', 'in', chunk),
      )
      .execute();
    for (const row of [...asCustomer, ...asAttendee]) found.set(row.expense_id, row);
  }
  const reports = new Map<string, string>();
  for (const e of found.values()) {
    const changes: AuditChanges = {};
    if (e.customer_id !== null && from.has(e.customer_id)) changes.customer_id = [e.customer_id, toId];
    const attendees = repointedAttendees(e.attendees, from, toId);
    if (attendees !== undefined) changes.attendees = [e.attendees, attendees];
    if (Object.keys(changes).length === 0) continue;
    await db
      .updateTable('expenses')
      .set({
        ...(changes.customer_id ? { customer_id: toId } : {}),
        ...(attendees !== undefined ? { attendees } : {}),
        last_modified_time: nextModifiedTime(now, e.last_modified_time),
      })
      .where('org_id', '=', orgId)
      .where('expense_id', '=', e.expense_id)
      .execute();
    if (e.report_id && e.report_version) reports.set(e.report_id, e.report_version);
    if (e.report_submitted) await auditMerge(db, orgId, 'expense', e.expense_id, changes, ctx);
  }
  for (const [reportId, version] of reports) {
    await db
      .updateTable('expense_reports')
      .set({ last_modified_time: nextModifiedTime(now, version) })
      .where('org_id', '=', orgId)
      .where('report_id', '=', reportId)
      .execute();
  }
}

/** Reports whose customer is a merged one take `toId`, with a new version (read after repointExpenses). */
async function repointReports(
  db: Db,
  orgId: string,
  toId: string,
  fromIds: readonly string[],
  now: Date,
  ctx: MergeContext,
): Promise<void> {
  for (let i = 0; i < fromIds.length; i += 500) {
    const rows = await db
      .selectFrom('expense_reports')
      .select(['report_id', 'customer_id', 'submitted_date', 'last_modified_time'])
      .where('org_id', '=', orgId)
      .where('customer_id', 'in', fromIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      await db
        .updateTable('expense_reports')
        .set({ customer_id: toId, last_modified_time: nextModifiedTime(now, r.last_modified_time) })
        .where('org_id', '=', orgId)
        .where('report_id', '=', r.report_id)
        .execute();
      if (r.submitted_date) {
        await auditMerge(db, orgId, 'report', r.report_id, { customer_id: [r.customer_id, toId] }, ctx);
      }
    }
  }
}

/**
 * The audit entry of a merge's change to an expense or report that had been submitted: the log
 * records every change after submission, whoever (or whatever) makes it.
 */
function auditMerge(
  db: Db,
  orgId: string,
  entityType: 'expense' | 'report',
  entityId: string,
  changes: AuditChanges,
  ctx: MergeContext,
): Promise<void> {
  return appendAudit(
    db,
    {
      org_id: orgId,
      entity_type: entityType,
      entity_id: entityId,
      action: 'customers_merged',
      actor_id: ctx.actorId,
      changes,
    },
    ctx.clock,
  );
}

/** The attendees JSON with merged customers replaced by `toId` (once), or undefined if unchanged. */
function repointedAttendees(json: string, from: ReadonlySet<string>, toId: string): string | undefined {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const isCustomer = (a: unknown): a is { contact_id: string } =>
    !!a && typeof a === 'object' && typeof (a as { contact_id?: unknown }).contact_id === 'string';
  if (!list.some((a) => isCustomer(a) && from.has(a.contact_id))) return undefined;
  let hasTarget = false;
  const out: unknown[] = [];
  for (const a of list) {
    if (!isCustomer(a) || (a.contact_id !== toId && !from.has(a.contact_id))) {
      out.push(a);
      continue;
    }
    if (hasTarget) continue;
    hasTarget = true;
    out.push(a.contact_id === toId ? a : { ...a, contact_id: toId });
  }
  return JSON.stringify(out);
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
