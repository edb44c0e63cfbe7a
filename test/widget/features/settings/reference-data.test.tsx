import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceData } from '../../../../widget/features/settings/reference-data.js';
import {
  button,
  byLabel,
  click,
  fakeApi,
  mount,
  ok,
  page,
  settle,
  type,
  user,
} from '../expenses/fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const T = '2026-01-01T00:00:00.000Z';

function world() {
  const state = {
    departments: [
      { department_id: 'd1', department_name: 'Events', head_user_id: null, head_user_name: null },
      { department_id: 'd2', department_name: 'Sales', head_user_id: 'u1', head_user_name: 'Lucas Martin' },
    ],
    categories: [
      { category_id: 'c1', category_name: 'Meals', is_enabled: true, status: 'active' },
      { category_id: 'c2', category_name: 'Parking', is_enabled: false, status: 'inactive' },
    ],
    currencies: [
      { currency_code: 'USD', is_base_currency: true, price_precision: 2, exchange_rate: 1 },
      { currency_code: 'EUR', is_base_currency: false, price_precision: 2, exchange_rate: 1.1 },
    ],
  };
  const stamp = <R,>(rows: R[]) => rows.map((r) => ({ ...r, created_time: T, last_modified_time: T }));
  const server = fakeApi({
    'GET /api/v1/departments': () => ok({ departments: stamp(state.departments), page_context: page }),
    'GET /api/v1/expensecategories': () =>
      ok({ expense_categories: stamp(state.categories), page_context: page }),
    'GET /api/v1/settings/currencies': () => ok({ currencies: stamp(state.currencies), page_context: page }),
    'POST /api/v1/departments': (req) => {
      const { department_name } = req.body as { department_name: string };
      state.departments.push({
        department_id: 'd3',
        department_name,
        head_user_id: null,
        head_user_name: null,
      });
      return ok({ message: 'The department has been added.' });
    },
    'POST /api/v1/expensecategories': {
      status: 409,
      body: { code: 4013, message: 'A category named "Meals" already exists.' },
    },
    'POST /api/v1/settings/currencies': (req) => {
      const { currency_code } = req.body as { currency_code: string };
      state.currencies.push({
        currency_code,
        is_base_currency: false,
        price_precision: 2,
        exchange_rate: 1.27,
      });
      return ok({ message: 'The currency has been added.' });
    },
    'POST /api/v1/expensecategories/c1/disable': () => {
      state.categories = state.categories.map((c) =>
        c.category_id === 'c1' ? { ...c, is_enabled: false, status: 'inactive' } : c,
      );
      return ok({ message: 'The expense category has been disabled.' });
    },
    'DELETE /api/v1/departments/d1': () => {
      state.departments = state.departments.filter((d) => d.department_id !== 'd1');
      return ok({ message: 'The department has been deleted.' });
    },
    'DELETE /api/v1/expensecategories/c1': {
      status: 409,
      body: {
        code: 6005,
        message: 'The category "Meals" is used by expenses and cannot be deleted; disable it instead.',
      },
    },
    'DELETE /api/v1/settings/currencies/EUR': () => {
      state.currencies = state.currencies.filter((c) => c.currency_code !== 'EUR');
      return ok({ message: 'The currency has been deleted.' });
    },
  });
  return { server, state };
}

function deleteButton(root: HTMLElement, label: string): HTMLButtonElement {
  const b = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  if (!b) throw new Error(`No button "${label}"`);
  return b;
}

function card(root: HTMLElement, title: string): HTMLElement {
  const h = Array.from(root.querySelectorAll('h3')).find((x) => x.textContent === title);
  if (!h?.parentElement) throw new Error(`No card "${title}"`);
  return h.parentElement;
}

async function open() {
  const { server, state } = world();
  const view = mount(<ReferenceData />, { api: server.api, me: user({ user_role: 'admin' }) });
  cleanup = view.unmount;
  await settle();
  return { server, state, root: view.root };
}

