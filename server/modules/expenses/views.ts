/**
 * Expense rows → the API's expense objects: decimals instead of minor units, the names of what the
 * expense points at, attendees with names, and (for one expense) its receipts and duplicate hints.
 */
import type { Kysely, Transaction } from 'kysely';
import { prepare } from '../../db/prepared.js';
import type { Database, ExpenseRow, OrganizationRow } from '../../db/schema.js';
import { findDuplicates, findReceiptDuplicates } from '../../domain/duplicates.js';
import { formatAmount } from '../../domain/money.js';
import type { AttendeeRef } from './references.js';
import { candidatesOf, type OwnSpend, sameSpendCandidates } from './same-spend.js';
import type { Expense } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ExpenseWithNames = ExpenseRow & {
  user_name: string | null;
  category_name: string | null;
  customer_name: string | null;
  deal_name: string | null;
  project_name: string | null;
  report_name: string | null;
};

/**
 * Ids every row of a query is known to share (its filters say so): their names are read once per
 * query rather than once per row.
 */
export interface SharedIds {
  user_id?: string;
  customer_id?: string;
  deal_id?: string;
}

/**
 * Expenses of one org with the names of their user, category, customer, deal, project and report.
 * The names are scalar subqueries rather than joins: a seven-table join costs PostgreSQL more to
 * plan than to run, and a subquery runs only for the rows a page returns. A name every row shares
 * (`shared`, e.g. the deal of a list filtered by deal) is an uncorrelated subquery, which both
 * databases evaluate once per query.
 */
export function selectExpensesWithNames(db: Db, orgId: string, shared: SharedIds = {}) {
  return db
    .selectFrom('expenses as e')
    .selectAll('e')
    .select((eb) => [
      eb
        .selectFrom('users as u')
        .select('u.name')
        .where((w) =>
          shared.user_id !== undefined
            ? w('u.user_id', '=', shared.user_id)
            : w('u.user_id', '=', w.ref('e.user_id')),
        )
        .as('user_name'),
      eb
        .selectFrom('expense_categories as c')
        .select('c.category_name')
        .whereRef('c.category_id', '=', 'e.category_id')
        .as('category_name'),
      eb
        .selectFrom('contacts as cu')
        .select('cu.contact_name')
        .where((w) =>
          shared.customer_id !== undefined
            ? w('cu.contact_id', '=', shared.customer_id)
            : w('cu.contact_id', '=', w.ref('e.customer_id')),
        )
        .as('customer_name'),
      eb
        .selectFrom('deals as d')
        .select('d.deal_name')
        .where((w) =>
          shared.deal_id !== undefined
            ? w('d.deal_id', '=', shared.deal_id)
            : w('d.deal_id', '=', w.ref('e.deal_id')),
        )
        .as('deal_name'),
      eb
        .selectFrom('projects as p')
        .select('p.project_name')
        .whereRef('p.project_id', '=', 'e.project_id')
        .as('project_name'),
      eb
        .selectFrom('expense_reports as r')
        .select('r.report_name')
        .whereRef('r.report_id', '=', 'e.report_id')
        .as('report_name'),
    ])
    .where('e.org_id', '=', orgId);
}

function parseJson<T>(text: string, fallback: T): T {
  // Most expenses have no attendees and no extra details: skip the parser for those.
  if (text === '[]' && Array.isArray(fallback)) return [] as T;
  if (text === '{}' && !Array.isArray(fallback)) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Names of the users and contacts attending any of these expenses, looked up once. */
async function attendeeNames(db: Db, orgId: string, rows: readonly ExpenseRow[]) {
  const refs = rows.flatMap((r) => parseJson<AttendeeRef[]>(r.attendees, []));
  const userIds = [...new Set(refs.flatMap((a) => ('user_id' in a ? [a.user_id] : [])))];
  const contactIds = [...new Set(refs.flatMap((a) => ('contact_id' in a ? [a.contact_id] : [])))];
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const users = await db
      .selectFrom('users')
      .select(['user_id', 'name'])
      .where('org_id', '=', orgId)
      .where('user_id', 'in', userIds)
      .execute();
    for (const u of users) names.set(`u:${u.user_id}`, u.name);
  }
  if (contactIds.length > 0) {
    const contacts = await db
      .selectFrom('contacts')
      .select(['contact_id', 'contact_name'])
      .where('org_id', '=', orgId)
      .where('contact_id', 'in', contactIds)
      .execute();
    for (const c of contacts) names.set(`c:${c.contact_id}`, c.contact_name);
  }
  return names;
}

