import { signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../widget/tab-shell/route.js';
import { TabShell } from '../../../widget/tab-shell/tab-shell.js';
import { viewsFor } from '../../../widget/tab-shell/views.js';
import { AppContext, type AppServices, type Route } from '../../../widget/ui/app-context.js';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('tab routes', () => {
  it('round-trips a view and its parameters through the URL hash', () => {
    const route: Route = { view: 'reports', params: { report_id: '12' } };
    expect(formatRoute(route)).toBe('#reports?report_id=12');
    expect(parseRoute('#reports?report_id=12')).toEqual(route);
  });
  it('falls back to Expenses for an unknown or empty hash', () => {
    expect(parseRoute('#nothing').view).toBe('expenses');
    expect(parseRoute('').view).toBe('expenses');
  });
});

/** Mounts the tab as an admin, starting on Expenses, with `api` for the views that ask. */
function mountShell(api?: unknown) {
  const route = signal<Route>({ view: 'expenses', params: {} });
  const services = {
    api,
    me: { user_role: 'admin' },
    route,
    navigate: (view: Route['view'], params = {}) => {
      route.value = { view, params };
    },
    outbox: { pending: { value: 0 }, conflicts: { value: [] }, replaying: { value: false } },
  } as unknown as AppServices;
  act(() => {
    render(
      <AppContext.Provider value={services}>
        <TabShell />
      </AppContext.Provider>,
      root,
    );
  });
}

describe('tab navigation', () => {
  it('shows Settings to admins only and Approvals to approvers and admins', () => {
    const names = (role: string) => viewsFor(role).map((v) => v.label);
    expect(names('submitter')).toEqual(['Expenses', 'Receipts', 'Reports', 'Analytics']);
    expect(names('approver')).toEqual(['Expenses', 'Receipts', 'Reports', 'Approvals', 'Analytics']);
    expect(names('admin')).toContain('Settings');
  });

  it('marks the current view, switches on click and loads the view lazily', async () => {
    mountShell();
    const current = () => root.querySelector('a[aria-current="page"]')?.textContent;
    expect(current()).toBe('Expenses');
    const settings = [...root.querySelectorAll('a')].find((a) => a.textContent === 'Settings')!;
    act(() => settings.click());
    expect(current()).toBe('Settings');
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Loading');
    for (let i = 0; i < 50 && root.querySelector('.ds-spinner'); i++) {
      await act(async () => new Promise((r) => setTimeout(r, 20)));
    }
    expect(root.querySelector('.ds-spinner')).toBeNull();
    expect(root.querySelector('main')!.textContent).not.toBe('');
  });

  it('in place of Expenses, says the modules are off until an admin enables them; Settings stays open', async () => {
    let enabled = false;
    mountShell({
      get: async (path: string) => {
        if (path === '/api/v1/integrations/crm/modules')
          return { sync_modules: { integration: 'connected', enabled } };
        throw new Error(`unexpected ${path}`);
      },
    });
    const settle = async () => {
      for (let i = 0; i < 10; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
    };
    const main = () => root.querySelector('main')!.textContent ?? '';
    const go = (label: string) =>
      act(() => [...root.querySelectorAll('a')].find((a) => a.textContent === label)!.click());
    await settle();
    expect(main()).toContain('not enabled in Zoho CRM yet');
    go('Settings');
    await settle();
    expect(main()).not.toContain('not enabled in Zoho CRM yet');
    // The admin enables them; Expenses, opened again, asks again.
    enabled = true;
    go('Expenses');
    await settle();
    expect(main()).not.toContain('not enabled in Zoho CRM yet');
  });
});
