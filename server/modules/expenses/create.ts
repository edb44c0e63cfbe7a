/**
 * Creating an expense in two steps: `checkNewExpense` validates and prices everything and builds
 * the row and its API view without writing; `writeNewExpense` writes it. The create route stores
 * its answer and then writes, so on PostgreSQL the insert (whose rollup triggers lock shared
 * summary rows) is the transaction's last statement and those locks are held for the shortest time.
 *
 * With report_id the expense goes straight into that report (the member's own, still editable)
 * with the status the report gives it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import { prepareInsert, type RowCondition } from '../../db/prepared.js';
import type { Database, ExpenseRow, OrganizationRow, ReportRow } from '../../db/schema.js';
import { type DuplicateCandidate, findDuplicates } from '../../domain/duplicates.js';
import { isCurrencyCode, parseAmount } from '../../domain/money.js';
import { expenseStatusFor, isEditable } from '../../domain/report-state.js';
import { appError, type ErrorKey } from '../../errors.js';
import type { AnswerWrite } from '../../http/idempotency.js';
import {
  auditExpenseMoves,
  findOwnReport,
  inTransaction,
  isAudited,
  touchReportInStatus,
} from '../expense-reports/service.js';
import { type Priced, priceExpense } from './pricing.js';
import {
  type AttendeeNames,
  assertAttendees,
  type LinkNames,
  lookUpNewExpenseRefs,
  resolveLinks,
  usableCategoryName,
} from './references.js';
import type { Spend } from './same-spend.js';
import type { CreateExpenseInput, Expense } from './schemas.js';
import type { ServiceContext } from './service.js';
import { toExpenseView } from './views.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Type-specific details stored with an expense (per diem lines use these). */
export interface ExpenseKind {
  expense_type: string;
  extra: Record<string, unknown>;
  /** Already-priced amount (per diem computes it itself). */
  priced?: Priced;
}

/** A new expense, checked and ready to write. */
export interface CheckedExpense {
  row: ExpenseRow;
  /** The report it goes into, when created with report_id. */
  report: ReportRow | undefined;
  /** Names shown in the API view. */
  names: LinkNames & { user_name: string; category_name: string; report_name: string | null };
  attendeeNames: AttendeeNames;
  /**
   * With `duplicateHints`: the member's expenses of the same date, amount and currency (see
   * same-spend.ts), for the new expense's answer.
   */
  sameSpend: DuplicateCandidate[] | undefined;
  /** The base currency the expense was priced in: it is written only while that is still the base. */
  pricedIn: RowCondition;
}

