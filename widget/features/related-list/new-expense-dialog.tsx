import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { Dialog } from '../../ui/dialog.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import type { ExpenseFormProps } from '../expenses/expense-form.js';
import type { RecordScope } from './record-scope.js';

export interface NewExpenseDialogProps {
  scope: RecordScope;
  currency: string;
  onDone: (saved: boolean) => void;
  /** Each save, with the server's answer (null when it was queued offline). */
  onSaved?: (expense: Expense | null) => void;
  /** Shown above the form, e.g. a duplicate notice after "Save and New". */
  notices?: ComponentChildren;
}

/**
 * "New Expense" from a record: the tab's expense form in a dialog, the customer (and on a deal
 * page the deal) prefilled. The form is loaded on demand so the panel's first paint stays small.
 */
export function NewExpenseDialog({ scope, currency, onDone, onSaved, notices }: NewExpenseDialogProps) {
  const [Form, setForm] = useState<ComponentType<ExpenseFormProps> | null>(null);
  const [failed, setFailed] = useState(false);
  // "Save and New" keeps the dialog open; the list still reloads when it closes.
  const savedAny = useRef(false);
  const close = () => onDone(savedAny.current);
  useEffect(() => {
    import('../expenses/expense-form.js').then(
      (m) => setForm(() => m.ExpenseForm),
      () => setFailed(true),
    );
  }, []);
  const initial = {
    currency_code: currency,
    ...(scope.customer ? { customer_id: scope.customer.id, customer_name: scope.customer.name } : {}),
    ...(scope.deal ? { deal_id: scope.deal.id } : {}),
  };
  return (
    <Dialog title="New Expense" wide onClose={close}>
      {notices}
      {failed ? (
        <ErrorState message="The expense form could not be loaded. Check your connection." />
      ) : Form ? (
        <Form
          initial={initial}
          onSaved={(r) => {
            savedAny.current = true;
            onSaved?.(r.expense);
            if (r.then === 'close') close();
          }}
          onCancel={close}
        />
      ) : (
        <Spinner />
      )}
    </Dialog>
  );
}
