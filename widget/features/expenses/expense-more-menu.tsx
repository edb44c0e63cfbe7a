import { useState } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from './confirm-dialog.js';
import type { DeleteExpense } from './duplicate-notice-model.js';
import { canDelete } from './expense-status.js';

export interface ExpenseMoreMenuProps {
  expense: Expense;
  /** Answers null once deleted, `{ queued: true }` when the delete waits in the outbox, or why it was refused. */
  onDelete: DeleteExpense;
  onDeleted: () => void;
}

/** The expense page's More → Delete, with the confirmation pop-up; says why when it cannot. */
export function ExpenseMoreMenu({ expense, onDelete, onDeleted }: ExpenseMoreMenuProps) {
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const deletable = canDelete(expense.status);
  return (
    <>
      <details class="ds-menu">
        <summary aria-label="More">More</summary>
        <div class="ds-menu__list">
          <Button
            variant="danger"
            disabled={!deletable}
            title={deletable ? undefined : 'Only unreported and unsubmitted expenses can be deleted.'}
            onClick={() => setConfirming(true)}
          >
            Delete
          </Button>
        </div>
      </details>
      {problem ? (
        <p class="ds-field__error" role="alert">
          {problem}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Delete expense"
          confirmLabel="Delete"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const answer = await onDelete(expense.expense_id);
            if (typeof answer === 'string') setProblem(answer);
            else onDeleted();
          }}
        >
          <p>Delete this expense? This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
