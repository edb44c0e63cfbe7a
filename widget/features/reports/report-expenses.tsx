import type { ComponentChildren } from 'preact';
import { Money } from '../../ui/money.js';
import { type Column, Table } from '../../ui/table.js';
import type { ReportExpense } from './report-page-model.js';

export interface ReportExpensesProps {
  expenses: readonly ReportExpense[];
  /** Base currency of the report's totals. */
  currency: string;
  total: number;
  /** Extra cell per expense, e.g. the approver's receipts. */
  extra?: { header: string; render: (e: ReportExpense) => ComponentChildren };
}

/** A report's expenses with their own amounts, base-currency amounts, and the report total. */
export function ReportExpenses({ expenses, currency, total, extra }: ReportExpensesProps) {
  const columns: Column<ReportExpense>[] = [
    { key: 'date', header: 'Date', nowrap: true, render: (e) => e.date },
    { key: 'merchant', header: 'Merchant', render: (e) => e.merchant_name },
    { key: 'category', header: 'Category', render: (e) => e.category_name },
    { key: 'reimb', header: 'Reimbursable', render: (e) => (e.is_reimbursable ? 'Yes' : 'No') },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      render: (e) => <Money amount={e.amount} currency={e.currency_code} />,
    },
    {
      key: 'bcy',
      header: `In ${currency}`,
      align: 'end',
      render: (e) => <Money amount={e.bcy_total} currency={currency} />,
    },
    ...(extra ? [{ key: 'extra', header: extra.header, render: extra.render }] : []),
  ];
  return (
    <Table
      caption="Expenses in this report"
      rows={expenses}
      columns={columns}
      rowKey={(e) => e.expense_id}
      footer={
        <tr>
          <td colSpan={5}>Total</td>
          <td class="ds-num">
            <Money amount={total} currency={currency} />
          </td>
          {extra ? <td /> : null}
        </tr>
      }
    />
  );
}
