import { useModel } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { type DeleteExpense, DuplicateNoticeModel } from './duplicate-notice-model.js';
import { describeDuplicate, formatAmountWithCode, formatDay } from './duplicate-sentence.js';
import { canDelete } from './expense-status.js';
import './expenses.css';

export interface DuplicateNoticeProps {
  /** The expense that may be a duplicate: just saved (with `duplicate_of`), or a list row opened for editing. */
  expense: Expense;
  /** Already deleted from this notice where it was shown before (it says so instead of asking). */
  deleted?: boolean;
  /** "View it": opens the other expense. Left out, or when it could not be read, there is no such button. */
  onView?: (other: Expense) => void;
  /** The view's own delete (its refusal, e.g. a submitted expense, is shown in the notice). */
  onDelete: DeleteExpense;
  onDeleted?: (expenseId: string) => void;
  onDismiss?: () => void;
}

/**
 * "This looks like a duplicate of an expense you recorded on 16 Jan 2026 at Blue Bottle (USD 42.50)"
 * with View it, Delete this one (asks first) and Dismiss. It never blocks: the expense is saved
 * already, and the user may simply carry on. The sentence is a polite live region, so it is read
 * out when the other expense has been looked up, without taking the focus.
 */
export function DuplicateNotice({
  expense,
  deleted = false,
  onView,
  onDelete,
  onDeleted,
  onDismiss,
}: DuplicateNoticeProps) {
  const { api, me } = useApp();
  const model = useModel(() => new DuplicateNoticeModel(api, expense, deleted));
  const root = useRef<HTMLElement>(null);
  const shownDeleted = useRef(deleted).current;
  useEffect(() => {
    void model.load();
  }, [model]);
  const phase = model.phase.value;
  useEffect(() => {
    // The focused "Delete this one" is gone; keep the keyboard user in the notice.
    if ((phase === 'deleted' || phase === 'queued') && !shownDeleted)
      root.current?.querySelector<HTMLButtonElement>('.ds-notice__dismiss')?.focus();
  }, [phase]);

  if (phase === 'none' || model.dismissed.value) return null;
  // Opened for editing (or no hints): nothing to say until the server has said it is a duplicate.
  if (phase === 'checking' && !expense.duplicate_of?.length) return null;

  const other = model.other.value;
  const text =
    phase === 'deleted'
      ? 'This expense was deleted; the other one stays.'
      : phase === 'queued'
        ? 'The delete is queued and will be sent when you reconnect; the other expense stays.'
        : phase === 'checking'
          ? 'This looks like a duplicate of another expense. Looking it up…'
          : describeDuplicate(other, model.more.value, me.user_id);
  const deletable = canDelete(expense.status);
  const label = `${expense.merchant_name || expense.category_name || 'Expense'} on ${formatDay(expense.date)}, ${formatAmountWithCode(expense.amount, expense.currency_code)}`;

  return (
    <section ref={root} class="ds-notice" aria-label="Possible duplicate expense">
      <p role="status" class="ds-notice__text">
        {text}
      </p>
      {model.problem.value ? (
        <p class="ds-field__error" role="alert">
          {model.problem.value}
        </p>
      ) : null}
      <div class="ds-toolbar">
        {phase === 'named' && other && onView ? <Button onClick={() => onView(other)}>View it</Button> : null}
        {phase !== 'deleted' && phase !== 'queued' ? (
          <Button
            variant="danger"
            disabled={!deletable}
            title={deletable ? undefined : 'Only unreported and unsubmitted expenses can be deleted.'}
            onClick={model.askDelete}
          >
            Delete this one
          </Button>
        ) : null}
        <Button
          class="ds-notice__dismiss"
          onClick={() => {
            model.dismiss();
            onDismiss?.();
          }}
        >
          Dismiss
        </Button>
      </div>
      {model.confirming.value ? (
        <ConfirmDialog
          title="Delete this expense"
          confirmLabel="Delete"
          onClose={model.cancelDelete}
          onConfirm={async () => {
            if (await model.confirmDelete(onDelete)) onDeleted?.(expense.expense_id);
          }}
        >
          <p>Delete {label}? The other expense stays. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
