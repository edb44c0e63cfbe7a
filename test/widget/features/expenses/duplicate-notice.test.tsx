import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDealSpendDB } from '../../../../widget/api/db.js';
import { createOutbox } from '../../../../widget/api/outbox.js';
import { createQueueingClient } from '../../../../widget/api/queueing-client.js';
import ExpensesView from '../../../../widget/features/expenses/expenses-view.js';
import { button, byLabel, click, fakeApi, mount, ok, page, settle, type } from './fake-api.js';
import { referenceRoutes, savedExpense } from './reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The expense recorded first, which the new one probably duplicates. */
const FIRST = savedExpense({
  expense_id: 'e0',
  user_id: 'u-rep',
  date: '2026-01-16',
  merchant_name: 'Blue Bottle',
  amount: 42.5,
  currency_code: 'USD',
});
/** What the server answers for the new one. */
const SECOND = savedExpense({
  expense_id: 'e1',
  user_id: 'u-rep',
  date: '2026-01-16',
  merchant_name: 'Blue Bottle',
  amount: 42.5,
  currency_code: 'USD',
  duplicate_of: ['e0'],
});

/** Text with Intl's non-breaking spaces made plain, so "USD 42.50" reads as typed. */
const textOf = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\u00a0/g, ' ');
const notice = (root: HTMLElement) =>
  root.querySelector<HTMLElement>('section[aria-label="Possible duplicate expense"]');

async function openView(routes: Parameters<typeof fakeApi>[0]) {
  const server = fakeApi({
    ...referenceRoutes(),
    'GET /api/v1/expenses': ok({ expenses: [], page_context: page }),
    'GET /api/v1/expenses/e0': ok({ expense: FIRST }),
    'POST /api/v1/expenses': ok({ expense: SECOND }),
    ...routes,
  });
  const view = mount(<ExpensesView />, { api: server.api });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root };
}

/** New Expense, filled in as a duplicate of FIRST; `beforeSave` runs once the form is ready. */
async function saveNewExpense(root: HTMLElement, beforeSave?: () => void) {
  click(button(root, '+ New Expense'));
  click(root.querySelector<HTMLElement>('[role=menuitem]')!);
  await settle();
  type(byLabel(root, 'Date'), '2026-01-16');
  type(byLabel(root, 'Category'), 'c-meals');
  type(byLabel(root, 'Amount'), '42.50');
  type(byLabel(root, 'Merchant'), 'Blue Bottle');
  beforeSave?.();
  click(button(root, 'Save and Close'));
  await settle(10);
}

