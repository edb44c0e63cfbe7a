/**
 * Customers (Zoho Expense "contacts"): business customers mirror CRM accounts, individual customers
 * mirror CRM contacts, and an individual may belong to a business (account_id). Any member may add
 * a customer; only its creator or an admin may change or delete it. A customer that transactions
 * use cannot be deleted (Zoho's rule): it can be made inactive instead.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { ContactRow, Database } from '../../db/schema.js';
import { customerNameKey } from '../../domain/sync-duplicates.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { linkedLocalIds } from '../../sync/links.js';
import { customersInUse } from './customer-usage.js';
import type { Contact, CreateContactBody, ListContactsQuery, UpdateContactBody } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

function selectContacts(db: Db, orgId: string) {
  return db
    .selectFrom('contacts')
    .leftJoin('contacts as account', (j) =>
      j
        .onRef('account.contact_id', '=', 'contacts.account_id')
        .onRef('account.org_id', '=', 'contacts.org_id'),
    )
    .selectAll('contacts')
    .select('account.contact_name as account_name')
    .where('contacts.org_id', '=', orgId);
}

function parseCustomFields(text: string): Contact['custom_fields'] {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Contact['custom_fields']) : {};
  } catch {
    return {};
  }
}

export function toContact(r: ContactRow & { account_name: string | null }): Contact {
  return {
    contact_id: r.contact_id,
    contact_name: r.contact_name,
    contact_type: 'customer',
    customer_sub_type: r.customer_sub_type,
    first_name: r.first_name,
    last_name: r.last_name,
    email: r.email,
    phone: r.phone,
    company_name: r.company_name,
    account_id: r.account_id,
    account_name: r.account_name ?? null,
    status: r.status,
    custom_fields: parseCustomFields(r.custom_fields),
    created_by_user_id: r.created_by_user_id ?? null,
    created_time: r.created_time,
    last_modified_time: r.last_modified_time,
  };
}

export async function listContacts(
  db: Db,
  dialect: DialectCapabilities,
  orgId: string,
  q: ListContactsQuery,
  window: { offset: number; limit: number },
): Promise<Contact[]> {
  let query = selectContacts(db, orgId);
  if (q.customer_sub_type) query = query.where('contacts.customer_sub_type', '=', q.customer_sub_type);
  if (q.account_id) query = query.where('contacts.account_id', '=', q.account_id);
  if (q.status) query = query.where('contacts.status', '=', q.status);
  if (q.search_text) {
    const text = q.search_text;
    query = query.where((eb) =>
      eb.or([
        containsText(dialect, 'contacts.contact_name', text),
        containsText(dialect, 'contacts.company_name', text),
        containsText(dialect, 'contacts.email', text),
      ]),
    );
  }
  if (q.crm_id) {
    // A CRM account becomes a business customer, a CRM contact an individual one.
    const linked = linkedLocalIds(db, orgId, 'crm', ['accounts', 'contacts'], q.crm_id);
    query = query.where('contacts.contact_id', 'in', linked);
  }
  // By name as people read it (name_key: case and spacing aside), served by contacts_org_name_key.
  const rows = await query
    .orderBy('contacts.name_key')
    .orderBy('contacts.contact_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  return rows.map(toContact);
}

export async function getContact(db: Db, orgId: string, id: string): Promise<Contact> {
  const row = await selectContacts(db, orgId).where('contacts.contact_id', '=', id).executeTakeFirst();
  if (!row) throw appError('CONTACT_NOT_FOUND');
  return toContact(row);
}

/** The parent of an individual must be a business customer of the same organisation. */
async function assertAccount(db: Db, orgId: string, accountId: string, selfId?: string) {
  if (accountId === selfId) throw appError('INVALID_INPUT', 'A customer cannot belong to itself');
  const account = await db
    .selectFrom('contacts')
    .select('customer_sub_type')
    .where('org_id', '=', orgId)
    .where('contact_id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw appError('INVALID_REFERENCE', `account_id ${accountId} is not a customer here`);
  if (account.customer_sub_type !== 'business') {
    throw appError(
      'INVALID_INPUT',
      `account_id ${accountId} is an individual; only a business can be an account`,
    );
  }
}

/** Name shown for a customer: the given name, else the person's first and last name. */
function displayName(input: {
  contact_name?: string | undefined;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
}): string | undefined {
  if (input.contact_name) return input.contact_name;
  const full = [input.first_name, input.last_name]
    .filter((s) => s)
    .join(' ')
    .trim();
  return full || undefined;
}

export async function createContact(
  db: Kysely<Database>,
  member: Member,
  input: CreateContactBody,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Contact> {
  const orgId = member.org.org_id;
  const subType = input.customer_sub_type ?? 'business';
  const name = displayName(input);
  if (!name) throw appError('INVALID_INPUT', 'body: contact_name (or first_name / last_name) is required');
  if (input.account_id != null) {
    if (subType !== 'individual')
      throw appError('INVALID_INPUT', 'Only an individual customer can have an account_id');
    await assertAccount(db, orgId, input.account_id);
  }
  const now = ctx.clock().toISOString();
  const id = ctx.ids();
  await db
    .insertInto('contacts')
    .values({
      contact_id: id,
      org_id: orgId,
      contact_name: name,
      name_key: customerNameKey(name),
      customer_sub_type: subType,
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
      email: input.email ? input.email.toLowerCase() : null,
      phone: input.phone ?? null,
      company_name: input.company_name ?? null,
      account_id: input.account_id ?? null,
      status: input.status ?? 'active',
      custom_fields: JSON.stringify(input.custom_fields ?? {}),
      created_by_user_id: member.user.user_id,
      created_time: now,
      last_modified_time: now,
    })
    .execute();
  return getContact(db, orgId, id);
}

/** Only admins change customers someone else added (or that came from a sync). */
function assertMayEdit(member: Member, row: Pick<ContactRow, 'created_by_user_id'>) {
  if (member.user.user_role === 'admin') return;
  if (row.created_by_user_id !== member.user.user_id) {
    throw appError('FORBIDDEN', 'Only an admin can change a customer someone else added.');
  }
}

async function findRow(db: Db, orgId: string, id: string): Promise<ContactRow> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('contact_id', '=', id)
    .executeTakeFirst();
  if (!row) throw appError('CONTACT_NOT_FOUND');
  return row;
}

export async function updateContact(
  db: Kysely<Database>,
  member: Member,
  id: string,
  changes: Omit<UpdateContactBody, 'last_modified_time'>,
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<Contact> {
  const orgId = member.org.org_id;
  return db.transaction().execute(async (trx) => {
    const row = await findRow(trx, orgId, id);
    assertMayEdit(member, row);
    assertFresh(expected, row.last_modified_time);
    const subType = changes.customer_sub_type ?? row.customer_sub_type;
    const accountId = changes.account_id !== undefined ? changes.account_id : row.account_id;
    if (accountId !== null && subType !== 'individual') {
      throw appError('INVALID_INPUT', 'Only an individual customer can have an account_id');
    }
    if (changes.account_id != null) await assertAccount(trx, orgId, changes.account_id, id);
    if (subType === 'individual' && row.customer_sub_type === 'business') {
      const child = await trx
        .selectFrom('contacts')
        .select('contact_id')
        .where('org_id', '=', orgId)
        .where('account_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (child)
        throw appError('INVALID_INPUT', 'This business has contacts; it cannot become an individual');
    }
    const { custom_fields, email, ...rest } = changes;
    const patch: Partial<ContactRow> = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined),
    );
    if (patch.contact_name !== undefined) patch.name_key = customerNameKey(patch.contact_name);
    if (custom_fields !== undefined) patch.custom_fields = JSON.stringify(custom_fields);
    if (email !== undefined) patch.email = email === null ? null : email.toLowerCase();
    const res = await trx
      .updateTable('contacts')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('contact_id', '=', id)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getContact(trx, orgId, id);
  });
}

/** What still uses a customer (a reason it cannot be deleted), or undefined when nothing does. */
async function usageOf(db: Db, orgId: string, id: string): Promise<string | undefined> {
  // Transactions, as the CRM sync counts them: an expense's or report's customer, or an attendee.
  if ((await customersInUse(db, orgId, [id])).has(id)) return 'expenses or expense reports';
  const deal = await db
    .selectFrom('deals')
    .select('deal_id')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('account_id', '=', id), eb('contact_id', '=', id)]))
    .limit(1)
    .executeTakeFirst();
  if (deal) return 'deals';
  const project = await db
    .selectFrom('projects')
    .select('project_id')
    .where('org_id', '=', orgId)
    .where('customer_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (project) return 'projects';
  return undefined;
}

export async function deleteContact(db: Kysely<Database>, member: Member, id: string): Promise<void> {
  const orgId = member.org.org_id;
  await db.transaction().execute(async (trx) => {
    const row = await findRow(trx, orgId, id);
    assertMayEdit(member, row);
    const usedBy = await usageOf(trx, orgId, id);
    if (usedBy) {
      throw appError(
        'CUSTOMER_IN_USE',
        `"${row.contact_name}" is used by ${usedBy} and cannot be deleted; mark it inactive instead.`,
      );
    }
    // Its people stay as individual customers without an account.
    await trx
      .updateTable('contacts')
      .set({ account_id: null })
      .where('org_id', '=', orgId)
      .where('account_id', '=', id)
      .execute();
    await trx.deleteFrom('contacts').where('org_id', '=', orgId).where('contact_id', '=', id).execute();
  });
}
