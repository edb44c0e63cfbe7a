import type { Expense } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Money } from '../../ui/money.js';
import { type Column, Table } from '../../ui/table.js';
import { ExpenseStatus } from './expense-status.js';

export interface ExpenseTableProps {
  caption: string;
  expenses: readonly Expense[];
  selected?: ReadonlySet<string>;
  onSelectionChange?: (next: Set<string>) => void;
  onOpen?: (expense: Expense) => void;
}

/** "Merchant on date": how a row is named to screen readers and in messages. */
export function expenseLabel(e: Expense): string {
  return `${e.merchant_name || e.category_name || 'Expense'} on ${e.date}`;
}

/** Expenses as a table: date, merchant, category, customer and deal, report, status, amount. */
export function ExpenseTable({ caption, expenses, selected, onSelectionChange, onOpen }: ExpenseTableProps) {
  const columns: Column<Expense>[] = [
    { key: 'date', header: 'Date', nowrap: true, render: (e) => e.date },
    {
      key: 'merchant',
      header: 'Merchant',
      render: (e) =>
        onOpen ? (
          <Button variant="link" onClick={() => onOpen(e)} aria-label={`Open ${expenseLabel(e)}`}>
            {e.merchant_name || '(no merchant)'}
          </Button>
        ) : (
          e.merchant_name
        ),
    },
    { key: 'category', header: 'Category', render: (e) => e.category_name ?? '' },
    {
      key: 'customer',
      header: 'Customer',
      render: (e) => [e.customer_name, e.deal_name].filter(Boolean).join(' · '),
    },
    { key: 'report', header: 'Report', render: (e) => e.report_name ?? '' },
    { key: 'status', header: 'Status', render: (e) => <ExpenseStatus status={e.status} /> },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      render: (e) => <Money amount={e.amount} currency={e.currency_code} />,
    },
  ];
  const selection =
    selected && onSelectionChange ? { selected, onSelectionChange, rowLabel: expenseLabel } : {};
  return (
    <Table caption={caption} rows={expenses} columns={columns} rowKey={(e) => e.expense_id} {...selection} />
  );
}
