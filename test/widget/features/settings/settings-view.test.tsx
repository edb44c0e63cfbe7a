import { afterEach, describe, expect, it, vi } from 'vitest';
import SettingsView, { SYNC_POLL_MS } from '../../../../widget/features/settings/settings-view.js';
import type { CustomersSettings, Integration, SyncRun } from '../../../../widget/features/settings/types.js';
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

const customers: CustomersSettings = {
  enabled: false,
  configured: false,
  module: 'accounts_and_contacts',
  include_unassociated_contacts: false,
  extent: 'fetch',
  duplicates: 'clone',
  account_view_id: null,
  contact_view_id: null,
  field_map: { Accounts: { Account_Name: 'contact_name' }, Contacts: { Email: 'email' } },
  custom_fields: [],
};

function crm(over: Partial<Integration> = {}): Integration {
  return {
    system: 'crm',
    name: 'Zoho CRM',
    status: 'connected',
    connected_email: 'admin@zylker.example',
    initial_sync_time: null,
    next_sync_time: null,
    crm_org_id: '600',
    crm_org_name: 'Zylker',
    modules_enabled: false,
    potentials_mode: 'all',
    open_conflicts: 0,
    settings: {
      users: { enabled: false },
      customers: { ...customers, field_map: { ...customers.field_map } },
    },
    modules: [
      {
        module: 'accounts',
        enabled: true,
        state: 'idle',
        last_status: 'completed',
        last_sync_time: '2026-11-01T00:00:00Z',
      },
    ],
    ...over,
  };
}

function people(over: Partial<Integration> = {}): Integration {
  return {
    system: 'people',
    name: 'Zoho People',
    status: 'not_connected',
    connected_email: null,
    initial_sync_time: null,
    next_sync_time: null,
    settings: {
      departments: { enabled: false },
      users: { enabled: false, configured: false, field_map: {} },
      clients: { enabled: false },
      projects: { enabled: false },
    },
    modules: [],
    ...over,
  };
}

/** A completed daily run of `module`, with nothing counted unless `over` says so. */
function syncRun(id: string, module: string, over: Partial<SyncRun> = {}): SyncRun {
  return {
    run_id: id,
    module,
    trigger: 'daily',
    status: 'completed',
    started_time: '2026-11-02T00:00:00Z',
    ended_time: null,
    fetched: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    duplicates: 0,
    conflicts: 0,
    failed: 0,
    deleted: 0,
    message: null,
    failures: [],
    ...over,
  };
}

interface World {
  crm: Integration;
  people: Integration;
  notifications?: Array<{
    notification_id: string;
    kind: string;
    message: string;
    created_time: string;
    read_time: null;
  }>;
}