/** Settles every check; reports the first failure in a fixed order, so an answer never depends on timing. */
async function settleInOrder<T extends readonly unknown[]>(
  checks: {
    [K in keyof T]: T[K] | Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(checks);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Validates and prices a new expense for the member. Nothing is written. The look-ups run side by
 * side (on PostgreSQL on several connections); the first failing check, in the order written
 * here, is the error.
 */
export async function checkNewExpense(
  db: Db,
  member: Member,
  input: CreateExpenseInput,
  ctx: ServiceContext,
  kind: ExpenseKind = { expense_type: 'non_mileage', extra: {} },
  { duplicateHints = false }: { duplicateHints?: boolean } = {},
): Promise<CheckedExpense> {
  const { org, user } = member;
  const customerId = input.customer_id ?? null;
  const dealId = input.deal_id ?? null;
  // The category, customer and deal come in one statement (with the duplicate-hint candidates when
  // asked for); the checks on them keep their order.
  const refs = lookUpNewExpenseRefs(
    db,
    member,
    { category_id: input.category_id, customer_id: customerId, deal_id: dealId },
    duplicateHints ? spendOf(org, input, kind.priced) : undefined,
  );
  const [categoryName, priced, links, attendeeNames, report] = await settleInOrder([
    refs.then((r) => usableCategoryName(r.category, input.category_id)),
    kind.priced ?? priceExpense(db, org, input.amount, input.currency_code, input.date),
    refs.then((r) =>
      resolveLinks(
        db,
        member,
        { customer_id: customerId, deal_id: dealId, project_id: input.project_id ?? null },
        { prefetched: r.prefetched },
      ),
    ),
    assertAttendees(db, org.org_id, input.attendees ?? []),
    input.report_id ? findOwnReport(db, member, input.report_id) : undefined,
  ] as const);
  if (report && !isEditable(report.status)) throw appError('REPORT_NOT_EDITABLE');
  const { names, ...linkIds } = links;
  const { sameSpend } = await refs;
  const now = ctx.clock().toISOString();
  const row: ExpenseRow = {
    expense_id: ctx.ids(),
    org_id: org.org_id,
    user_id: user.user_id,
    date: input.date,
    category_id: input.category_id,
    ...priced,
    merchant_name: input.merchant_name?.trim() ?? '',
    description: input.description ?? '',
    reference_number: input.reference_number ?? '',
    is_reimbursable: input.is_reimbursable === false ? 0 : 1,
    is_billable: input.is_billable ? 1 : 0,
    ...linkIds,
    report_id: report?.report_id ?? null,
    attendees: JSON.stringify(input.attendees ?? []),
    expense_type: kind.expense_type,
    extra: JSON.stringify(kind.extra),
    status: report ? expenseStatusFor(report.status) : 'unreported',
    created_time: now,
    last_modified_time: now,
  };
  return {
    row,
    report,
    names: {
      ...names,
      user_name: user.name,
      category_name: categoryName,
      report_name: report?.report_name ?? null,
    },
    attendeeNames,
    sameSpend,
    pricedIn: { table: 'organizations', where: { org_id: org.org_id, base_currency: org.base_currency } },
  };
}

/**
 * The spend a new expense will record, for its duplicate hints, known before pricing checks it. An
 * amount that does not parse has no duplicates (pricing refuses it anyway).
 */
function spendOf(org: OrganizationRow, input: CreateExpenseInput, priced: Priced | undefined): Spend {
  if (priced) return { date: input.date, amount: priced.amount, currency_code: priced.currency_code };
  const code = input.currency_code ?? org.base_currency;
  const parsed = isCurrencyCode(code) ? parseAmount(input.amount, code) : undefined;
  return { date: input.date, amount: parsed?.ok ? parsed.minor : 0, currency_code: code };
}

/**
 * The API view of an expense checked with `duplicateHints`: it has no receipts yet; its duplicate
 * hints come from the candidates read with its check.
 */
export function viewOfNewExpense(member: Member, checked: CheckedExpense): Expense {
  if (!checked.sameSpend) throw new Error('viewOfNewExpense needs an expense checked with duplicateHints');
  const view = toExpenseView(member.org, { ...checked.row, ...checked.names }, checked.attendeeNames);
  view.receipts = [];
  view.duplicate_of = findDuplicates(checked.row, checked.sameSpend);
  return view;
}

/**
 * The organisation's base currency is read with the member, when the request starts, and the
 * expense is priced in it (rate, base amount); a base-currency change (organizations/service.ts)
 * may commit before the expense is written. So the insert is made on the condition that the base is
 * still the one it was priced in, checked by the insert statement itself: on PostgreSQL it runs
 * after the statement has its lock on `expenses`, with a snapshot taken after that, so either the
 * insert gets that lock first (a change's LOCK TABLE … SHARE then waits for its commit, sees the
 * expense and is refused) or it waits for the change and then sees the new base. The check reads
 * the organisation row without locking it: a FOR KEY SHARE there would wait for the change's FOR
 * UPDATE while this statement holds the lock on `expenses` the change waits for, a deadlock.
 * SQLite runs one write transaction at a time, and the condition is read in the write's own
 * statement.
 *
 * When the base has changed nothing is written and the request fails with BASE_CURRENCY_CHANGED,
 * rather than being priced again in the new base: an amount sent without a currency was meant in
 * the old base, which a silent re-pricing would reinterpret, and the answer already built (its
 * view, duplicate hints) would have to be built again. The person saving checks and sends again.
 */
const insertExpense = prepareInsert('expenses');

/** BASE_CURRENCY_CHANGED unless the expense's pricing still holds (see insertExpense). */
const BASE_CHANGED = 'BASE_CURRENCY_CHANGED' satisfies ErrorKey;

/**
 * Writes a checked expense. Into a report, the report must still be editable when the write
 * happens (a submit may have come in since the check); its version is bumped, and a report that
 * was submitted before records the addition in the audit log.
 */
export async function writeNewExpense(
  trx: Transaction<Database>,
  member: Member,
  checked: CheckedExpense,
  ctx: ServiceContext,
): Promise<void> {
  const { row, report } = checked;
  if (report) {
    if (!(await touchReportInStatus(trx, report, row.created_time))) throw appError('REPORT_NOT_EDITABLE');
    if (isAudited(report)) {
      const before = { ...row, report_id: null, status: 'unreported' as const };
      await auditExpenseMoves(trx, member, report, [before], report.report_id, row.status, ctx.clock);
    }
  }
  if ((await insertExpense(trx, row, checked.pricedIn)) !== 1) throw appError(BASE_CHANGED);
}

/**
 * How the create route writes a checked expense with its answer: straight into a report it needs
 * the report's bookkeeping in the same transaction; otherwise it is one row, which PostgreSQL can
 * write in the same statement as the answer.
 */
export function newExpenseWrite(member: Member, checked: CheckedExpense, ctx: ServiceContext): AnswerWrite {
  if (checked.report) return (trx) => writeNewExpense(trx, member, checked, ctx);
  return { into: 'expenses', row: checked.row, onlyIf: { ...checked.pricedIn, error: BASE_CHANGED } };
}

/** Checks and writes an expense in one transaction (the caller's, when it passes one). */
export async function createExpense(
  db: Db,
  member: Member,
  input: CreateExpenseInput,
  ctx: ServiceContext,
  kind?: ExpenseKind,
): Promise<ExpenseRow> {
  return inTransaction(db, async (trx) => {
    const checked = await checkNewExpense(trx, member, input, ctx, kind);
    await writeNewExpense(trx, member, checked, ctx);
    return checked.row;
  });
}