describe('Duplicate notice after New Expense', () => {
  it('names the other expense by its date, merchant and amount, and offers View it, Delete this one and Dismiss', async () => {
    const { root, server } = await openView({});
    await saveNewExpense(root);
    expect(server.callsTo('GET /api/v1/expenses/e0')).toHaveLength(1);
    expect(textOf(notice(root)?.querySelector('[role=status]'))).toBe(
      'This looks like a duplicate of an expense you recorded on 16 Jan 2026 at Blue Bottle (USD 42.50).',
    );
    for (const action of ['View it', 'Delete this one', 'Dismiss'])
      expect(button(notice(root)!, action)).toBeTruthy();
  });

  it('shows no notice when the answer names no duplicates', async () => {
    const { root, server } = await openView({
      'POST /api/v1/expenses': ok({ expense: { ...SECOND, duplicate_of: [] } }),
    });
    await saveNewExpense(root);
    expect(server.callsTo('POST /api/v1/expenses')).toHaveLength(1);
    expect(notice(root)).toBeNull();
    expect(root.textContent).not.toContain('looks like a duplicate');
    expect(server.callsTo('GET /api/v1/expenses/e0')).toHaveLength(0);
  });

  it('Delete this one asks first, and deletes only this expense once confirmed', async () => {
    const { root, server } = await openView({ 'DELETE /api/v1/expenses/e1': ok({}) });
    await saveNewExpense(root);
    click(button(notice(root)!, 'Delete this one'));
    await settle();
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    expect(textOf(dialog)).toContain('Delete Blue Bottle on 16 Jan 2026, USD 42.50?');
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(0);
    click(button(dialog, 'Cancel'));
    await settle();
    expect(root.querySelector('[role=dialog]')).toBeNull();
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(0);

    click(button(notice(root)!, 'Delete this one'));
    await settle();
    click(button(root.querySelector<HTMLElement>('[role=dialog]')!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(1);
    expect(server.callsTo('DELETE /api/v1/expenses/e0')).toHaveLength(0);
    expect(textOf(notice(root))).toContain('This expense was deleted; the other one stays.');
    expect(document.activeElement?.textContent).toBe('Dismiss');
  });

  it('shows the server’s refusal in the notice when the expense cannot be deleted', async () => {
    const { root } = await openView({
      'DELETE /api/v1/expenses/e1': {
        status: 409,
        body: { code: 4003, message: 'Only unreported and unsubmitted expenses can be deleted.' },
      },
    });
    await saveNewExpense(root);
    click(button(notice(root)!, 'Delete this one'));
    await settle();
    click(button(root.querySelector<HTMLElement>('[role=dialog]')!, 'Delete'));
    await settle();
    expect(textOf(notice(root)?.querySelector('[role=alert]'))).toBe(
      'Only unreported and unsubmitted expenses can be deleted.',
    );
    expect(button(notice(root)!, 'Delete this one')).toBeTruthy();
  });

  it('Delete this one while offline queues the delete and says so, not as a refusal', async () => {
    const server = fakeApi({
      ...referenceRoutes(),
      'GET /api/v1/expenses': ok({ expenses: [], page_context: page }),
      'GET /api/v1/expenses/e0': ok({ expense: FIRST }),
      'POST /api/v1/expenses': ok({ expense: SECOND }),
      'DELETE /api/v1/expenses/e1': ok({}),
    });
    const win = new EventTarget();
    const outbox = createOutbox({
      api: server.api,
      db: openDealSpendDB('duplicate-notice-offline-delete'),
      random: () => 0.5,
      win,
      setTimer: () => undefined,
    });
    const view = mount(<ExpensesView />, { api: createQueueingClient(server.api, outbox), outbox });
    cleanup = view.unmount;
    await settle();
    await saveNewExpense(view.root);
    server.setOffline(true);
    click(button(notice(view.root)!, 'Delete this one'));
    await settle();
    click(button(view.root.querySelector<HTMLElement>('[role=dialog]')!, 'Delete'));
    await settle();
    expect(outbox.pending.value).toBe(1);
    expect(notice(view.root)?.querySelector('[role=alert]')).toBeNull();
    expect(textOf(notice(view.root)?.querySelector('[role=status]'))).toBe(
      'The delete is queued and will be sent when you reconnect; the other expense stays.',
    );
    expect(() => button(notice(view.root)!, 'Delete this one')).toThrow();
    expect(document.activeElement?.textContent).toBe('Dismiss');
    // Back online, the outbox sends the delete.
    server.setOffline(false);
    win.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(outbox.pending.value).toBe(0));
    expect(outbox.conflicts.value).toHaveLength(0);
    expect(server.callsTo('DELETE /api/v1/expenses/e1').length).toBeGreaterThan(1);
    expect(server.callsTo('DELETE /api/v1/expenses/e0')).toHaveLength(0);
  });

  it('Dismiss hides the notice', async () => {
    const { root } = await openView({});
    await saveNewExpense(root);
    expect(notice(root)).not.toBeNull();
    click(button(notice(root)!, 'Dismiss'));
    await settle();
    expect(notice(root)).toBeNull();
    expect(root.textContent).not.toContain('looks like a duplicate');
  });

  it('falls back to a general message, without View it, when the other expense cannot be read', async () => {
    const { root, server } = await openView({
      'GET /api/v1/expenses/e0': { status: 404, body: { code: 4040, message: 'Expense not found.' } },
    });
    await saveNewExpense(root);
    expect(server.callsTo('GET /api/v1/expenses/e0')).toHaveLength(1);
    expect(textOf(notice(root)?.querySelector('[role=status]'))).toBe(
      'This looks like a duplicate of another expense, which could not be loaded just now.',
    );
    expect(() => button(notice(root)!, 'View it')).toThrow();
    expect(button(notice(root)!, 'Delete this one')).toBeTruthy();
  });

  it('View it opens the other expense', async () => {
    const { root } = await openView({});
    await saveNewExpense(root);
    click(button(notice(root)!, 'View it'));
    await settle();
    expect(root.querySelector('h1')?.textContent).toBe('Edit Expense');
    expect(byLabel(root, 'Date').value).toBe('2026-01-16');
    expect(byLabel(root, 'Merchant').value).toBe('Blue Bottle');
  });

  it('appears when an expense queued offline is sent by the outbox', async () => {
    const server = fakeApi({
      ...referenceRoutes(),
      'GET /api/v1/expenses': ok({ expenses: [], page_context: page }),
      'GET /api/v1/expenses/e0': ok({ expense: FIRST }),
      'POST /api/v1/expenses': ok({ expense: SECOND }),
    });
    const outbox = createOutbox({
      api: server.api,
      db: openDealSpendDB('duplicate-notice-outbox'),
      random: () => 0.5,
      setTimer: () => undefined,
    });
    const view = mount(<ExpensesView />, { api: createQueueingClient(server.api, outbox), outbox });
    cleanup = view.unmount;
    await settle();
    await saveNewExpense(view.root, () => server.setOffline(true));
    expect(outbox.pending.value).toBe(1);
    expect(notice(view.root)).toBeNull();
    server.setOffline(false);
    await outbox.replay();
    await settle(10);
    expect(textOf(notice(view.root))).toContain('an expense you recorded on 16 Jan 2026 at Blue Bottle');
  });
});

describe('Duplicate notice when editing', () => {
  it('reads the opened expense’s detail and shows the notice in the form when it has duplicate_of', async () => {
    const { root, server } = await openView({
      'GET /api/v1/expenses': ok({ expenses: [{ ...SECOND, duplicate_of: undefined }], page_context: page }),
      'GET /api/v1/expenses/e1': ok({ expense: SECOND }),
    });
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Open Blue Bottle on 2026-01-16"]')!);
    await settle();
    expect(server.callsTo('GET /api/v1/expenses/e1')).toHaveLength(1);
    const form = root.querySelector('section[aria-labelledby="ds-expense-form-title"]')!;
    expect(textOf(notice(form as HTMLElement))).toContain(
      'This looks like a duplicate of an expense you recorded on 16 Jan 2026 at Blue Bottle (USD 42.50).',
    );
  });

  it('shows nothing when the opened expense’s detail names no duplicates', async () => {
    const { root, server } = await openView({
      'GET /api/v1/expenses': ok({ expenses: [{ ...SECOND, duplicate_of: undefined }], page_context: page }),
      'GET /api/v1/expenses/e1': ok({ expense: { ...SECOND, duplicate_of: [] } }),
    });
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Open Blue Bottle on 2026-01-16"]')!);
    await settle();
    expect(server.callsTo('GET /api/v1/expenses/e1')).toHaveLength(1);
    expect(root.querySelector('h1')?.textContent).toBe('Edit Expense');
    expect(notice(root)).toBeNull();
  });
});
