import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../widget/api/api-error.js';
import type { ApiClient } from '../../../widget/api/client.js';
import { RelatedListPanel } from '../../../widget/features/related-list/related-list-panel.js';
import type { HostApi, HostLocation } from '../../../widget/host/host-context.js';
import { AppContext, type AppServices } from '../../../widget/ui/app-context.js';
import { createToastModel } from '../../../widget/ui/toast-model.js';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const expense = (id: string, merchant: string, status: string, total: number) => ({
  expense_id: id,
  date: '2026-10-01',
  merchant_name: merchant,
  category_name: 'Meals',
  user_name: 'Rita Gomez',
  report_name: '',
  status,
  total,
  bcy_total: total,
  currency_code: 'USD',
  base_currency_code: 'USD',
});

interface Call {
  method: string;
  path: string;
  query?: unknown;
  body?: unknown;
}

function fakeApi(handlers: Partial<Record<string, (call: Call) => unknown>>) {
  const calls: Call[] = [];
  const run = async (call: Call) => {
    calls.push(call);
    const h = handlers[`${call.method} ${call.path}`];
    if (!h) throw new ApiError({ status: 404, code: 4040, message: 'Not found' });
    return h(call);
  };
  const api = {
    baseUrl: 'http://x',
    get: (path: string, query?: unknown) => run({ method: 'GET', path, query }),
    post: (path: string, body: unknown) => run({ method: 'POST', path, body }),
    put: (path: string, body: unknown) => run({ method: 'PUT', path, body }),
    del: (path: string) => run({ method: 'DELETE', path }),
    upload: (path: string) => run({ method: 'UPLOAD', path }),
  } as unknown as ApiClient;
  return { api, calls };
}

function fakeHost(location: HostLocation, record: Record<string, unknown> | null = null): HostApi {
  return {
    context: {
      location,
      user: { id: '1', email: 'rep@zylker.example', full_name: 'Rita' },
      org: { id: 'o', company_name: 'Zylker', currency: 'USD' },
      serverUrl: 'http://x',
    },
    resize: async () => {},
    openRecord: async () => {},
    getRecord: async () => (record ? { id: 'crm', ...record } : null),
    getRelatedRecords: async () => [],
    searchRecord: async () => [],
    getAllUsers: async () => [],
  };
}

function mount(api: ApiClient, host: HostApi) {
  const services = {
    api,
    host,
    me: { user_id: 'u1', user_role: 'submitter' },
    toasts: createToastModel(0),
    outbox: {
      pending: { value: 0 },
      conflicts: { value: [] },
      replaying: { value: false },
      onReplayed: () => () => {},
    },
    route: { value: { view: 'expenses', params: {} } },
    navigate: () => {},
  } as unknown as AppServices;
  act(() => {
    render(
      <AppContext.Provider value={services}>
        <RelatedListPanel />
      </AppContext.Provider>,
      root,
    );
  });
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
};

const page = { page: 1, per_page: 10, has_more_page: false };

