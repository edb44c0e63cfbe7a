import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { AttendeesPicker } from './attendees-picker.js';
import { ExpenseFormModel, type ExpenseFormValues } from './expense-form-model.js';
import { ExpenseLinkFields } from './expense-link-fields.js';
import { ExpenseMainFields } from './expense-main-fields.js';
import { ReceiptDrop } from './receipt-drop.js';
import { ReportPicker } from './report-picker.js';
import { todayIso } from './today.js';
import './expenses.css';

export interface ExpenseSaved {
  /** null when the save was queued offline. */
  expense: Expense | null;
  /** What the user asked for next: close, a blank form, or the next inbox receipt. */
  then: 'close' | 'new' | 'next';
  nextReceiptId: string | null;
}

export interface ExpenseFormProps {
  /** Prefilled values, e.g. `{ customer_id, customer_name, deal_id }` from a CRM record. */
  initial?: Partial<ExpenseFormValues>;
  /** Editing an existing expense. */
  expense?: Expense;
  /** Converting an inbox receipt: the second button becomes "Save and Next". */
  receiptId?: string;
  onSaved: (result: ExpenseSaved) => void;
  onCancel?: () => void;
  /** Where drafts are saved as the user types; the shell's drafts by default. */
  drafts?: { save(key: string, value: unknown): unknown; load(key: string): Promise<unknown> };
}

/**
 * The expense form of "+ New Expense" with every field of the seed; errors show next to their field
 * and every typed value stays. Reused in a dialog by the related-list panel.
 */
export function ExpenseForm({ initial, expense, receiptId, onSaved, onCancel, drafts }: ExpenseFormProps) {
  const app = useApp();
  const { api } = app;
  const store = drafts ?? app.drafts;
  const model = useModel(
    () =>
      new ExpenseFormModel({
        api,
        today: todayIso(),
        baseCurrency: initial?.currency_code ?? expense?.currency_code ?? 'USD',
        ...(initial ? { initial } : {}),
        ...(expense ? { expense } : {}),
        ...(receiptId ? { receiptId } : {}),
        ...(store ? { drafts: store } : {}),
        ...(app.outbox ? { outbox: app.outbox } : {}),
      }),
  );
  useEffect(() => {
    void model.loadReference();
    void model.restoreDraft();
  }, [model]);

  const v = model.values.value;
  const e = model.errors.value;
  const second = receiptId ? 'next' : expense ? null : 'new';

  async function save(then: ExpenseSaved['then']) {
    const outcome = await model.save();
    if (outcome.kind === 'invalid') return;
    const saved = outcome.kind === 'saved' ? outcome.expense : null;
    if (then === 'new') model.reset();
    onSaved({ expense: saved, then, nextReceiptId: outcome.kind === 'saved' ? outcome.nextReceiptId : null });
  }

  return (
    <form
      class="ds-expense-form"
      aria-label={expense ? 'Edit expense' : 'New Expense'}
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        void save('close');
      }}
    >
      {model.referenceError.value ? (
        <p class="ds-field__error" role="alert">
          {model.referenceError.value}
        </p>
      ) : null}
      <div class="ds-form-grid">
        <ExpenseMainFields model={model} />
        <div class="ds-field--wide">
          <ReceiptDrop
            label={`Receipts (${model.receiptCount.value} of 5)`}
            files={model.files.value}
            onFiles={model.addFiles}
            onRemove={model.removeFile}
            error={e.receipts}
          />
        </div>
        <ExpenseLinkFields model={model} />
        <ReportPicker
          reports={model.reports.value}
          value={v.report}
          error={e.report}
          onChange={(r) => model.set('report', r)}
        />
        <AttendeesPicker
          users={model.users.value}
          value={v.attendees}
          onChange={(a) => model.set('attendees', a)}
        />
      </div>
      {e.form ? (
        <p class="ds-field__error" role="alert">
          {e.form}
        </p>
      ) : null}
      {model.status.value ? <p role="status">{model.status.value}</p> : null}
      <div class="ds-toolbar">
        <Button type="submit" variant="primary" busy={model.saving.value}>
          Save and Close
        </Button>
        {second ? (
          <Button busy={model.saving.value} onClick={() => void save(second)}>
            {second === 'next' ? 'Save and Next' : 'Save and New'}
          </Button>
        ) : null}
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