function world(state: World) {
  return fakeApi({
    'GET /api/v1/integrations/notifications': () => ok({ notifications: state.notifications ?? [] }),
    'GET /api/v1/integrations/crm/users/importable': ok({
      users: [
        {
          crm_user_id: '7001',
          name: 'Ravi Kumar',
          email: 'ravi@zylker.example',
          crm_role: 'Manager',
          crm_status: 'active',
        },
        {
          crm_user_id: '7002',
          name: 'Mia Chen',
          email: 'mia@zylker.example',
          crm_role: 'Standard',
          crm_status: 'active',
        },
      ],
    }),
    'POST /api/v1/integrations/crm/users/import': (req) =>
      ok({ imported: (req.body as { users: unknown[] }).users.length, updated: 0 }),
    'GET /api/v1/integrations/crm': () => ok({ integration: state.crm }),
    'GET /api/v1/integrations/people': () => ok({ integration: state.people }),
    'GET /api/v1/departments': ok({ departments: [], page_context: page }),
    'GET /api/v1/users': ok({ users: [], page_context: page }),
    'GET /api/v1/settings/approvalrules': ok({ approval_rules: [], page_context: page }),
    'GET /api/v1/settings/perdiem': ok({ per_diem_policies: [] }),
    'GET /api/v1/expensecategories': ok({ expense_categories: [], page_context: page }),
    'GET /api/v1/settings/currencies': ok({ currencies: [], page_context: page }),
    'PUT /api/v1/integrations/crm/settings': (req) => {
      const b = req.body as { users?: { enabled: boolean }; modules_enabled?: boolean };
      if (b.users)
        state.crm = crm({
          ...state.crm,
          settings: { ...state.crm.settings, users: { enabled: b.users.enabled } },
        });
      if (b.modules_enabled) state.crm = { ...state.crm, modules_enabled: true };
      return ok({ integration: state.crm });
    },
    'GET /api/v1/integrations/crm/views': ok({ views: [{ view_id: 'v9', name: 'Zoho Expense' }] }),
    'GET /api/v1/integrations/crm/fields': ok({
      fields: {
        crm_fields: [
          { api_name: 'Account_Name', label: 'Account Name' },
          { api_name: 'Region__c', label: 'Region' },
        ],
        dealspend_fields: ['contact_name', 'phone', 'custom:Segment'],
        dealspend_field_labels: {
          contact_name: 'Customer name',
          phone: 'Phone (main)',
          'custom:Segment': 'Market segment',
        },
        field_map: {},
      },
    }),
    'POST /api/v1/integrations/crm/disable': () => {
      state.crm = { ...state.crm, status: 'disabled' };
      return ok({});
    },
    'DELETE /api/v1/integrations/crm': () => {
      state.crm = crm({ status: 'not_connected' });
      state.notifications = [
        {
          notification_id: 'n1',
          kind: 'integration_deleted',
          message: 'The Zoho CRM integration is deleted: 3 records converted, 0 deleted.',
          created_time: '2026-12-07T10:00:00Z',
          read_time: null,
        },
      ];
      return ok({ converted: 3, deleted: 0 });
    },
    'GET /api/v1/integrations/crm/synchistory': ok({
      sync_runs: [
        syncRun('r2', 'accounts', {
          fetched: 4,
          created: 1,
          updated: 3,
          failed: 1,
          failures: [{ external_id: 'x1', reason: 'The record has no name.' }],
        }),
      ],
      page_context: { page: 1, per_page: 50, has_more_page: false },
    }),
  });
}

const admin = user({ user_role: 'admin' });

/** Reads of Settings › Users' list (Approval levels reads only the active users, for its approvers). */
function usersListReads(server: ReturnType<typeof world>): number {
  return server.callsTo('GET /api/v1/users').filter((c) => !c.query.has('status')).length;
}

