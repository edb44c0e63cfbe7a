/**
 * One duplicate notice: which expense this one probably duplicates (read with GET /expenses/{id} to
 * name it), and the user's answer to it: look at it, delete this one (after a confirmation), or
 * dismiss the notice.
 */
import { action, createModel, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client.js';
import type { Expense } from '../../api/types.js';

/**
 * checking: reading the hints or the other expense; named: the other expense was read; unnamed: it
 * could not be read (the notice says so in general words); none: no duplicate after all;
 * deleted: the user deleted this expense from the notice; queued: the user deleted it offline, and
 * the delete waits in the outbox.
 */
export type DuplicatePhase = 'checking' | 'named' | 'unnamed' | 'none' | 'deleted' | 'queued';

/** The delete waits in the outbox (offline) and is sent when the connection returns. */
export interface DeleteQueued {
  queued: true;
}

/** Answers null once the expense is deleted, `{ queued: true }` when the delete waits in the outbox, or why the server refused. */
export type DeleteExpense = (expenseId: string) => Promise<string | null | DeleteQueued>;

export const DuplicateNoticeModel = createModel((api: ApiClient, expense: Expense, deleted = false) => {
  const phase = signal<DuplicatePhase>(deleted ? 'deleted' : 'checking', { name: 'duplicateNotice.phase' });
  const other = signal<Expense | null>(null, { name: 'duplicateNotice.other' });
  /** How many expenses match besides the one named. */
  const more = signal(0, { name: 'duplicateNotice.more' });
  const confirming = signal(false, { name: 'duplicateNotice.confirming' });
  const problem = signal<string | null>(null, { name: 'duplicateNotice.problem' });
  const dismissed = signal(false, { name: 'duplicateNotice.dismissed' });

  const read = (id: string) => api.get<{ expense: Expense }>(`/api/v1/expenses/${id}`);

  return {
    phase,
    other,
    more,
    confirming,
    problem,
    dismissed,
    /**
     * A saved expense carries its hints; a list row opened for editing does not, so its detail is
     * read first (and a failure there shows no notice: nothing is known).
     */
    load: action(async () => {
      if (phase.value === 'deleted') return;
      let ids = expense.duplicate_of;
      if (!ids) {
        try {
          ids = (await read(expense.expense_id)).expense.duplicate_of ?? [];
        } catch {
          ids = [];
        }
      }
      const [first, ...rest] = ids;
      if (!first) {
        phase.value = 'none';
        return;
      }
      more.value = rest.length;
      try {
        other.value = (await read(first)).expense;
        phase.value = 'named';
      } catch {
        phase.value = 'unnamed';
      }
    }),
    askDelete: action(() => {
      problem.value = null;
      confirming.value = true;
    }),
    cancelDelete: action(() => {
      confirming.value = false;
    }),
    /** Deletes this expense through the view's delete; a refusal is shown in the notice. */
    confirmDelete: action(async (deleteExpense: DeleteExpense) => {
      const answer = await deleteExpense(expense.expense_id);
      if (typeof answer === 'string') problem.value = answer;
      else phase.value = answer ? 'queued' : 'deleted';
      return typeof answer !== 'string';
    }),
    dismiss: action(() => {
      dismissed.value = true;
    }),
  };
});

export type DuplicateNoticeModel = InstanceType<typeof DuplicateNoticeModel>;