describe('Settings › Departments, categories and currencies', () => {
  it('lists each with a Delete action; the base currency has none', async () => {
    const { root } = await open();
    expect(card(root, 'Departments').textContent).toContain('Sales · Head: Lucas Martin');
    expect(card(root, 'Expense categories').textContent).toContain('Parking · Disabled');
    expect(card(root, 'Currencies').textContent).toContain('USD · Base currency');
    expect(deleteButton(root, 'Delete department Events').textContent).toBe('Delete');
    expect(deleteButton(root, 'Delete currency EUR')).toBeTruthy();
    expect(root.querySelector('button[aria-label="Delete currency USD"]')).toBeNull();
  });

  it('Delete asks for confirmation first; Cancel deletes nothing', async () => {
    const { server, root } = await open();
    click(deleteButton(root, 'Delete department Events'));
    await settle();
    expect(root.querySelector('[role="dialog"]')?.textContent).toContain(
      'Delete the department "Events"? This cannot be undone.',
    );
    expect(server.callsTo('DELETE /api/v1/departments/d1')).toHaveLength(0);
    click(button(root, 'Cancel'));
    await settle();
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(server.callsTo('DELETE /api/v1/departments/d1')).toHaveLength(0);
    expect(card(root, 'Departments').textContent).toContain('Events');
  });

  it('confirming deletes the department: it leaves the list and a notice says so', async () => {
    const { server, root } = await open();
    click(deleteButton(root, 'Delete department Events'));
    await settle();
    click(button(root.querySelector<HTMLElement>('[role="dialog"]')!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/departments/d1')).toHaveLength(1);
    expect(card(root, 'Departments').textContent).not.toContain('Events');
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'The department "Events" has been deleted.',
    );
  });

  it('a category still in use: the server’s refusal is shown on its list and the category stays', async () => {
    const { server, root } = await open();
    click(deleteButton(root, 'Delete expense category Meals'));
    await settle();
    click(button(root.querySelector<HTMLElement>('[role="dialog"]')!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/expensecategories/c1')).toHaveLength(1);
    const categories = card(root, 'Expense categories');
    expect(categories.querySelector('[role="alert"]')?.textContent).toBe(
      'The category "Meals" is used by expenses and cannot be deleted; disable it instead.',
    );
    expect(categories.textContent).toContain('Meals');
    expect(root.querySelector('[role="status"]')).toBeNull();
    expect(card(root, 'Departments').querySelector('[role="alert"]')).toBeNull();
  });

  it('deletes a currency by its code', async () => {
    const { server, root } = await open();
    click(deleteButton(root, 'Delete currency EUR'));
    await settle();
    click(button(root.querySelector<HTMLElement>('[role="dialog"]')!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/settings/currencies/EUR')).toHaveLength(1);
    expect(card(root, 'Currencies').textContent).not.toContain('EUR');
  });

  it('a category in use can be disabled instead; a disabled one offers Enable', async () => {
    const { server, root } = await open();
    const categories = card(root, 'Expense categories');
    expect(deleteButton(root, 'Enable expense category Parking').textContent).toBe('Enable');
    click(deleteButton(root, 'Disable expense category Meals'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensecategories/c1/disable')).toHaveLength(1);
    expect(categories.textContent).toContain('Meals · Disabled');
    expect(deleteButton(root, 'Enable expense category Meals').textContent).toBe('Enable');
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'The expense category "Meals" has been disabled.',
    );
  });

  describe('Add', () => {
    it('adds a department by name: the list shows it, a notice says so, and the field is emptied', async () => {
      const { server, root } = await open();
      const departments = card(root, 'Departments');
      type(byLabel(departments, 'New department name'), '  Field Marketing ');
      click(button(departments, 'Add department'));
      await settle();
      expect(server.callsTo('POST /api/v1/departments').map((c) => c.body)).toEqual([
        { department_name: 'Field Marketing' },
      ]);
      expect(departments.textContent).toContain('Field Marketing');
      expect(root.querySelector('[role="status"]')?.textContent).toBe(
        'The department "Field Marketing" has been added.',
      );
      expect(byLabel(departments, 'New department name').value).toBe('');
    });

    it('an empty name is refused next to the field and nothing is sent', async () => {
      const { server, root } = await open();
      const departments = card(root, 'Departments');
      type(byLabel(departments, 'New department name'), '   ');
      click(button(departments, 'Add department'));
      await settle();
      expect(departments.querySelector('[role="alert"]')?.textContent).toBe("Enter the department's name.");
      expect(byLabel(departments, 'New department name').getAttribute('aria-invalid')).toBe('true');
      expect(server.callsTo('POST /api/v1/departments')).toHaveLength(0);
    });

    it('a name the server refuses: its reason is shown by the form, which keeps what was typed', async () => {
      const { server, root } = await open();
      const categories = card(root, 'Expense categories');
      type(byLabel(categories, 'New expense category name'), 'Meals');
      click(button(categories, 'Add expense category'));
      await settle();
      expect(server.callsTo('POST /api/v1/expensecategories')).toHaveLength(1);
      expect(categories.querySelector('form [role="alert"]')?.textContent).toBe(
        'A category named "Meals" already exists.',
      );
      expect(byLabel(categories, 'New expense category name').value).toBe('Meals');
      expect(root.querySelector('[role="status"]')).toBeNull();
    });

    it('adds a currency by its code, in capitals, with the rate as typed against the base currency', async () => {
      const { server, root } = await open();
      const currencies = card(root, 'Currencies');
      type(byLabel(currencies, 'Currency code'), 'gbp');
      type(byLabel(currencies, 'Exchange rate (1 unit in USD)'), '1.27');
      click(button(currencies, 'Add currency'));
      await settle();
      expect(server.callsTo('POST /api/v1/settings/currencies').map((c) => c.body)).toEqual([
        { currency_code: 'GBP', exchange_rate: '1.27' },
      ]);
      expect(currencies.textContent).toContain('GBP');
      expect(root.querySelector('[role="status"]')?.textContent).toBe('The currency "GBP" has been added.');
    });

    it('a currency code that is not three letters is refused before anything is sent', async () => {
      const { server, root } = await open();
      const currencies = card(root, 'Currencies');
      type(byLabel(currencies, 'Currency code'), 'E1');
      click(button(currencies, 'Add currency'));
      await settle();
      expect(currencies.querySelector('[role="alert"]')?.textContent).toBe(
        'Enter a three-letter currency code, such as EUR.',
      );
      expect(server.callsTo('POST /api/v1/settings/currencies')).toHaveLength(0);
    });

    it('a rate that is not a positive number is refused next to the rate, keeping the code', async () => {
      const { server, root } = await open();
      const currencies = card(root, 'Currencies');
      type(byLabel(currencies, 'Currency code'), 'GBP');
      for (const bad of ['abc', '-1', '0', '1,27']) {
        type(byLabel(currencies, 'Exchange rate (1 unit in USD)'), bad);
        click(button(currencies, 'Add currency'));
        await settle();
        expect(currencies.querySelector('[role="alert"]')?.textContent).toBe(
          'Enter the rate as a positive number, such as 1.27, or leave it empty.',
        );
      }
      expect(server.callsTo('POST /api/v1/settings/currencies')).toHaveLength(0);
      expect(byLabel(currencies, 'Currency code').value).toBe('GBP');
    });
  });
});
