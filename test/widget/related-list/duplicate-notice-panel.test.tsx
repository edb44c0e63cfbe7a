import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDealSpendDB } from '../../../widget/api/db.js';
import { createOutbox } from '../../../widget/api/outbox.js';
import { createQueueingClient } from '../../../widget/api/queueing-client.js';
import { RelatedListPanel } from '../../../widget/features/related-list/related-list-panel.js';
import type { HostApi } from '../../../widget/host/host-context.js';
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
} from '../features/expenses/fake-api.js';
import { referenceRoutes, savedExpense } from '../features/expenses/reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
let dbCount = 0;

const FIRST = savedExpense({
  expense_id: 'e0',
  user_id: 'u-rep',
  date: '2026-01-16',
  merchant_name: 'Blue Bottle',
  amount: 42.5,
  currency_code: 'USD',
});
const SECOND = savedExpense({ ...FIRST, expense_id: 'e1', duplicate_of: ['e0'] });

const host: HostApi = {
  context: {
    location: { kind: 'related-list', module: 'Accounts', recordId: 'A1' },
    user: { id: '1', email: 'rep@zylker.example', full_name: 'Rita' },
    org: { id: 'o', company_name: 'Zylker', currency: 'USD' },
    serverUrl: 'http://server.test',
  },
  resize: async () => {},
  openRecord: async () => {},
  getRecord: async () => null,
  getRelatedRecords: async () => [],
  searchRecord: async () => [],
  getAllUsers: async () => [],
};

const textOf = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\u00a0/g, ' ');
const notice = (root: HTMLElement) =>
  root.querySelector<HTMLElement>('section[aria-label="Possible duplicate expense"]');
const dialog = (root: HTMLElement) => root.querySelector<HTMLElement>('[role=dialog]');

/** The panel on an account page, over the real client, outbox and queueing client. */
async function openPanel(routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({
    ...referenceRoutes(),
    'GET /api/v1/contacts/A1': ok({ contact: { contact_id: 'A1', contact_name: 'Massive Labs' } }),
    'GET /api/v1/deals': ok({ deals: [] }),
    'GET /api/v1/expenses': ok({ expenses: [], page_context: page }),
    'GET /api/v1/expensereports': ok({ expense_reports: [], page_context: page }),
    'GET /api/v1/expenses/e0': ok({ expense: FIRST }),
    'POST /api/v1/expenses': ok({ expense: SECOND }),
    'DELETE /api/v1/expenses/e1': ok({}),
    ...routes,
  });
  const win = new EventTarget();
  const outbox = createOutbox({
    api: server.api,
    db: openDealSpendDB(`duplicate-panel-${++dbCount}`),
    random: () => 0.5,
    win,
    setTimer: () => undefined,
  });
  const view = mount(<RelatedListPanel />, { api: createQueueingClient(server.api, outbox), host, outbox });
  cleanup = view.unmount;
  await settle(10);
  return { server, outbox, win, root: view.root };
}

/** Settles until `ready` holds: the dialog's form and the notices load as separate chunks. */
async function until(ready: () => unknown) {
  const deadline = Date.now() + 5_000;
  while (!ready() && Date.now() < deadline) await settle(1);
  await settle();
}

async function saveFromDialog(root: HTMLElement, which: 'Save and Close' | 'Save and New') {
  click(button(root, 'New Expense'));
  await until(() => dialog(root)?.querySelector('form'));
  const form = dialog(root)!;
  type(byLabel(form, 'Date'), '2026-01-16');
  type(byLabel(form, 'Category'), 'c-meals');
  type(byLabel(form, 'Amount'), '42.50');
  type(byLabel(form, 'Merchant'), 'Blue Bottle');
  click(button(form, which));
  await until(() => (which === 'Save and Close' ? !dialog(root) : byLabel(form, 'Merchant').value === ''));
}

/** The notices' chunk has loaded and the other expense has been read. */
const named = (root: HTMLElement) => until(() => notice(root)?.textContent?.includes('recorded'));

