import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDealSpendDB } from '../../../../widget/api/db.js';
import { createDrafts } from '../../../../widget/api/drafts.js';
import { createOutbox } from '../../../../widget/api/outbox.js';
import { createQueueingClient } from '../../../../widget/api/queueing-client.js';
import { ExpenseForm } from '../../../../widget/features/expenses/expense-form.js';
import { QUEUED_MESSAGE, queuedMessageFor } from '../../../../widget/features/expenses/expense-form-model.js';
import { button, byLabel, click, fakeApi, mount, ok, settle, type } from './fake-api.js';
import { referenceRoutes, savedExpense } from './reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
let n = 0;

function services() {
  const server = fakeApi({
    ...referenceRoutes(),
    'POST /api/v1/expenses': ok({ expense: savedExpense({ expense_id: 'e5' }) }),
    'POST /api/v1/expenses/e5/receipt': ok({}),
  });
  const db = openDealSpendDB(`expense-form-${++n}`);
  const outbox = createOutbox({ api: server.api, db, random: () => 0.5, setTimer: () => undefined });
  return {
    server,
    outbox,
    app: { api: createQueueingClient(server.api, outbox), outbox, drafts: createDrafts(db) },
  };
}

function fill(root: HTMLElement) {
  type(byLabel(root, 'Category'), 'c-meals');
  type(byLabel(root, 'Amount'), '42.50');
  type(byLabel(root, 'Merchant'), 'Cafe Lumen');
}

describe('Expense form offline', () => {
  it('saving while offline queues the expense with its receipt and says so; it reaches the server once back', async () => {
    const { server, outbox, app } = services();
    const onSaved = vi.fn();
    const view = mount(<ExpenseForm onSaved={onSaved} />, app);
    cleanup = view.unmount;
    await settle();
    fill(view.root);
    const input = view.root.querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [new File(['x'], 'taxi.png', { type: 'image/png' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    server.setOffline(true);
    click(button(view.root, 'Save and Close'));
    await settle(10);
    expect(view.root.textContent).toContain('the expense is queued');
    expect(onSaved.mock.calls[0]?.[0].expense).toBeNull();
    expect(outbox.pending.value).toBe(1);
    server.setOffline(false);
    await outbox.replay();
    expect(server.callsTo('POST /api/v1/expenses')).toHaveLength(2);
    const keys = new Set(
      server.callsTo('POST /api/v1/expenses').map((c) => c.headers.get('idempotency-key')),
    );
    expect(keys.size).toBe(1);
    expect(server.callsTo('POST /api/v1/expenses/e5/receipt').map((c) => c.fileName)).toEqual(['taxi.png']);
    expect(outbox.pending.value).toBe(0);
  });
});

describe('Expense form offline with a new report', () => {
  it('tells the user the new report needs a connection instead of dropping it silently', () => {
    expect(queuedMessageFor({ report: { kind: 'none' } })).toBe(QUEUED_MESSAGE);
    expect(queuedMessageFor({ report: { kind: 'existing' } })).toBe(QUEUED_MESSAGE);
    const msg = queuedMessageFor({ report: { kind: 'new', report_name: ' Berlin trip ' } });
    expect(msg).toContain('the expense is queued');
    expect(msg).toContain('"Berlin trip" needs a connection');
  });
});

describe('Expense form drafts', () => {
  it('keeps what was typed in a draft, and a new form opens with it', async () => {
    const { app } = services();
    const first = mount(<ExpenseForm onSaved={() => undefined} />, app);
    fill(first.root);
    await settle(10);
    first.unmount();
    const second = mount(<ExpenseForm onSaved={() => undefined} />, app);
    cleanup = second.unmount;
    await settle(10);
    expect(byLabel(second.root, 'Merchant').value).toBe('Cafe Lumen');
    expect(byLabel(second.root, 'Amount').value).toBe('42.50');
  });
});
