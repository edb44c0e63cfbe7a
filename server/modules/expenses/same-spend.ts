/**
 * The candidates for an expense's duplicate hints: the same user's expenses of the same date,
 * amount and currency. One builder serves the detail view (its own query) and a new expense (read
 * in the statement that looks up its category, customer and deal).
 */
import type { Kysely } from 'kysely';
import { prepare } from '../../db/prepared.js';
import type { Database, ExpenseRow } from '../../db/schema.js';
import type { DuplicateCandidate } from '../../domain/duplicates.js';

/**
 * How many same-day, same-amount expenses are looked at for duplicate hints. A hint list is for a
 * person to read; a user who records the same amount many times a day must not make every read of
 * their expenses slower.
 */
export const DUPLICATE_CANDIDATES = 10;

/** A spend: when, how much (minor units) and in what currency. */
export type Spend = Pick<ExpenseRow, 'date' | 'amount' | 'currency_code'>;

/** A spend and whose it is. */
export type OwnSpend = Spend & Pick<ExpenseRow, 'org_id' | 'user_id'>;

export function sameSpendCandidates(db: Kysely<Database>, e: OwnSpend) {
  return (
    db
      .selectFrom('expenses')
      // The rest of a candidate is the spend itself (the conditions below): see candidatesOf.
      .select(['expense_id', 'merchant_name'])
      .where('org_id', '=', e.org_id)
      .where('user_id', '=', e.user_id)
      .where('date', '=', e.date)
      .where('amount', '=', e.amount)
      .where('currency_code', '=', e.currency_code)
      // No ORDER BY: the index on (org, user, date, amount, currency, …) yields candidates in its
      // own order and the limit stops the scan early; any of them is a fair hint.
      .limit(DUPLICATE_CANDIDATES)
  );
}

/** The candidates for a spend not yet recorded (a new expense's). */
export const findSameSpend = prepare(sameSpendCandidates);

/**
 * The duplicate-hint candidates of `e` from the rows found for it: only their ids and merchants are
 * read, as their user, date, amount and currency are e's by the query's conditions (turning values
 * into JavaScript is most of such a query's cost).
 */
export function candidatesOf(
  e: OwnSpend,
  rows: ReadonlyArray<{ expense_id: string; merchant_name: string | null }>,
): DuplicateCandidate[] {
  return rows.map((r) => ({
    expense_id: r.expense_id,
    user_id: e.user_id,
    date: e.date,
    amount: e.amount,
    currency_code: e.currency_code,
    merchant_name: r.merchant_name ?? '',
  }));
}
