import { useModel } from '@preact/signals';
import { useState } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { useApp } from '../../ui/app-context.js';
import { BulkAddForm } from './bulk-add-form.js';
import { DuplicateNotice } from './duplicate-notice.js';
import { DuplicateNotices } from './duplicate-notices.js';
import { ExpenseForm, type ExpenseSaved } from './expense-form.js';
import { ExpenseList } from './expense-list.js';
import { ExpenseMoreMenu } from './expense-more-menu.js';
import { ExpensesModel } from './model.js';
import type { NewExpenseKind } from './new-expense-menu.js';
import { PerDiemForm } from './per-diem-form.js';
import { SavedDuplicatesModel } from './saved-duplicates-model.js';
import './expenses.css';

type Screen = { kind: 'list' } | { kind: NewExpenseKind } | { kind: 'edit'; expense: Expense };

/**
 * The tab's Expenses view: the lists, and the New Expense / Per Diem / Bulk Add screens. A saved
 * expense that looks like a duplicate (also one the outbox sends later) gets a notice above the
 * screen; an expense opened for editing gets its own notice in the form.
 */
export default function ExpensesView() {
  const { api, toasts, outbox } = useApp();
  const model = useModel(() => new ExpensesModel(api));
  const duplicates = useModel(() => new SavedDuplicatesModel(outbox));
  const [screen, setScreen] = useState<Screen>({ kind: 'list' });
  const back = () => {
    setScreen({ kind: 'list' });
    void model.load();
  };
  const edit = (expense: Expense) => setScreen({ kind: 'edit', expense });

  function saved(result: ExpenseSaved) {
    toasts.show(
      result.expense
        ? 'Expense saved.'
        : 'You are offline: the expense is queued and will be sent when you reconnect.',
      result.expense ? 'success' : 'info',
    );
    duplicates.add(result.expense);
    if (result.then === 'close') back();
  }

  function content() {
    switch (screen.kind) {
      case 'list':
        return (
          <ExpenseList
            model={model}
            onOpen={edit}
            onNew={(kind) => {
              if (kind === 'perdiem') void model.loadDraftReports();
              setScreen({ kind });
            }}
          />
        );
      case 'expense':
      case 'edit':
        return (
          <section aria-labelledby="ds-expense-form-title">
            <div class="ds-toolbar">
              <h1 id="ds-expense-form-title">{screen.kind === 'edit' ? 'Edit Expense' : 'New Expense'}</h1>
              <span class="ds-toolbar__spacer" />
              {screen.kind === 'edit' ? (
                <ExpenseMoreMenu expense={screen.expense} onDelete={model.deleteOne} onDeleted={back} />
              ) : null}
            </div>
            {screen.kind === 'edit' ? (
              <DuplicateNotice
                key={screen.expense.expense_id}
                expense={screen.expense}
                onView={edit}
                onDelete={model.deleteOne}
                onDeleted={back}
              />
            ) : null}
            <ExpenseForm
              {...(screen.kind === 'edit' ? { expense: screen.expense, key: screen.expense.expense_id } : {})}
              onSaved={saved}
              onCancel={back}
            />
          </section>
        );
      case 'perdiem':
        return (
          <PerDiemForm
            reports={model.draftReports.value}
            onCancel={back}
            onSaved={() => {
              toasts.show('Per diem expenses saved.', 'success');
              back();
            }}
          />
        );
      case 'bulk':
        return <BulkAddForm onDone={back} />;
    }
  }

  return (
    <>
      <DuplicateNotices
        saved={duplicates}
        onView={(other, expense) => {
          // The other expense's form says the same the other way round, with its own Delete.
          duplicates.remove(expense.expense_id);
          edit(other);
        }}
        onDelete={model.deleteOne}
      />
      {content()}
    </>
  );
}