/** One row with its names → the API view (receipts and duplicate hints are added by the caller). */
export function toExpenseView(
  org: OrganizationRow,
  row: ExpenseWithNames,
  names: Map<string, string>,
): Expense {
  const amount = formatAmount(row.amount, row.currency_code);
  const view: Expense = {
    expense_id: row.expense_id,
    user_id: row.user_id,
    user_name: row.user_name ?? '',
    date: row.date,
    category_id: row.category_id,
    category_name: row.category_name ?? '',
    amount,
    total: amount,
    bcy_total: formatAmount(row.base_amount, org.base_currency),
    currency_code: row.currency_code,
    base_currency_code: org.base_currency,
    exchange_rate: Number(row.exchange_rate),
    merchant_name: row.merchant_name,
    description: row.description,
    reference_number: row.reference_number,
    is_reimbursable: row.is_reimbursable === 1,
    is_billable: row.is_billable === 1,
    customer_id: row.customer_id,
    customer_name: row.customer_name ?? '',
    deal_id: row.deal_id,
    deal_name: row.deal_name ?? '',
    project_id: row.project_id,
    project_name: row.project_name ?? '',
    report_id: row.report_id,
    report_name: row.report_name ?? '',
    attendees: parseJson<AttendeeRef[]>(row.attendees, []).map((a) =>
      'user_id' in a
        ? { user_id: a.user_id, name: names.get(`u:${a.user_id}`) ?? '' }
        : { contact_id: a.contact_id, name: names.get(`c:${a.contact_id}`) ?? '' },
    ),
    expense_type: row.expense_type,
    status: row.status,
    created_time: row.created_time,
    last_modified_time: row.last_modified_time,
  };
  if (row.expense_type === 'per_diem') view.per_diem = parseJson<Record<string, unknown>>(row.extra, {});
  return view;
}

/** API views of several rows (one attendee-name look-up for all). */
export async function toExpenseViews(db: Db, org: OrganizationRow, rows: readonly ExpenseWithNames[]) {
  const names = await attendeeNames(db, org.org_id, rows);
  return rows.map((r) => toExpenseView(org, r, names));
}

/**
 * The full view of one expense: its receipts and the expenses it probably duplicates. `isNew` says
 * the expense was created in this transaction, so it has no receipts yet.
 */
export async function loadExpenseDetail(
  db: Db,
  org: OrganizationRow,
  expenseId: string,
  { isNew = false } = {},
): Promise<Expense | undefined> {
  const row = await selectExpensesWithNames(db, org.org_id)
    .where('e.expense_id', '=', expenseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [view] = await toExpenseViews(db, org, [row]);
  if (!view) return undefined;
  const receipts = isNew
    ? []
    : await db
        .selectFrom('receipts')
        .select(['receipt_id', 'file_name', 'size', 'content_type', 'uploaded_time', 'sha256'])
        .where('org_id', '=', org.org_id)
        .where('expense_id', '=', expenseId)
        .orderBy('uploaded_time')
        .orderBy('receipt_id')
        .execute();
  view.receipts = receipts.map(({ sha256: _sha, ...r }) => r);
  view.duplicate_of = await duplicateHints(
    db,
    row,
    receipts.map((r) => r.sha256),
  );
  return view;
}

/** The user's other expenses of the same date, amount and currency: the candidates for duplicate hints. */
const sameSpendOf = prepare((db, e: OwnSpend & Pick<ExpenseRow, 'expense_id'>) =>
  sameSpendCandidates(db, e).where('expense_id', '!=', e.expense_id),
);

/** Same user/date/amount/currency(/merchant) expenses, plus expenses carrying the same receipt bytes. */
async function duplicateHints(db: Db, row: ExpenseRow, hashes: string[]): Promise<string[]> {
  const { rows: sameSpend } = await sameSpendOf(db, row);
  const byFields = findDuplicates(row, candidatesOf(row, sameSpend));
  let byReceipt: string[] = [];
  if (hashes.length > 0) {
    const attached = await db
      .selectFrom('receipts')
      .select(['expense_id', 'sha256'])
      .where('org_id', '=', row.org_id)
      .where('sha256', 'in', hashes)
      .execute();
    byReceipt = findReceiptDuplicates(row.expense_id, hashes, attached);
  }
  return [...new Set([...byFields, ...byReceipt])];
}
