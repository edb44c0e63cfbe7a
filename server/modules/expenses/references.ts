/**
 * Checks that what an expense points at exists in the caller's organisation: category (and is
 * enabled), customer, deal (one the caller may see), project, attendees. A deal given without a
 * customer brings its account (or contact) as the customer; a deal given with a customer must
 * belong to it or to its account.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import { dialectOf } from '../../db/dialect.js';
import { prepare, prepareShapes } from '../../db/prepared.js';
import type { ContactRow, Database } from '../../db/schema.js';
import type { DuplicateCandidate } from '../../domain/duplicates.js';
import { appError } from '../../errors.js';
import { type DealScope, dealScopeOf, orgDeals, ownDeals } from '../deals/visible-deals.js';
import { candidatesOf, DUPLICATE_CANDIDATES, findSameSpend, type Spend } from './same-spend.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AttendeeRef = { user_id: string } | { contact_id: string };

const findCategory = prepare((db, p: { org: string; category: string }) =>
  db
    .selectFrom('expense_categories')
    .select(['category_name', 'is_enabled'])
    .where('org_id', '=', p.org)
    .where('category_id', '=', p.category),
);

type CategoryRef = { category_name: string; is_enabled: number };

/** The category's name, or the error for a category that does not exist or is disabled. */
export function usableCategoryName(c: CategoryRef | undefined, categoryId: string): string {
  if (!c) throw appError('INVALID_REFERENCE', `category_id ${categoryId} does not exist`);
  if (!c.is_enabled) throw appError('CATEGORY_DISABLED', `The category "${c.category_name}" is disabled`);
  return c.category_name;
}

export async function assertCategoryUsable(db: Db, orgId: string, categoryId: string): Promise<string> {
  const [c] = (await findCategory(db, { org: orgId, category: categoryId })).rows;
  return usableCategoryName(c, categoryId);
}

/** What the link rules need of a customer. */
type CustomerRef = Pick<ContactRow, 'contact_id' | 'contact_name' | 'account_id'>;

/** What the link rules need of a deal: its customers, name, and the name of the customer it brings. */
interface DealRef {
  account_id: string | null;
  contact_id: string | null;
  deal_name: string;
  default_customer_name: string | null;
}

const contactById = prepare((db, p: { org: string; id: string }) =>
  db
    .selectFrom('contacts')
    .select(['contact_id', 'contact_name', 'account_id'])
    .where('org_id', '=', p.org)
    .where('contact_id', '=', p.id),
);

async function findContact(db: Db, orgId: string, id: string): Promise<CustomerRef | undefined> {
  return (await contactById(db, { org: orgId, id })).rows[0];
}

/**
 * A deal with what an expense needs of it, among all of the organisation's deals or only those
 * the member owns (see visible-deals.ts; the member's view decides which).
 */
const dealForLinks = prepareShapes((db, p: { org: string; owner: string; deal: string }, shape: DealScope) =>
  (shape === 'all' ? orgDeals(db, p.org) : ownDeals(db, p.org, p.owner))
    .select((eb) => [
      'deals.account_id',
      'deals.contact_id',
      'deals.deal_name',
      // The customer a deal brings when none is given: its account, else its contact.
      eb
        .selectFrom('contacts as dc')
        .select('dc.contact_name')
        .where('dc.contact_id', '=', eb.fn.coalesce('deals.account_id', 'deals.contact_id'))
        .as('default_customer_name'),
    ])
    .where('deals.deal_id', '=', p.deal),
);

interface NewExpenseRefsSlots {
  org: string;
  owner: string;
  category: string;
  customer: string | null;
  deal: string | null;
}

/**
 * A new expense's category, customer and deal, read in one statement (one round trip on
 * PostgreSQL instead of three): each is null when not given or not found.
 */
function newExpenseRefsQuery(db: Kysely<Database>, p: NewExpenseRefsSlots, scope: DealScope) {
  return (
    db
      // The organisation's own row: exactly one, whatever is found beside it.
      .selectFrom('organizations as o')
      .leftJoin('expense_categories as cat', (j) =>
        j.onRef('cat.org_id', '=', 'o.org_id').on('cat.category_id', '=', p.category),
      )
      .leftJoin('contacts as cu', (j) =>
        j.onRef('cu.org_id', '=', 'o.org_id').on('cu.contact_id', '=', p.customer),
      )
      .leftJoin('deals as d', (j) => {
        const deal = j.onRef('d.org_id', '=', 'o.org_id').on('d.deal_id', '=', p.deal);
        return scope === 'all' ? deal : deal.on('d.owner_id', '=', p.owner);
      })
      .leftJoin('contacts as dc', (j) =>
        j.on((eb) => eb('dc.contact_id', '=', eb.fn.coalesce('d.account_id', 'd.contact_id'))),
      )
      .where('o.org_id', '=', p.org)
      .select([
        'cat.category_name',
        'cat.is_enabled',
        'cu.contact_id as customer_id',
        'cu.contact_name as customer_name',
        'cu.account_id as customer_account_id',
        'd.deal_id',
        'd.deal_name',
        'd.account_id as deal_account_id',
        'd.contact_id as deal_contact_id',
        'dc.contact_name as deal_customer_name',
      ])
  );
}