describe('Duplicate notice in the related-list panel', () => {
  it('after Save and Close the dialog closes and the panel names the other expense', async () => {
    const { root, server } = await openPanel();
    await saveFromDialog(root, 'Save and Close');
    await named(root);
    expect(server.callsTo('POST /api/v1/expenses')).toHaveLength(1);
    expect(dialog(root)).toBeNull();
    expect(textOf(notice(root))).toContain(
      'This looks like a duplicate of an expense you recorded on 16 Jan 2026 at Blue Bottle (USD 42.50).',
    );
  });

  it('after Save and New the notice shows inside the dialog, above the blank form', async () => {
    const { root } = await openPanel();
    await saveFromDialog(root, 'Save and New');
    await named(root);
    const open = dialog(root)!;
    expect(textOf(notice(open))).toContain('an expense you recorded on 16 Jan 2026 at Blue Bottle');
    expect(byLabel(open, 'Merchant').value).toBe('');
  });

  it('Delete this one asks first, then deletes the new expense and reloads the lists', async () => {
    const { root, server } = await openPanel();
    await saveFromDialog(root, 'Save and Close');
    await named(root);
    const listed = server.callsTo('GET /api/v1/expenses').length;
    click(button(notice(root)!, 'Delete this one'));
    await settle(10);
    expect(textOf(dialog(root))).toContain('Delete Blue Bottle on 16 Jan 2026, USD 42.50?');
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(0);
    click(button(dialog(root)!, 'Delete'));
    await settle(10);
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(1);
    expect(server.callsTo('GET /api/v1/expenses').length).toBeGreaterThan(listed);
    expect(root.textContent).toContain('Expense deleted.');
    expect(textOf(notice(root))).toContain('This expense was deleted; the other one stays.');
  });

  it('Delete this one while offline queues the delete and says so, not as a refusal', async () => {
    const { root, server, outbox, win } = await openPanel();
    await saveFromDialog(root, 'Save and Close');
    await named(root);
    server.setOffline(true);
    click(button(notice(root)!, 'Delete this one'));
    await settle(10);
    click(button(dialog(root)!, 'Delete'));
    await settle(10);
    expect(outbox.pending.value).toBe(1);
    expect(notice(root)?.querySelector('[role=alert]')).toBeNull();
    expect(textOf(notice(root)?.querySelector('[role=status]'))).toBe(
      'The delete is queued and will be sent when you reconnect; the other expense stays.',
    );
    expect(() => button(notice(root)!, 'Delete this one')).toThrow();
    expect(root.textContent).not.toContain('Try again');
    expect(root.textContent).toContain(
      'You are offline: the delete is queued and will be sent when you reconnect.',
    );
    // Back online, the outbox sends the delete and the panel reloads its lists.
    const listed = server.callsTo('GET /api/v1/expenses').length;
    server.setOffline(false);
    win.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(outbox.pending.value).toBe(0));
    expect(outbox.conflicts.value).toHaveLength(0);
    expect(server.callsTo('DELETE /api/v1/expenses/e1').length).toBeGreaterThan(1);
    await until(() => server.callsTo('GET /api/v1/expenses').length > listed);
    expect(server.callsTo('GET /api/v1/expenses').length).toBeGreaterThan(listed);
  });

  it('an expense deleted from the notice in the dialog stays deleted in the panel’s notice once the dialog closes', async () => {
    const { root, server } = await openPanel();
    await saveFromDialog(root, 'Save and New');
    await named(root);
    click(button(notice(dialog(root)!)!, 'Delete this one'));
    await settle(10);
    const confirm = root.querySelectorAll<HTMLElement>('[role=dialog]')[1]!;
    click(button(confirm, 'Delete'));
    await settle(10);
    expect(server.callsTo('DELETE /api/v1/expenses/e1')).toHaveLength(1);
    expect(textOf(notice(dialog(root)!))).toContain('This expense was deleted; the other one stays.');
    click(button(dialog(root)!, 'Cancel'));
    await until(() => !dialog(root) && notice(root));
    expect(textOf(notice(root))).toContain('This expense was deleted; the other one stays.');
    expect(() => button(notice(root)!, 'Delete this one')).toThrow();
  });

  it('View it opens the other expense’s details', async () => {
    const { root } = await openPanel();
    await saveFromDialog(root, 'Save and Close');
    await named(root);
    click(button(notice(root)!, 'View it'));
    await settle(10);
    const details = dialog(root)!;
    expect(details.querySelector('h2')?.textContent).toBe('Expense');
    expect(textOf(details)).toContain('Blue Bottle');
    expect(textOf(details)).toContain('2026-01-16');
  });

  it('shows no notice when the answer names no duplicates', async () => {
    const { root, server } = await openPanel({
      'POST /api/v1/expenses': ok({ expense: { ...SECOND, duplicate_of: [] } }),
    });
    await saveFromDialog(root, 'Save and Close');
    await settle(10);
    expect(server.callsTo('POST /api/v1/expenses')).toHaveLength(1);
    expect(notice(root)).toBeNull();
    expect(server.callsTo('GET /api/v1/expenses/e0')).toHaveLength(0);
  });
});
