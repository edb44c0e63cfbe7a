import type { Expense } from '../../api/types.js';
import { DuplicateNotice } from './duplicate-notice.js';
import type { DeleteExpense } from './duplicate-notice-model.js';
import type { SavedDuplicatesModel } from './saved-duplicates-model.js';

export interface DuplicateNoticesProps {
  saved: SavedDuplicatesModel;
  /** "View it": opens `other`, which `expense` probably duplicates (the view may drop this notice). */
  onView: (other: Expense, expense: Expense) => void;
  onDelete: DeleteExpense;
}

/** A notice for each just-saved expense that looks like a duplicate, newest last. */
export function DuplicateNotices({ saved, onView, onDelete }: DuplicateNoticesProps) {
  return (
    <>
      {saved.expenses.value.map((expense) => (
        <DuplicateNotice
          key={expense.expense_id}
          expense={expense}
          deleted={saved.deleted.value.has(expense.expense_id)}
          onView={(other) => onView(other, expense)}
          onDelete={onDelete}
          onDeleted={saved.markDeleted}
          onDismiss={() => saved.remove(expense.expense_id)}
        />
      ))}
    </>
  );
}