const newExpenseRefs = prepareShapes(newExpenseRefsQuery);

/**
 * The same, with the duplicate-hint candidates for the new expense's spend (see same-spend.ts)
 * joined to the organisation's one row: one row per candidate, or one row of nulls when there is
 * none. Joined directly rather than as a derived table (which SQLite would materialise on every
 * run): the rest is one row, so the statement's own limit is the candidates' limit.
 */
const newExpenseRefsWithSpend = prepareShapes(
  (db, p: NewExpenseRefsSlots & { date: string; amount: number; currency: string }, scope: DealScope) =>
    newExpenseRefsQuery(db, p, scope)
      .leftJoin('expenses as dup', (j) =>
        j
          .onRef('dup.org_id', '=', 'o.org_id')
          .on('dup.user_id', '=', p.owner)
          .on('dup.date', '=', p.date)
          .on('dup.amount', '=', p.amount)
          .on('dup.currency_code', '=', p.currency),
      )
      .select(['dup.expense_id as dup_expense_id', 'dup.merchant_name as dup_merchant_name'])
      .limit(DUPLICATE_CANDIDATES),
);

/**
 * The category, customer and deal a new expense names (see resolveLinks), and the member's
 * expenses of the same spend (see same-spend.ts). On PostgreSQL they come in one statement, saving
 * a round trip; on SQLite a statement is a function call, and two cost less than one that repeats
 * the references on every candidate's row.
 */
export async function lookUpNewExpenseRefs(
  db: Db,
  member: Member,
  refs: { category_id: string; customer_id: string | null; deal_id: string | null },
  spend?: Spend,
): Promise<{
  category: CategoryRef | undefined;
  prefetched: Prefetched;
  /** The candidates for `spend`; undefined without one. */
  sameSpend: DuplicateCandidate[] | undefined;
}> {
  const slots: NewExpenseRefsSlots = {
    org: member.org.org_id,
    owner: member.user.user_id,
    category: refs.category_id,
    customer: refs.customer_id,
    deal: refs.deal_id,
  };
  const scope = dealScopeOf(member);
  let r: Awaited<ReturnType<typeof newExpenseRefs>>['rows'][number] | undefined;
  let sameSpend: DuplicateCandidate[] | undefined;
  if (spend && dialectOf(db) === 'postgres') {
    const { rows } = await newExpenseRefsWithSpend(db, scope, {
      ...slots,
      date: spend.date,
      amount: spend.amount,
      currency: spend.currency_code,
    });
    r = rows[0];
    const found = rows.flatMap((row) =>
      row.dup_expense_id == null
        ? []
        : [{ expense_id: row.dup_expense_id, merchant_name: row.dup_merchant_name }],
    );
    sameSpend = candidatesOf({ org_id: slots.org, user_id: slots.owner, ...spend }, found);
  } else {
    r = (await newExpenseRefs(db, scope, slots)).rows[0];
    if (spend) {
      const own = { org_id: slots.org, user_id: slots.owner, ...spend };
      sameSpend = candidatesOf(own, (await findSameSpend(db, own)).rows);
    }
  }
  return {
    category:
      r?.category_name != null
        ? { category_name: r.category_name, is_enabled: r.is_enabled ?? 0 }
        : undefined,
    prefetched: {
      customer:
        r?.customer_id != null
          ? {
              contact_id: r.customer_id,
              contact_name: r.customer_name ?? '',
              account_id: r.customer_account_id ?? null,
            }
          : undefined,
      deal:
        r?.deal_id != null
          ? {
              account_id: r.deal_account_id ?? null,
              contact_id: r.deal_contact_id ?? null,
              deal_name: r.deal_name ?? '',
              default_customer_name: r.deal_customer_name ?? null,
            }
          : undefined,
    },
    sameSpend,
  };
}

/** A customer and deal already read (see lookUpNewExpenseRefs); undefined is "not found". */
export interface Prefetched {
  customer: CustomerRef | undefined;
  deal: DealRef | undefined;
}

export interface Links {
  customer_id: string | null;
  deal_id: string | null;
  project_id: string | null;
}

