import { afterEach, describe, expect, it } from 'vitest';
import ExpensesView from '../../../../widget/features/expenses/expenses-view.js';
import { button, click, fakeApi, mount, ok, page, settle } from './fake-api.js';
import { referenceRoutes, savedExpense } from './reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const EXPENSES = [
  savedExpense({
    expense_id: 'e1',
    merchant_name: 'Sushi Ten',
    amount: 4800,
    currency_code: 'JPY',
    status: 'unreported',
  }),
  savedExpense({
    expense_id: 'e2',
    merchant_name: 'Cab Co',
    amount: 1234.5,
    currency_code: 'USD',
    status: 'submitted',
  }),
  savedExpense({
    expense_id: 'e3',
    merchant_name: 'Souq Cafe',
    amount: 1.234,
    currency_code: 'KWD',
    status: 'unsubmitted',
  }),
];

async function open(routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({
    'GET /api/v1/expenses': ok({ expenses: EXPENSES, page_context: page }),
    ...routes,
  });
  const view = mount(<ExpensesView />, { api: server.api });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root };
}

describe('Expenses view', () => {
  it('formats each amount with its own currency’s decimals (JPY 0, USD 2, KWD 3)', async () => {
    const { root } = await open();
    const amounts = Array.from(root.querySelectorAll('.ds-money')).map((m) => m.textContent);
    expect(amounts[0]).toMatch(/4,800(?![.\d])/);
    expect(amounts[1]).toContain('1,234.50');
    expect(amounts[2]).toContain('1.234');
  });

  it('Unreported Expenses asks the server for unreported expenses only', async () => {
    const { root, server } = await open();
    click(button(root, 'Unreported Expenses'));
    await settle();
    const last = server.callsTo('GET /api/v1/expenses').at(-1)!;
    expect(last.query.get('status')).toBe('unreported');
  });

  it('shows an empty state, and an error with Try again when loading fails', async () => {
    const empty = await open({ 'GET /api/v1/expenses': ok({ expenses: [], page_context: page }) });
    expect(empty.root.textContent).toContain('No expenses match.');
    cleanup?.();
    const failing = await open({
      'GET /api/v1/expenses': { status: 403, body: { code: 4003, message: 'Not allowed.' } },
    });
    expect(failing.root.querySelector('[role=alert]')?.textContent).toContain('Not allowed.');
    expect(button(failing.root, 'Try again')).toBeTruthy();
  });

  it('bulk Delete asks first, then names each expense that was kept with the server’s reason', async () => {
    const { root, server } = await open({
      'POST /api/v1/expenses/bulkdelete': ok({
        results: [
          { expense_id: 'e1', deleted: true },
          { expense_id: 'e2', deleted: false, code: 4005, message: 'Submitted expenses cannot be deleted.' },
        ],
      }),
    });
    click(root.querySelector<HTMLInputElement>('input[aria-label="Select Sushi Ten on 2026-03-02"]')!);
    click(root.querySelector<HTMLInputElement>('input[aria-label="Select Cab Co on 2026-03-02"]')!);
    click(button(root, 'Delete'));
    expect(root.querySelector('[role=dialog]')?.textContent).toContain('Delete 2 expenses?');
    expect(server.callsTo('POST /api/v1/expenses/bulkdelete')).toHaveLength(0);
    click(button(root.querySelector('[role=dialog]')!, 'Delete'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses/bulkdelete')[0]?.body).toEqual({
      expense_ids: ['e1', 'e2'],
    });
    const alert = Array.from(root.querySelectorAll('[role=alert]')).find((a) =>
      a.textContent?.includes('not deleted'),
    );
    expect(alert?.textContent).toContain('Cab Co on 2026-03-02');
    expect(alert?.textContent).toContain('Submitted expenses cannot be deleted.');
    expect(alert?.textContent).not.toContain('Sushi Ten');
    expect(root.textContent).toContain('1 of 2 expenses deleted.');
  });

  it('Add to Report can make a new report for the selection', async () => {
    const { root, server } = await open({
      'GET /api/v1/expensereports': ok({ expense_reports: [], page_context: page }),
      'POST /api/v1/expenses/addtoreport': ok({ report_id: 'r-new', results: [] }),
    });
    click(root.querySelector<HTMLInputElement>('input[aria-label="Select Sushi Ten on 2026-03-02"]')!);
    click(button(root, 'Add to Report'));
    await settle();
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    const select = dialog.querySelector('select')!;
    expect(Array.from(select.options).map((o) => o.textContent)).toContain('+ Add to New Report');
    select.value = '__new__';
    click(select);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    const name = dialog.querySelector<HTMLInputElement>('input')!;
    name.value = 'Tokyo visit';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    click(button(dialog, 'Add to Report'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses/addtoreport')[0]?.body).toEqual({
      expense_ids: ['e1'],
      new_report: { report_name: 'Tokyo visit' },
    });
  });

  it('+ New Expense offers New Expense, Per Diem and Bulk Add Expenses', async () => {
    const { root } = await open();
    click(button(root, '+ New Expense'));
    const items = Array.from(root.querySelectorAll('[role=menuitem]')).map((i) => i.textContent);
    expect(items).toEqual(['New Expense', 'Per Diem', 'Bulk Add Expenses']);
  });

  it('an expense’s More → Delete asks first, then deletes it; a submitted one cannot be deleted', async () => {
    const { root, server } = await open({ ...referenceRoutes(), 'DELETE /api/v1/expenses/e1': ok({}) });
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Open Cab Co on 2026-03-02"]')!);
    await settle();
    expect(button(root, 'Delete').disabled).toBe(true);
    click(button(root, 'Cancel'));
    await settle();
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Open Sushi Ten on 2026-03-02"]')!);
    await settle();
    click(button(root, 'Delete'));
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(0);
    click(button(root.querySelector<HTMLElement>('[role=dialog]')!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(1);
    expect(root.textContent).toContain('Expense deleted.');
  });
});
