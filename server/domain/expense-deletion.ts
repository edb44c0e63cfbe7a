/**
 * What can be deleted (seed: "You can delete only unreported, and unsubmitted expenses").
 */
import type { ExpenseStatus } from '../db/schema.js';

export type DeletionDecision = { ok: true } | { ok: false; reason: 'EXPENSE_NOT_DELETABLE' };

/** Statuses in which an expense may be deleted. */
export const DELETABLE_EXPENSE_STATUSES: readonly ExpenseStatus[] = ['unreported', 'unsubmitted'];

export function canDeleteExpense(expense: { status: ExpenseStatus }): DeletionDecision {
  return DELETABLE_EXPENSE_STATUSES.includes(expense.status)
    ? { ok: true }
    : { ok: false, reason: 'EXPENSE_NOT_DELETABLE' };
}
