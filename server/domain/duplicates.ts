/**
 * Duplicate detection (reference §3.5, matching rule chosen for DealSpend): two expenses are likely
 * duplicates when the same user spent the same amount in the same currency on the same date, and
 * their merchants agree (ignoring case and surrounding spaces) or either has no merchant. A receipt
 * whose bytes (sha256) are already attached to another expense is a duplicate hint too.
 */

export interface DuplicateCandidate {
  expense_id: string;
  user_id: string;
  date: string;
  amount: number;
  currency_code: string;
  merchant_name: string;
}

function sameMerchant(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  return x === '' || y === '' || x === y;
}

/** True when a and b look like the same spend recorded twice (never true for an expense and itself). */
export function isLikelyDuplicate(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  return (
    a.expense_id !== b.expense_id &&
    a.user_id === b.user_id &&
    a.date === b.date &&
    a.amount === b.amount &&
    a.currency_code === b.currency_code &&
    sameMerchant(a.merchant_name, b.merchant_name)
  );
}

/** Ids of the expenses in `others` that duplicate `expense`, in the order given. */
export function findDuplicates(expense: DuplicateCandidate, others: readonly DuplicateCandidate[]): string[] {
  return others.filter((o) => isLikelyDuplicate(expense, o)).map((o) => o.expense_id);
}

export interface AttachedReceipt {
  expense_id: string | null;
  sha256: string;
}

/** Other expenses that already carry a receipt with any of these hashes. */
export function findReceiptDuplicates(
  expenseId: string,
  hashes: readonly string[],
  attached: readonly AttachedReceipt[],
): string[] {
  const wanted = new Set(hashes);
  const out = new Set<string>();
  for (const r of attached) {
    if (r.expense_id && r.expense_id !== expenseId && wanted.has(r.sha256)) out.add(r.expense_id);
  }
  return [...out];
}