describe('Settings › Integrations', () => {
  it('shows the integrations and, below them, users, approval levels, per diem policies, then departments, categories and currencies', async () => {
    const server = world({ crm: crm(), people: people() });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    const headings = Array.from(view.root.querySelectorAll('h2')).map((h) => h.textContent);
    expect(headings).toEqual([
      'Integrations',
      'Users',
      'Approval levels',
      'Per diem policies',
      'Departments, categories and currencies',
    ]);
    expect(server.callsTo('GET /api/v1/departments')).toHaveLength(1);
    expect(usersListReads(server)).toBe(1);
    expect(view.root.querySelector('[role="alert"]')).toBeNull();
  });

  it('lists every section at the top, and choosing one takes the focus to its heading without a route change', async () => {
    const server = world({ crm: crm(), people: people() });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    const index = view.root.querySelector('nav[aria-label="Settings sections"]')!;
    const entries = Array.from(index.querySelectorAll('a'));
    const headings = Array.from(view.root.querySelectorAll('h2'));
    expect(entries.map((a) => a.textContent)).toEqual(headings.map((h) => h.textContent));
    expect(entries.map((a) => a.getAttribute('href'))).toEqual(headings.map((h) => `#${h.id}`));
    const hash = window.location.hash;
    const perDiem = entries.find((a) => a.textContent === 'Per diem policies')!;
    const clicked = new MouseEvent('click', { bubbles: true, cancelable: true });
    perDiem.dispatchEvent(clicked);
    expect(clicked.defaultPrevented).toBe(true);
    expect(window.location.hash).toBe(hash);
    expect(document.activeElement).toBe(view.root.querySelector('#ds-per-diem-title'));
  });

  it('Connect Now asks the server for the Zoho consent URL and opens it', async () => {
    const state = { crm: crm({ status: 'not_connected' }), people: people() };
    const server = world(state);
    server.routes['GET /api/v1/integrations/crm/connect'] = ok({
      authorization_url: 'http://accounts.test/oauth/v2/auth?x=1',
    });
    const opened: string[] = [];
    const original = window.open;
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = () => {
      view.unmount();
      window.open = original;
    };
    await settle();
    click(button(view.root, 'Connect Now'));
    await settle();
    expect(server.callsTo('GET /api/v1/integrations/crm/connect')[0]?.query.get('redirect')).toBe('false');
    expect(opened).toEqual(['http://accounts.test/oauth/v2/auth?x=1']);
    expect(button(view.root, 'Try Now')).toBeTruthy();
  });

  it('Sync CRM Users asks for confirmation, then turns the users sync on', async () => {
    const state = { crm: crm(), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Sync CRM Users'));
    await settle();
    expect(view.root.textContent).toContain('All users in Zoho CRM will be imported');
    // A go-ahead, not a destructive action: the button is not the red one.
    expect(button(view.root, 'Confirm').className).toContain('ds-btn--primary');
    click(button(view.root, 'Confirm'));
    await settle();
    expect(server.callsTo('PUT /api/v1/integrations/crm/settings')[0]?.body).toEqual({
      users: { enabled: true },
    });
    expect(button(view.root, 'Disable sync')).toBeTruthy();
  });

  it('Configure Now saves module, extent, duplicates, view and a new custom field mapping with Save and Sync', async () => {
    const state = { crm: crm(), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Configure Now'));
    await settle();
    const radio = (label: string) =>
      Array.from(view.root.querySelectorAll('label'))
        .find((l) => l.textContent?.trim() === label)!
        .querySelector('input')!;
    click(radio('Accounts (customers of type Business)'));
    click(radio('Sync both ways'));
    click(radio('Overwrite'));
    await settle();
    const viewSelect = Array.from(view.root.querySelectorAll('label')).find(
      (l) => l.textContent === 'Accounts view to sync',
    )!;
    const sel = view.root.querySelector<HTMLSelectElement>(`[id="${viewSelect.getAttribute('for')}"]`)!;
    sel.value = 'v9';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    const region = view.root.querySelector<HTMLSelectElement>('[aria-label="DealSpend field for Region"]')!;
    // DealSpend's fields by the names the server gives them (the conflicts list uses the same).
    expect(Array.from(region.options).map((o) => o.textContent)).toEqual([
      'Not mapped',
      'Customer name',
      'Phone (main)',
      'Custom: Market segment',
      'New custom field',
    ]);
    region.value = 'custom';
    region.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    click(button(view.root, 'Save and Sync'));
    await settle();
    // The question takes the place of the buttons, and its Confirm the focus.
    expect(view.root.querySelector('[role="alertdialog"]')?.textContent).toContain(
      'Save these preferences and sync the customers now?',
    );
    expect(document.activeElement?.textContent).toBe('Confirm');
    click(button(view.root, 'Confirm'));
    await settle();
    // Accepted by the server's own validator (every fake server refuses what it would), so the wizard closes.
    expect(view.root.querySelector('[role="dialog"]')).toBeNull();
    const body = server.callsTo('PUT /api/v1/integrations/crm/settings')[0]?.body as {
      customers: Record<string, unknown>;
      sync_now: boolean;
    };
    expect(body.sync_now).toBe(true);
    expect(body.customers).toMatchObject({
      module: 'accounts',
      extent: 'two_way',
      duplicates: 'overwrite',
      account_view_id: 'v9',
      enabled: true,
    });
    expect((body.customers.field_map as { Accounts: Record<string, string> }).Accounts.Region__c).toBe(
      'custom:Region',
    );
  });

  it('a save the server refuses is shown inside the wizard, which stays open with the choices kept', async () => {
    const server = world({ crm: crm(), people: people() });
    server.routes['PUT /api/v1/integrations/crm/settings'] = {
      status: 422,
      body: { code: 4, message: "The base currency of Zoho CRM (EUR) is not DealSpend's (USD)." },
    };
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Configure Now'));
    await settle();
    const skip = Array.from(view.root.querySelectorAll('label'))
      .find((l) => l.textContent?.trim() === 'Skip')!
      .querySelector('input')!;
    click(skip);
    click(button(view.root, 'Save and Sync Later'));
    await settle();
    click(button(view.root, 'Confirm'));
    await settle();
    const dialog = view.root.querySelector('[role="dialog"]')!;
    expect(dialog.querySelector('[role="alert"]')?.textContent).toContain(
      'The base currency of Zoho CRM (EUR)',
    );
    expect(skip.checked).toBe(true);
    expect(button(dialog as HTMLElement, 'Save and Sync Later')).toBeTruthy();
  });

  it('while a sync runs, its status is read again until the run has ended, then the users once', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const running = { module: 'accounts', enabled: true, last_status: null, last_sync_time: null };
      const state = { crm: crm({ modules: [{ ...running, state: 'running' }] }), people: people() };
      const server = world(state);
      const view = mount(<SettingsView />, { api: server.api, me: admin });
      cleanup = view.unmount;
      await settle();
      expect(view.root.textContent).toContain('Customers (Accounts): running');
      const reads = () => server.callsTo('GET /api/v1/integrations/crm').length;
      const userReads = () => usersListReads(server);
      const before = reads();
      expect(userReads()).toBe(1);
      state.crm = crm({
        modules: [
          { ...running, state: 'idle', last_status: 'completed', last_sync_time: '2026-12-07T10:00:00Z' },
        ],
      });
      await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
      await settle();
      expect(reads()).toBe(before + 1);
      expect(view.root.textContent).toContain('Customers (Accounts): completed');
      // A users sync may have changed the users: the run's end reads them again.
      expect(userReads()).toBe(2);
      // The run has ended: nothing more is read.
      await vi.advanceTimersByTimeAsync(SYNC_POLL_MS * 3);
      await settle();
      expect(reads()).toBe(before + 1);
      expect(userReads()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Check Status shows the runs with their counts and failed records', async () => {
    const server = world({ crm: crm(), people: people() });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Check Status'));
    await settle();
    const table = view.root.querySelector('table')!;
    expect(table.textContent).toContain('Customers (Accounts)');
    expect(table.textContent).toContain('daily');
    expect(table.textContent).toContain('The record has no name.');
  });

  it('one open conflict reads "1 conflict to resolve"; resolving it leaves the dialog empty and the card without the link', async () => {
    const state = { crm: crm({ open_conflicts: 1 }), people: people() };
    const server = world(state);
    server.routes['GET /api/v1/integrations/crm/conflicts'] = () =>
      ok({
        conflicts: state.crm.open_conflicts
          ? [
              {
                conflict_id: 'k1',
                contact_name: 'Acme Corp',
                field: 'phone',
                field_label: 'Phone',
                local_value: '+1 555 0002',
                remote_value: '+1 555 0001',
              },
            ]
          : [],
      });
    server.routes['POST /api/v1/integrations/crm/conflicts/k1/resolve'] = () => {
      state.crm = { ...state.crm, open_conflicts: 0 };
      return ok({});
    };
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, '1 conflict to resolve'));
    await settle();
    expect(view.root.querySelector('.ds-conflict')?.textContent).toContain('Acme Corp, Phone:');
    click(button(view.root, 'Keep Zoho CRM value'));
    await settle();
    expect(server.callsTo('POST /api/v1/integrations/crm/conflicts/k1/resolve')[0]?.body).toEqual({
      keep: 'remote',
    });
    expect(view.root.querySelector('.ds-empty__title')?.textContent).toBe(
      'There are no conflicts to resolve.',
    );
    expect(view.root.textContent).not.toContain('conflict to resolve');
  });

  it('Disable Integration needs a confirmation; Delete then offers the conversion choice', async () => {
    const state = { crm: crm(), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Disable Integration'));
    await settle();
    expect(button(view.root, 'Confirm').className).toContain('ds-btn--danger');
    click(button(view.root, 'Confirm'));
    await settle();
    expect(server.callsTo('POST /api/v1/integrations/crm/disable')).toHaveLength(1);
    click(button(view.root, 'Delete Integration'));
    await settle();
    const only = Array.from(view.root.querySelectorAll('label')).find((l) =>
      l.textContent?.startsWith('Convert only'),
    )!;
    click(only.querySelector('input')!);
    click(button(view.root, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/integrations/crm')[0]?.query.get('conversion')).toBe(
      'with_transactions',
    );
    expect(button(view.root, 'Connect Now')).toBeTruthy();
    // The in-app notification of the completed deletion is shown with the integrations.
    const notifications = view.root.querySelector('[aria-labelledby="ds-notifications-title"]');
    expect(notifications?.textContent).toContain('3 records converted');
  });

  it('Import users manually lists the CRM users not in DealSpend and imports the chosen ones with their roles', async () => {
    const server = world({ crm: crm(), people: people() });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Import users manually'));
    await settle();
    const dialog = view.root.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(dialog.textContent).toContain('Ravi Kumar');
    expect(dialog.textContent).toContain('mia@zylker.example');
    const importButton = () => button(dialog, 'Import');
    expect(importButton().disabled).toBe(true);
    const pick = (name: string) => dialog.querySelector<HTMLInputElement>(`[aria-label="Import ${name}"]`)!;
    const role = (name: string) =>
      dialog.querySelector<HTMLSelectElement>(`[aria-label="Role in DealSpend for ${name}"]`)!;
    // A role is chosen only for a user who is ticked.
    expect(role('Ravi Kumar').disabled).toBe(true);
    click(pick('Ravi Kumar'));
    await settle();
    role('Ravi Kumar').value = 'approver';
    role('Ravi Kumar').dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    click(importButton());
    await settle();
    expect(server.callsTo('POST /api/v1/integrations/crm/users/import')[0]?.body).toEqual({
      users: [{ crm_user_id: '7001', user_role: 'approver' }],
    });
    expect(view.root.querySelector('[role="dialog"]')).toBeNull();
    expect(view.root.querySelector('[role="status"]')?.textContent).toBe('1 user is imported.');
  });

  it('Import users manually says so when every CRM user is already in DealSpend', async () => {
    const server = world({ crm: crm(), people: people() });
    server.routes['GET /api/v1/integrations/crm/users/importable'] = ok({ users: [] });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Import users manually'));
    await settle();
    expect(view.root.querySelector('[role="dialog"]')?.textContent).toContain(
      'Every Zoho CRM user is already in DealSpend.',
    );
  });

  it('Sync Modules says the modules are not available until Enable is pressed', async () => {
    const state = { crm: crm(), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    expect(view.root.textContent).toContain('not available in Zoho CRM yet');
    click(button(view.root, 'Enable'));
    await settle();
    expect(view.root.textContent).toContain(
      'The Expenses and Expense Reports modules are available in Zoho CRM.',
    );
  });

  it('the plan’s seats are shown with the users and changed with a whole number', async () => {
    const state: World = { crm: crm({ seat_count: 25 }), people: people() };
    const server = world(state);
    server.routes['PUT /api/v1/organizations/org1'] = (req) => {
      state.crm = { ...state.crm, seat_count: (req.body as { seat_count: number }).seat_count };
      return ok({ organization: {} });
    };
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    // The seats are shown with the users, so an organisation without Zoho CRM sees them too.
    const usersSection = view.root.querySelector<HTMLElement>('section[aria-labelledby="ds-users-title"]')!;
    expect(usersSection.textContent).toContain('Seats in your plan: 25. Each active user takes one.');
    click(button(view.root, 'Sync CRM Users'));
    await settle();
    expect(view.root.querySelector('[role="dialog"]')?.textContent).toContain(
      "Active users beyond your plan's 25 seats are imported as inactive. They are updated every 24 hours.",
    );
    click(button(view.root, 'Cancel'));
    await settle();
    click(
      usersSection.querySelector<HTMLButtonElement>('button[aria-label="Change the seats in your plan"]')!,
    );
    await settle();
    const seats = byLabel(view.root, 'Seats');
    type(seats, '2.5');
    click(button(view.root, 'Save'));
    await settle();
    expect(view.root.querySelector('[role="dialog"]')?.textContent).toContain(
      'Enter a whole number of seats',
    );
    expect(server.callsTo('PUT /api/v1/organizations/org1')).toHaveLength(0);
    type(seats, '40');
    click(button(view.root, 'Save'));
    await settle();
    expect(server.callsTo('PUT /api/v1/organizations/org1')[0]?.body).toEqual({ seat_count: 40 });
    expect(view.root.querySelector('[role="dialog"]')).toBeNull();
    expect(view.root.textContent).toContain('Seats in your plan: 40');
  });

  it('an organisation without Zoho CRM still sees and changes its seats, with the users', async () => {
    const server = world({
      crm: crm({ status: 'not_connected', crm_org_id: null, crm_org_name: null, seat_count: 7 }),
      people: people(),
    });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    const usersSection = view.root.querySelector<HTMLElement>('section[aria-labelledby="ds-users-title"]')!;
    expect(usersSection.textContent).toContain('Seats in your plan: 7.');
    click(
      usersSection.querySelector<HTMLButtonElement>('button[aria-label="Change the seats in your plan"]')!,
    );
    await settle();
    expect((byLabel(view.root, 'Seats') as HTMLInputElement).value).toBe('7');
  });

  it('a run that ended unseen (never read as running) still has the users read again', async () => {
    const state: World = { crm: crm(), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    const userReads = () => usersListReads(server);
    expect(userReads()).toBe(1);
    const ended = { ...crm().modules[0]!, last_sync_time: '2026-12-07T10:00:00Z' };
    state.crm = crm({ modules: [ended] });
    // Any reload of the cards (here: the pop-up reporting back) shows the newer run.
    const note = { type: 'dealspend-integration', ok: true, title: 'Zoho CRM is connected' };
    window.dispatchEvent(new MessageEvent('message', { data: note, origin: 'http://server.test' }));
    await settle();
    expect(userReads()).toBe(2);
    // Reading the same runs again reads no users.
    window.dispatchEvent(new MessageEvent('message', { data: note, origin: 'http://server.test' }));
    await settle();
    expect(server.callsTo('GET /api/v1/integrations/crm').length).toBeGreaterThanOrEqual(3);
    expect(userReads()).toBe(2);
  });

  it('the pop-up’s page reports back: from the server, the cards reload and a refusal says why; from elsewhere, nothing', async () => {
    const state: World = { crm: crm({ status: 'not_connected' }), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    const reads = () => server.callsTo('GET /api/v1/integrations/crm').length;
    const before = reads();
    const refusal = {
      type: 'dealspend-integration',
      ok: false,
      title: 'Zoho CRM was not connected',
      message: 'Zoho Accounts did not grant access (access_denied).',
    };
    window.dispatchEvent(new MessageEvent('message', { data: refusal, origin: 'https://elsewhere.example' }));
    await settle();
    expect(reads()).toBe(before);
    expect(view.root.querySelector('[role="alert"]')).toBeNull();
    window.dispatchEvent(new MessageEvent('message', { data: refusal, origin: 'http://server.test' }));
    await settle();
    expect(reads()).toBe(before + 1);
    expect(view.root.querySelector('[role="alert"]')?.textContent).toBe(
      'Zoho Accounts did not grant access (access_denied).',
    );
    state.crm = crm();
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { type: 'dealspend-integration', ok: true, title: 'Zoho CRM is connected' },
        origin: 'http://server.test',
      }),
    );
    await settle();
    expect(view.root.querySelector('[role="alert"]')).toBeNull();
    expect(view.root.textContent).toContain('Connected as admin@zylker.example');
  });

  it('says when the next automatic sync runs, while the integration is connected', async () => {
    const next = '2026-12-08T09:00:00Z';
    const state: World = { crm: crm({ next_sync_time: next }), people: people() };
    const server = world(state);
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    expect(view.root.textContent).toContain(
      `Next automatic sync: ${new Date(next).toLocaleString()} (every 24 hours)`,
    );
    click(button(view.root, 'Disable Integration'));
    await settle();
    click(button(view.root, 'Confirm'));
    await settle();
    expect(view.root.textContent).not.toContain('Next automatic sync');
  });

  it('Check Status shows older runs a page at a time', async () => {
    const server = world({ crm: crm(), people: people() });
    server.routes['GET /api/v1/integrations/crm/synchistory'] = (req) =>
      req.query.get('page') === '2'
        ? ok({
            sync_runs: [syncRun('r1', 'deals')],
            page_context: { page: 2, per_page: 50, has_more_page: false },
          })
        : ok({
            sync_runs: [syncRun('r2', 'accounts')],
            page_context: { page: 1, per_page: 50, has_more_page: true },
          });
    const view = mount(<SettingsView />, { api: server.api, me: admin });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, 'Check Status'));
    await settle();
    const rows = () =>
      Array.from(view.root.querySelectorAll('tbody tr')).map((r) => r.firstElementChild?.textContent);
    expect(rows()).toEqual(['Customers (Accounts)']);
    click(button(view.root, 'Show older runs'));
    await settle();
    expect(rows()).toEqual(['Customers (Accounts)', 'Deals (Potentials)']);
    expect(server.callsTo('GET /api/v1/integrations/crm/synchistory')[1]?.query.get('page')).toBe('2');
    expect(
      Array.from(view.root.querySelectorAll('button')).some((b) => b.textContent === 'Show older runs'),
    ).toBe(false);
  });
});
