/**
 * A tiny fake DealSpend server for feature tests: handlers keyed by "METHOD /path", behind a stub
 * `fetch` given to the real API client. Models and components run unchanged above it.
 */
import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { createApiClient } from '../../../../widget/api/client.js';
import type { User } from '../../../../widget/api/types.js';
import { AppContext, type AppServices, type Route } from '../../../../widget/ui/app-context.js';
import { createToastModel } from '../../../../widget/ui/toast-model.js';
import { serverQueryRefusal, serverRefusal } from '../../server-requests.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** For multipart uploads: the file's name. */
  fileName?: string;
  headers: Headers;
}

export type Reply =
  | { status?: number; body?: unknown }
  | ((req: FakeRequest) => { status?: number; body?: unknown });

export function fakeApi(routes: Record<string, Reply> = {}) {
  const calls: FakeRequest[] = [];
  let offline = false;
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    let body: unknown;
    let fileName: string | undefined;
    if (init?.body instanceof FormData) {
      const file = init.body.get('receipt');
      fileName = file instanceof File ? file.name : undefined;
    } else if (typeof init?.body === 'string') body = JSON.parse(init.body);
    const req: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: new Headers(init?.headers),
      ...(fileName ? { fileName } : {}),
    };
    calls.push(req);
    if (offline) throw new TypeError('Failed to fetch');
    // What the real server would refuse is refused here too, before any handler sees it.
    const refusal =
      serverQueryRefusal(method, url.pathname, url.searchParams) ??
      (body === undefined ? null : serverRefusal(method, url.pathname, body));
    if (refusal) {
      return new Response(JSON.stringify({ code: 1000, message: refusal }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    }
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) {
      return new Response(JSON.stringify({ code: 5, message: `No route ${method} ${url.pathname}` }), {
        status: 404,
      });
    }
    const reply = typeof handler === 'function' ? handler(req) : handler;
    return new Response(JSON.stringify(reply.body ?? { code: 0, message: 'success' }), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const api = createApiClient({
    baseUrl: 'http://server.test',
    getToken: async () => 'token',
    fetch: fetchStub,
  });
  return {
    api,
    routes,
    calls,
    /** Calls to one "METHOD /path". */
    callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
    setOffline(v: boolean) {
      offline = v;
    },
  };
}

export const ok = (body: Record<string, unknown>) => ({ body: { code: 0, message: 'success', ...body } });
export const page = { page: 1, per_page: 25, has_more_page: false };

export function user(overrides: Partial<User> = {}): User {
  return {
    user_id: 'u-rep',
    organization_id: 'org1',
    name: 'Rita Rep',
    email: 'rep@zylker.example',
    user_role: 'submitter',
    status: 'active',
    manager_id: 'u-mgr',
    manager_name: 'Max Manager',
    department_id: null,
    department_name: null,
    employee_number: null,
    is_from_crm: true,
    is_from_zoho_people: false,
    created_time: '2026-01-01T00:00:00Z',
    last_modified_time: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** One page of a list as the server answers it: `per_page` (50 by default) from `page` (1 by default). */
function pageOf(key: string, items: readonly unknown[], query: URLSearchParams) {
  const perPage = Number(query.get('per_page') ?? 50);
  const pageNo = Number(query.get('page') ?? 1);
  return ok({
    [key]: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    page_context: { page: pageNo, per_page: perPage, has_more_page: items.length > pageNo * perPage },
  });
}

/** A list route paged as the server pages it, so a view that reads only the first page is caught. */
export function pagedRoute(key: string, items: readonly unknown[]): Reply {
  return (req) => pageOf(key, items, req.query);
}

/** GET /api/v1/users as the server answers it: filtered by status and user_role, by name, paged. */
export function usersRoute(users: readonly Partial<User>[]): Reply {
  return (req) => {
    const q = req.query;
    const matching = users
      .filter(
        (u) =>
          (!q.has('status') || u.status === q.get('status')) &&
          (!q.has('user_role') || u.user_role === q.get('user_role')),
      )
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    return pageOf('users', matching, q);
  };
}

/** Renders `ui` inside the services a view gets from the tab shell; answers the root and the services. */
export function mount(ui: ComponentChildren, services: Partial<AppServices> & Pick<AppServices, 'api'>) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const route = signal<Route>({ view: 'expenses', params: {} });
  const app = {
    me: user(),
    host: null,
    toasts: createToastModel(0),
    route,
    navigate: (view: Route['view'], params: Record<string, string> = {}) => {
      route.value = { view, params };
    },
    ...services,
  } as AppServices;
  act(() => {
    render(<AppContext.Provider value={app}>{ui}</AppContext.Provider>, root);
  });
  return {
    root,
    app,
    route,
    unmount() {
      act(() => render(null, root));
      root.remove();
    },
  };
}

/** Lets pending promises and signal updates settle, then re-renders. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export function byLabel(root: HTMLElement, label: string): HTMLInputElement {
  const l = Array.from(root.querySelectorAll('label')).find(
    (x) => x.textContent?.replace(/\s*\*$/, '').trim() === label,
  );
  if (!l) throw new Error(`No label "${label}"`);
  const id = l.getAttribute('for');
  const el = id ? root.querySelector(`[id="${id}"]`) : l.querySelector('input,select,textarea');
  if (!el) throw new Error(`No control for "${label}"`);
  return el as HTMLInputElement;
}

export function button(root: HTMLElement, text: string): HTMLButtonElement {
  const b = Array.from(root.querySelectorAll('button')).find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`No button "${text}"`);
  return b;
}

/** Types into an input the way a user does (value, then the input event). */
export function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

export function click(el: HTMLElement) {
  act(() => {
    el.click();
  });
}
