import type { Expense } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Money } from '../../ui/money.js';
import { type Column, Table } from '../../ui/table.js';
import { ExpenseStatus } from '../expenses/expense-status.js';
import { Pager } from '../expenses/pager.js';
import type { RelatedListModel } from './model.js';

export interface ExpensesSectionProps {
  model: RelatedListModel;
  onOpen: (expense: Expense) => void;
}

/** The record's expenses: selectable rows, status, amount, the total, paging. */
export function ExpensesSection({ model, onOpen }: ExpensesSectionProps) {
  const rows = model.expenses.value;
  const total = model.expenseTotal.value;
  const columns: Column<Expense>[] = [
    {
      key: 'date',
      header: 'Date',
      nowrap: true,
      render: (e) => (
        <Button
          variant="link"
          onClick={() => onOpen(e)}
          aria-label={`Open expense ${e.merchant_name || e.category_name} on ${e.date}`}
        >
          {e.date}
        </Button>
      ),
    },
    { key: 'merchant', header: 'Merchant', render: (e) => e.merchant_name || '—' },
    { key: 'category', header: 'Category', render: (e) => e.category_name },
    { key: 'by', header: 'Submitted by', render: (e) => e.user_name },
    { key: 'report', header: 'Report', render: (e) => e.report_name || '—' },
    { key: 'status', header: 'Status', render: (e) => <ExpenseStatus status={e.status} /> },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      render: (e) => <Money amount={e.total} currency={e.currency_code} />,
    },
  ];
  return (
    <section aria-labelledby="ds-rl-expenses">
      <h2 id="ds-rl-expenses">Expenses</h2>
      {rows.length === 0 ? (
        <EmptyState title="No expenses for this record yet." />
      ) : (
        <Table
          caption="Expenses"
          rows={rows}
          columns={columns}
          rowKey={(e) => e.expense_id}
          rowLabel={(e) => `${e.merchant_name || e.category_name} on ${e.date}`}
          selected={model.selected.value}
          onSelectionChange={model.setSelected}
          footer={
            total ? (
              <tr>
                <td colSpan={columns.length}>
                  {model.expenseContext.value?.has_more_page ? 'Total on this page' : 'Total'}
                </td>
                <td class="ds-num">
                  <Money amount={total.amount} currency={total.currency} />
                </td>
              </tr>
            ) : null
          }
        />
      )}
      <Pager
        page={model.expensePage.value}
        context={model.expenseContext.value}
        onPage={(p) => void model.goToExpensePage(p)}
      />
    </section>
  );
}
