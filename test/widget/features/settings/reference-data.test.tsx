import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceData } from '../../../../widget/features/settings/reference-data.js';
import { button, click, fakeApi, mount, ok, page, settle, user } from '../expenses/fake-api.js';

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
});
