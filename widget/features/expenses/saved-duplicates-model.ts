/**
 * Expenses just saved that the server says probably duplicate others (`duplicate_of`), until the
 * user acts on each one's notice. Saves made online are added by the view; a save that waited in
 * the outbox is added when replay sends it, if this view is open then (otherwise its answer is
 * not known here).
 */
import { action, createModel, effect, signal } from '@preact/signals';
import type { Outbox } from '../../api/outbox.js';
import type { Expense } from '../../api/types.js';

/** The expense in a write's answer (`{ expense: {…} }`), when it carries duplicate hints. */
function flaggedIn(answer: unknown): Expense | null {
  const expense = (answer as { expense?: Expense } | null | undefined)?.expense;
  return expense?.duplicate_of?.length ? expense : null;
}

export const SavedDuplicatesModel = createModel((outbox?: Pick<Outbox, 'onReplayed'>) => {
  const expenses = signal<readonly Expense[]>([], { name: 'savedDuplicates.expenses' });
  /** Deleted from their notice: a notice shown again elsewhere (dialog → panel) says so, not asks again. */
  const deleted = signal<ReadonlySet<string>>(new Set(), { name: 'savedDuplicates.deleted' });

  /** Keeps the saved expense when its answer names duplicates; a second save of it replaces the first. */
  const add = action((saved: Expense | null | undefined) => {
    const expense = flaggedIn({ expense: saved });
    if (!expense) return;
    expenses.value = [...expenses.value.filter((e) => e.expense_id !== expense.expense_id), expense];
  });

  effect(() => outbox?.onReplayed((_write, answer) => add(flaggedIn(answer))));

  return {
    expenses,
    deleted,
    add,
    markDeleted: action((expenseId: string) => {
      deleted.value = new Set([...deleted.value, expenseId]);
    }),
    /** The user dismissed the notice or went to look at the other expense. */
    remove: action((expenseId: string) => {
      expenses.value = expenses.value.filter((e) => e.expense_id !== expenseId);
    }),
  };
});

export type SavedDuplicatesModel = InstanceType<typeof SavedDuplicatesModel>;