/** The names of what the links point at, for the answer to a write. */
export interface LinkNames {
  customer_name: string | null;
  deal_name: string | null;
  project_name: string | null;
}

/**
 * Validates the links and returns them with the customer filled in from the deal when needed.
 * A deal the member may not see (potentials mode) is refused as one that does not exist, unless it
 * is `keptDealId`: the deal the expense already carries, kept by an update of its other fields.
 * `customerChosen` is false when the caller did not send customer_id (an update that changes only
 * the deal): a customer that no longer fits the deal is then replaced by the deal's.
 */
export async function resolveLinks(
  db: Db,
  member: Member,
  links: Links,
  opts: { customerChosen?: boolean; keptDealId?: string | null; prefetched?: Prefetched } = {},
): Promise<Links & { names: LinkNames }> {
  const orgId = member.org.org_id;
  const customerChosen = opts.customerChosen ?? true;
  let customer = !links.customer_id
    ? undefined
    : opts.prefetched
      ? opts.prefetched.customer
      : await findContact(db, orgId, links.customer_id);
  if (links.customer_id && !customer)
    throw appError('INVALID_REFERENCE', `customer_id ${links.customer_id} does not exist`);
  let customerId = links.customer_id;
  let customerName = customer?.contact_name ?? null;
  let dealName: string | null = null;
  if (links.deal_id) {
    const scope = links.deal_id === opts.keptDealId ? 'all' : dealScopeOf(member);
    const deal = opts.prefetched
      ? opts.prefetched.deal
      : (await dealForLinks(db, scope, { org: orgId, owner: member.user.user_id, deal: links.deal_id }))
          .rows[0];
    if (!deal) throw appError('INVALID_REFERENCE', `deal_id ${links.deal_id} does not exist`);
    dealName = deal.deal_name;
    const fits = (c: CustomerRef) =>
      deal.account_id === c.contact_id ||
      deal.contact_id === c.contact_id ||
      (c.account_id !== null && deal.account_id === c.account_id);
    if (customer && !fits(customer)) {
      if (customerChosen) {
        throw appError(
          'DEAL_CUSTOMER_MISMATCH',
          `deal ${links.deal_id} does not belong to customer ${customer.contact_id}`,
        );
      }
      customer = undefined;
    }
    if (!customer) {
      customerId = deal.account_id ?? deal.contact_id ?? null;
      customerName = deal.default_customer_name;
    }
  }
  let projectName: string | null = null;
  if (links.project_id) {
    const p = await db
      .selectFrom('projects')
      .select('project_name')
      .where('org_id', '=', orgId)
      .where('project_id', '=', links.project_id)
      .executeTakeFirst();
    if (!p) throw appError('INVALID_REFERENCE', `project_id ${links.project_id} does not exist`);
    projectName = p.project_name;
  }
  return {
    customer_id: customerId,
    deal_id: links.deal_id,
    project_id: links.project_id,
    names: { customer_name: customerName, deal_name: dealName, project_name: projectName },
  };
}

/** Attendee names keyed `u:<user_id>` and `c:<contact_id>`, as the expense views read them. */
export type AttendeeNames = Map<string, string>;

/** Every attendee must be a user or a contact of the organisation; returns their names. */
export async function assertAttendees(
  db: Db,
  orgId: string,
  attendees: readonly AttendeeRef[],
): Promise<AttendeeNames> {
  const userIds = attendees.flatMap((a) => ('user_id' in a ? [a.user_id] : []));
  const contactIds = attendees.flatMap((a) => ('contact_id' in a ? [a.contact_id] : []));
  const names: AttendeeNames = new Map();
  if (userIds.length > 0) {
    const found = await db
      .selectFrom('users')
      .select(['user_id', 'name'])
      .where('org_id', '=', orgId)
      .where('user_id', 'in', userIds)
      .execute();
    for (const u of found) names.set(`u:${u.user_id}`, u.name);
    const missing = userIds.find((id) => !names.has(`u:${id}`));
    if (missing) throw appError('INVALID_REFERENCE', `attendee user_id ${missing} does not exist`);
  }
  if (contactIds.length > 0) {
    const found = await db
      .selectFrom('contacts')
      .select(['contact_id', 'contact_name'])
      .where('org_id', '=', orgId)
      .where('contact_id', 'in', contactIds)
      .execute();
    for (const c of found) names.set(`c:${c.contact_id}`, c.contact_name);
    const missing = contactIds.find((id) => !names.has(`c:${id}`));
    if (missing) throw appError('INVALID_REFERENCE', `attendee contact_id ${missing} does not exist`);
  }
  return names;
}
