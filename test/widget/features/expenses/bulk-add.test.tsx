import { afterEach, describe, expect, it } from 'vitest';
import { BulkAddForm } from '../../../../widget/features/expenses/bulk-add-form.js';
import { button, click, fakeApi, mount, ok, settle, type } from './fake-api.js';
import { referenceRoutes, savedExpense } from './reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function control(root: HTMLElement, label: string) {
  return root.querySelector<HTMLInputElement>(`[aria-label="${label}"]`)!;
}

describe('Bulk Add Expenses', () => {
  it('Save keeps a result per row: saved rows are marked, a refused row stays with its error', async () => {
    let n = 0;
    const server = fakeApi({
      ...referenceRoutes(),
      'POST /api/v1/expenses': (req) => {
        const body = req.body as { amount: number };
        if (body.amount === 99)
          return { status: 400, body: { code: 1004, message: 'The amount is over the policy limit.' } };
        n++;
        return ok({ expense: savedExpense({ expense_id: `e${n}` }) });
      },
    });
    const view = mount(<BulkAddForm onDone={() => undefined} />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    const root = view.root;
    expect(root.querySelectorAll('tbody tr')).toHaveLength(3);
    for (const [i, amount] of [
      [1, '10'],
      [2, '99'],
    ] as const) {
      type(control(root, `Expense ${i} category`) as unknown as HTMLSelectElement, 'c-meals');
      type(control(root, `Expense ${i} amount`), amount);
    }
    click(button(root, 'Save'));
    await settle();
    const rows = root.querySelectorAll('tbody tr');
    expect(rows[0]?.textContent).toContain('Saved');
    expect(control(root, 'Expense 1 amount').disabled).toBe(true);
    expect(rows[1]?.textContent).toContain('Not saved');
    expect(rows[1]?.textContent).toContain('The amount is over the policy limit.');
    expect(control(root, 'Expense 2 amount').value).toBe('99');
    expect(root.textContent).toContain('1 of 2 expenses saved. 1 needs attention.');
    // The empty third row is not sent; saving again sends only the failed row.
    type(control(root, 'Expense 2 amount'), '12');
    click(button(root, 'Save'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses').map((c) => (c.body as { amount: number }).amount)).toEqual(
      [10, 99, 12],
    );
  });

  it('+ Add More Expenses adds a row, and each row carries its own Reimbursable box', async () => {
    const server = fakeApi(referenceRoutes());
    const view = mount(<BulkAddForm onDone={() => undefined} />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, '+ Add More Expenses'));
    expect(view.root.querySelectorAll('tbody tr')).toHaveLength(4);
    expect(control(view.root, 'Expense 4 reimbursable').checked).toBe(true);
  });

  it('retrying a row sends the same Idempotency-Key, so a lost answer never creates it twice', async () => {
    let first = true;
    const server = fakeApi({
      ...referenceRoutes(),
      'POST /api/v1/expenses': () => {
        if (first) {
          first = false;
          return { status: 503, body: { code: 9, message: 'Try again.' } };
        }
        return ok({ expense: savedExpense() });
      },
    });
    const view = mount(<BulkAddForm onDone={() => undefined} />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    type(control(view.root, 'Expense 1 category') as unknown as HTMLSelectElement, 'c-meals');
    type(control(view.root, 'Expense 1 amount'), '10');
    click(button(view.root, 'Save'));
    await settle();
    click(button(view.root, 'Save'));
    await settle();
    const keys = server.callsTo('POST /api/v1/expenses').map((c) => c.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });
});
