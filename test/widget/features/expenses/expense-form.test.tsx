import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpenseForm } from '../../../../widget/features/expenses/expense-form.js';
import {
  button,
  byLabel,
  click,
  fakeApi,
  mount,
  ok,
  pagedRoute,
  settle,
  type,
  user,
  usersRoute,
} from './fake-api.js';
import { referenceRoutes, savedExpense } from './reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function openForm(
  routes: Parameters<typeof fakeApi>[0],
  props: Partial<Parameters<typeof ExpenseForm>[0]> = {},
) {
  const server = fakeApi({ ...referenceRoutes(), ...routes });
  const onSaved = vi.fn();
  const view = mount(<ExpenseForm onSaved={onSaved} {...props} />, { api: server.api });
  cleanup = view.unmount;
  await settle();
  return { server, onSaved, root: view.root };
}

function fill(root: HTMLElement) {
  type(byLabel(root, 'Date'), '2026-03-02');
  type(byLabel(root, 'Category'), 'c-meals');
  type(byLabel(root, 'Amount'), '42.50');
  type(byLabel(root, 'Merchant'), 'Cafe Lumen');
}

describe('ExpenseForm', () => {
  it('Category offers every enabled category, past the first page', async () => {
    const categories = Array.from({ length: 60 }, (_, i) => ({
      category_id: `c${i}`,
      category_name: `Category ${String(i).padStart(2, '0')}`,
      is_enabled: i !== 0,
    }));
    const { root } = await openForm({
      'GET /api/v1/expensecategories': pagedRoute('expense_categories', categories),
    });
    const names = Array.from((byLabel(root, 'Category') as unknown as HTMLSelectElement).options)
      .filter((o) => o.value !== '')
      .map((o) => o.textContent);
    expect(names).toHaveLength(59);
    expect(names).toContain('Category 59');
    expect(names).not.toContain('Category 00');
  });

  it('Add an employee offers every active employee, past the first page of users', async () => {
    const staff = Array.from({ length: 230 }, (_, i) =>
      user({ user_id: `u${i}`, name: `Employee ${String(i).padStart(3, '0')}` }),
    );
    const gone = user({ user_id: 'u-gone', name: 'Former Employee', status: 'inactive' });
    const { root } = await openForm({ 'GET /api/v1/users': usersRoute([...staff, gone]) });
    const employees = Array.from((byLabel(root, 'Add an employee') as unknown as HTMLSelectElement).options)
      .filter((o) => o.value !== '')
      .map((o) => o.textContent);
    expect(employees).toHaveLength(230);
    expect(employees).toContain('Employee 229');
    expect(employees).not.toContain('Former Employee');
  });

  it('shows the seed’s fields and buttons', async () => {
    const { root } = await openForm({});
    for (const label of [
      'Date',
      'Category',
      'Amount',
      'Currency',
      'Merchant',
      'Reference',
      'Description',
      'Customer',
    ]) {
      expect(byLabel(root, label)).toBeTruthy();
    }
    expect(root.textContent).toContain('Claim Reimbursement');
    expect(root.textContent).toContain('Billable');
    expect(root.textContent).toContain('Search in Zoho CRM');
    expect(root.textContent).toContain('Attendees');
    expect(byLabel(root, 'Add to Report')).toBeTruthy();
    expect(button(root, 'Save and Close')).toBeTruthy();
    expect(button(root, 'Save and New')).toBeTruthy();
  });

  it('defaults the currency to the organisation’s base currency', async () => {
    const { root } = await openForm({});
    expect(byLabel(root, 'Currency').value).toBe('USD');
  });

  it('a 400 naming a field shows its message next to that field and keeps every typed value', async () => {
    const { root, onSaved } = await openForm({
      'POST /api/v1/expenses': { status: 400, body: { code: 1002, message: 'body.amount must be > 0' } },
    });
    fill(root);
    click(button(root, 'Save and Close'));
    await settle();
    const amount = byLabel(root, 'Amount');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    const errorId = amount.getAttribute('aria-describedby')!;
    expect(root.querySelector(`[id="${errorId}"]`)?.textContent).toBe('amount must be > 0');
    expect(amount.value).toBe('42.50');
    expect(byLabel(root, 'Merchant').value).toBe('Cafe Lumen');
    expect(byLabel(root, 'Category').value).toBe('c-meals');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses more decimals than the currency has, before sending anything', async () => {
    const { root, server } = await openForm({});
    fill(root);
    type(byLabel(root, 'Currency'), 'JPY');
    type(byLabel(root, 'Amount'), '1200.5');
    click(button(root, 'Save and Close'));
    await settle();
    expect(root.textContent).toContain('JPY amounts have no decimal places.');
    expect(server.callsTo('POST /api/v1/expenses')).toHaveLength(0);
  });

  it('Save and Close sends the Zoho fields and reports the saved expense', async () => {
    const { root, server, onSaved } = await openForm({
      'POST /api/v1/expenses': ok({ expense: savedExpense() }),
    });
    fill(root);
    type(byLabel(root, 'Add to Report'), 'r-draft');
    click(button(root, 'Save and Close'));
    await settle();
    const [post] = server.callsTo('POST /api/v1/expenses');
    expect(post?.body).toMatchObject({
      date: '2026-03-02',
      category_id: 'c-meals',
      amount: 42.5,
      currency_code: 'USD',
      merchant_name: 'Cafe Lumen',
      is_reimbursable: true,
      is_billable: false,
      report_id: 'r-draft',
    });
    expect(post?.headers.get('idempotency-key')).toBeTruthy();
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(onSaved.mock.calls[0]?.[0]).toMatchObject({ expense: { expense_id: 'e1' } });
    expect(onSaved.mock.calls[0]?.[0].then).toBe('close');
  });

  it('Save and New clears the form for the next expense but keeps the prefilled customer', async () => {
    const { root, onSaved } = await openForm(
      { 'POST /api/v1/expenses': ok({ expense: savedExpense() }), 'GET /api/v1/deals': ok({ deals: [] }) },
      { initial: { customer_id: 'cu-1', customer_name: 'Zylker Inc' } },
    );
    fill(root);
    click(button(root, 'Save and New'));
    await settle();
    expect(onSaved.mock.calls[0]?.[0].then).toBe('new');
    expect(byLabel(root, 'Amount').value).toBe('');
    expect(byLabel(root, 'Merchant').value).toBe('');
    expect(root.textContent).toContain('Zylker Inc');
  });

  it('lists the chosen customer’s deals as Potential, and sends the chosen one', async () => {
    const { root, server } = await openForm(
      {
        'GET /api/v1/deals': (req) =>
          ok({
            deals:
              req.query.get('customer_id') === 'cu-1' ? [{ deal_id: 'd-9', deal_name: 'Fleet renewal' }] : [],
          }),
        'POST /api/v1/expenses': ok({ expense: savedExpense() }),
      },
      { initial: { customer_id: 'cu-1', customer_name: 'Zylker Inc' } },
    );
    const potential = byLabel(root, 'Potential') as unknown as HTMLSelectElement;
    expect(Array.from(potential.options).map((o) => o.textContent)).toContain('Fleet renewal');
    fill(root);
    type(potential, 'd-9');
    click(button(root, 'Save and Close'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses')[0]?.body).toMatchObject({
      customer_id: 'cu-1',
      deal_id: 'd-9',
    });
  });

  it('lists every deal of a customer with many, past the first page', async () => {
    const deals = Array.from({ length: 75 }, (_, i) => ({ deal_id: `d${i}`, deal_name: `Deal ${i}` }));
    const { root } = await openForm(
      { 'GET /api/v1/deals': pagedRoute('deals', deals) },
      { initial: { customer_id: 'cu-1', customer_name: 'Zylker Inc' } },
    );
    await settle();
    const names = Array.from((byLabel(root, 'Potential') as unknown as HTMLSelectElement).options).map(
      (o) => o.textContent,
    );
    expect(names).toContain('Deal 74');
  });

  it('uploads the attached receipts to the new expense and refuses a sixth', async () => {
    const { root, server } = await openForm({
      'POST /api/v1/expenses': ok({ expense: savedExpense({ expense_id: 'e7' }) }),
      'POST /api/v1/expenses/e7/receipt': ok({}),
    });
    fill(root);
    const input = root.querySelector('input[type=file]') as HTMLInputElement;
    const files = Array.from({ length: 6 }, (_, i) => new File(['x'], `r${i}.png`, { type: 'image/png' }));
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    click(input);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(root.textContent).toContain('at most 5 receipts');
    click(button(root, 'Save and Close'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses/e7/receipt').map((c) => c.fileName)).toEqual([
      'r0.png',
      'r1.png',
      'r2.png',
      'r3.png',
      'r4.png',
    ]);
  });

  it('editing sends PUT with last_modified_time, and a 409 says so while keeping the edit', async () => {
    const expense = savedExpense({
      merchant_name: 'Cafe',
      is_reimbursable: true,
      is_billable: false,
      description: '',
      reference_number: '',
      customer_id: null,
      deal_id: null,
      attendees: [{ user_id: 'u-mgr', name: 'Max Manager' }],
    }) as never;
    const { root, server } = await openForm(
      {
        'PUT /api/v1/expenses/e1': {
          status: 409,
          body: { code: 4001, message: 'The expense was changed since you loaded it.' },
        },
      },
      { expense },
    );
    expect(root.textContent).toContain('Max Manager');
    expect(() => button(root, 'Save and New')).toThrow();
    type(byLabel(root, 'Merchant'), 'Cafe Lumen');
    click(button(root, 'Save and Close'));
    await settle();
    const [put] = server.callsTo('PUT /api/v1/expenses/e1');
    expect(put?.body).toMatchObject({
      merchant_name: 'Cafe Lumen',
      last_modified_time: '2026-03-02T10:00:00Z',
      customer_id: null,
      attendees: [{ user_id: 'u-mgr' }],
    });
    expect(put?.body).not.toHaveProperty('report_id');
    expect(root.textContent).toContain('The expense was changed since you loaded it.');
    expect(byLabel(root, 'Merchant').value).toBe('Cafe Lumen');
  });
});