describe('related-list panel', () => {
  it('lists an account’s expenses including its contacts’ and deals’, with the total', async () => {
    const { api, calls } = fakeApi({
      'GET /api/v1/contacts/A1': () => ({ contact: { contact_id: 'A1', contact_name: 'Massive Labs' } }),
      'GET /api/v1/expenses': () => ({
        expenses: [expense('e1', 'Taxi', 'unreported', 12.5), expense('e2', 'Hotel', 'submitted', 100)],
        page_context: page,
      }),
      'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
    });
    mount(api, fakeHost({ kind: 'related-list', module: 'Accounts', recordId: 'A1' }));
    await settle();
    expect(calls.find((c) => c.path === '/api/v1/expenses')!.query).toMatchObject({
      customer_id: 'A1',
      include_related: true,
    });
    expect(root.textContent).toContain('Taxi');
    expect(root.textContent).toContain('Hotel');
    expect(root.querySelector('tfoot')!.textContent).toContain('$112.50');
    expect(root.textContent).toContain('No expense reports for this record yet.');
  });

  it('finds the deal the CRM sync linked to the record first, by crm_id, not by its id or its name', async () => {
    const linked = { deal_id: 'D7', deal_name: 'Big Deal', account_id: 'A1', account_name: 'Massive Labs' };
    const namesake = { ...linked, deal_id: 'D8' };
    const { api, calls } = fakeApi({
      'GET /api/v1/deals': (c) => {
        const q = c.query as { crm_id?: string; search_text?: string };
        return { deals: q.crm_id === '555' ? [linked] : q.search_text ? [namesake, linked] : [] };
      },
      'GET /api/v1/expenses': () => ({ expenses: [], page_context: page }),
      'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
    });
    mount(
      api,
      fakeHost({ kind: 'related-list', module: 'Deals', recordId: '555' }, { Deal_Name: 'Big Deal' }),
    );
    await settle();
    expect(calls.find((c) => c.path === '/api/v1/expenses')!.query).toMatchObject({ deal_id: 'D7' });
    // No look-up that could fail (a 404 in the console) or pick a namesake.
    expect(calls.filter((c) => c.path.startsWith('/api/v1/deals')).map((c) => [c.path, c.query])).toEqual([
      ['/api/v1/deals', { crm_id: '555', per_page: 1 }],
    ]);
  });

  it('finds a deal by its CRM name when no sync has linked it and DealSpend keeps it under another id', async () => {
    const { api, calls } = fakeApi({
      'GET /api/v1/deals': (c) => ({
        deals: (c.query as { search_text?: string }).search_text
          ? [{ deal_id: 'D9', deal_name: 'Big Deal', account_id: 'A1', account_name: 'Massive Labs' }]
          : [],
      }),
      'GET /api/v1/expenses': () => ({ expenses: [], page_context: page }),
      'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
    });
    mount(
      api,
      fakeHost({ kind: 'related-list', module: 'Deals', recordId: '555' }, { Deal_Name: 'Big Deal' }),
    );
    await settle();
    expect(calls.find((c) => c.path === '/api/v1/expenses')!.query).toMatchObject({ deal_id: 'D9' });
    expect(root.textContent).toContain('No expenses for this record yet.');
    expect(root.textContent).not.toContain('New Expense Report');
  });

  it('says the record is not in DealSpend yet when it cannot be found', async () => {
    const { api } = fakeApi({ 'GET /api/v1/contacts': () => ({ contacts: [] }) });
    mount(
      api,
      fakeHost({ kind: 'related-list', module: 'Contacts', recordId: 'C1' }, { Full_Name: 'Nobody' }),
    );
    await settle();
    expect(root.textContent).toContain('not in DealSpend yet');
  });

  it.each([
    ['connected', false, true],
    ['disabled', false, true],
    ['connected', true, false],
    ['none', false, false],
  ] as const)(
    'with the CRM integration %s and Sync Modules enabled: %s, says the modules are off: %s',
    async (integration, enabled, off) => {
      const { api } = fakeApi({
        'GET /api/v1/integrations/crm/modules': () => ({ sync_modules: { integration, enabled } }),
        'GET /api/v1/contacts/A1': () => ({ contact: { contact_id: 'A1', contact_name: 'Massive Labs' } }),
        'GET /api/v1/expenses': () => ({
          expenses: [expense('e1', 'Taxi', 'unreported', 12.5)],
          page_context: page,
        }),
        'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
      });
      mount(api, fakeHost({ kind: 'related-list', module: 'Accounts', recordId: 'A1' }));
      await settle();
      const notice = 'The Expenses and Expense Reports modules are not enabled in Zoho CRM yet.';
      expect(root.textContent?.includes(notice)).toBe(off);
      expect(root.textContent?.includes('Taxi')).toBe(!off);
    },
  );

  it('shows the lists when the modules’ state cannot be read (offline, say)', async () => {
    const { api } = fakeApi({
      'GET /api/v1/integrations/crm/modules': () => {
        throw new TypeError('Failed to fetch');
      },
      'GET /api/v1/contacts/A1': () => ({ contact: { contact_id: 'A1', contact_name: 'Massive Labs' } }),
      'GET /api/v1/expenses': () => ({
        expenses: [expense('e1', 'Taxi', 'unreported', 12.5)],
        page_context: page,
      }),
      'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
    });
    mount(api, fakeHost({ kind: 'related-list', module: 'Accounts', recordId: 'A1' }));
    await settle();
    expect(root.textContent).toContain('Taxi');
    expect(root.textContent).not.toContain('not enabled in Zoho CRM yet');
  });

  it('bulk delete removes the deletable ones and names the others with the reason', async () => {
    let listed = [expense('e1', 'Taxi', 'unreported', 5), expense('e2', 'Hotel', 'submitted', 9)];
    const { api, calls } = fakeApi({
      'GET /api/v1/contacts/A1': () => ({ contact: { contact_id: 'A1', contact_name: 'X' } }),
      'GET /api/v1/expenses': () => ({ expenses: listed, page_context: page }),
      'GET /api/v1/expensereports': () => ({ expense_reports: [], page_context: page }),
      'POST /api/v1/expenses/bulkdelete': () => {
        listed = listed.filter((e) => e.expense_id !== 'e1');
        return {
          code: 0,
          message: 'success',
          results: [
            { expense_id: 'e1', deleted: true },
            { expense_id: 'e2', deleted: false, code: 4003, message: 'It is in a submitted report.' },
          ],
        };
      },
    });
    mount(api, fakeHost({ kind: 'related-list', module: 'Accounts', recordId: 'A1' }));
    await settle();
    act(() => (root.querySelector('input[aria-label="Select all"]') as HTMLInputElement).click());
    const del = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Delete')!;
    act(() => del.click());
    await settle();
    const confirm = [...root.querySelectorAll('[role="dialog"] button')].find(
      (b) => b.textContent === 'Delete',
    )!;
    await act(async () => (confirm as HTMLButtonElement).click());
    await settle();
    expect(calls.find((c) => c.path === '/api/v1/expenses/bulkdelete')!.body).toEqual({
      expense_ids: ['e1', 'e2'],
    });
    expect(root.textContent).toContain('1 of 2 expenses deleted.');
    expect(root.textContent).toContain('Hotel on 2026-10-01');
    expect(root.textContent).toContain('It is in a submitted report.');
  });
});
