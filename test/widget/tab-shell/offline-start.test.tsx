import { signal } from '@preact/signals';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../widget/api/api-error.js';
import type { AuthModel } from '../../../widget/api/auth.js';
import { createApiClient } from '../../../widget/api/client.js';
import { openDealSpendDB } from '../../../widget/api/db.js';
import { rememberUser } from '../../../widget/api/last-user.js';
import type { User } from '../../../widget/api/types.js';
import { createOfflineServices } from '../../../widget/entries/offline-services.js';
import type { Session } from '../../../widget/entries/session.js';
import { OFFLINE_MESSAGE, WidgetRoot } from '../../../widget/entries/widget-root.js';
import { type Route, useApp } from '../../../widget/ui/app-context.js';
import { createToastModel } from '../../../widget/ui/toast-model.js';

const TOKEN = 'secret-access-token-7f3a';
const rep = {
  user_id: 'u1',
  name: 'Rita Rep',
  email: 'rep@zylker.example',
  user_role: 'submitter',
  organization_id: 'o1',
} as User;

let root: HTMLElement;
let n = 0;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/** A window whose connection the test switches. */
function fakeWindow(onLine: boolean) {
  const target = new EventTarget();
  const navigator = { onLine };
  const win = Object.assign(target, { navigator }) as unknown as Window;
  return {
    win,
    goOnline() {
      navigator.onLine = true;
      target.dispatchEvent(new Event('online'));
    },
  };
}

/** The server behind the widget: answers GETs while up, records every request's headers. */
function fakeServer() {
  let up = true;
  const headers: Array<Record<string, string>> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    if (!up) throw new TypeError('Failed to fetch');
    headers.push(init.headers as Record<string, string>);
    const path = new URL(url).pathname;
    const body =
      path === '/api/v1/users/me'
        ? { code: 0, message: 'success', user: rep }
        : { code: 0, message: 'success', categories: [{ category_id: 'c1', category_name: 'Travel' }] };
    return new Response(JSON.stringify(body), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, headers, setUp: (v: boolean) => (up = v) };
}

function session(server: ReturnType<typeof fakeServer>): Session {
  const api = createApiClient({
    baseUrl: 'http://server.test',
    getToken: async () => TOKEN,
    fetch: server.fetch,
  });
  const auth = {
    status: signal('signed-out'),
    error: signal(null),
    signIn: async () => {},
  } as unknown as AuthModel;
  return {
    host: null as unknown as Session['host'],
    auth,
    api,
    me: () => api.get<{ user: User }>('/api/v1/users/me').then(({ user }) => user),
  };
}

/** A view reading through the client the views get: shows the user and the categories. */
function Categories() {
  const { me, api } = useApp();
  const [names, setNames] = useState<string>('loading');
  useEffect(() => {
    api.get<{ categories: Array<{ category_name: string }> }>('/api/v1/categories').then(
      (r) => setNames(r.categories.map((c) => c.category_name).join(',')),
      (e: Error) => setNames(e.message),
    );
  }, [api]);
  return (
    <p id="view">
      {me.name}: {names}
    </p>
  );
}

async function mount(
  server: ReturnType<typeof fakeServer>,
  win: Window,
  db = openDealSpendDB(`offline-start-${++n}`),
) {
  await act(async () => {
    render(
      <WidgetRoot
        start={async () => session(server)}
        db={db}
        win={win}
        services={(s, me) => ({
          me,
          host: null,
          toasts: createToastModel(),
          ...createOfflineServices(s.api, me, db),
          route: signal<Route>({ view: 'expenses', params: {} }),
          navigate: () => {},
        })}
      >
        <Categories />
      </WidgetRoot>,
      root,
    );
  });
  return { db };
}

async function settle() {
  for (let i = 0; i < 20; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe('opening offline', () => {
  it('renders the remembered user and the last lists with the offline banner instead of the sign-in prompt', async () => {
    const server = fakeServer();
    const online = fakeWindow(true);
    const { db } = await mount(server, online.win);
    await settle();
    expect(root.querySelector('#view')?.textContent).toBe('Rita Rep: Travel');
    expect(root.textContent).not.toContain(OFFLINE_MESSAGE);
    render(null, root);

    // Reload without a connection: no token in memory, no sign-in possible.
    server.setUp(false);
    const offline = fakeWindow(false);
    await mount(server, offline.win, db);
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent).toContain(OFFLINE_MESSAGE);
    expect(root.querySelector('#view')?.textContent).toBe('Rita Rep: Travel');
    expect(root.textContent).not.toContain('Sign in to DealSpend');
  });

  it('opens offline when the browser thinks it is online but the server cannot be reached', async () => {
    const server = fakeServer();
    const db = openDealSpendDB(`offline-start-${++n}`);
    await rememberUser(db, rep);
    server.setUp(false);
    await mount(server, fakeWindow(true).win, db);
    await settle();
    expect(root.textContent).toContain(OFFLINE_MESSAGE);
    expect(root.querySelector('#view')?.textContent).toContain('Rita Rep');
  });

  it('says so when offline on a device where DealSpend was never opened', async () => {
    const server = fakeServer();
    server.setUp(false);
    await mount(server, fakeWindow(false).win);
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('has not been opened on this device');
  });

  it('signs in and loads fresh when the connection returns', async () => {
    const server = fakeServer();
    const db = openDealSpendDB(`offline-start-${++n}`);
    await rememberUser(db, rep);
    server.setUp(false);
    const w = fakeWindow(false);
    await mount(server, w.win, db);
    await settle();
    expect(root.textContent).toContain(OFFLINE_MESSAGE);
    server.setUp(true);
    await act(async () => w.goOnline());
    await settle();
    expect(root.textContent).not.toContain(OFFLINE_MESSAGE);
    expect(root.querySelector('#view')?.textContent).toBe('Rita Rep: Travel');
    expect(server.headers.some((h) => h.authorization === `Zoho-oauthtoken ${TOKEN}`)).toBe(true);
  });

  it('never keeps the access token in the cache', async () => {
    const server = fakeServer();
    const { db } = await mount(server, fakeWindow(true).win);
    await settle();
    expect(root.querySelector('#view')?.textContent).toBe('Rita Rep: Travel');
    const stored = await (await db).getAll('cache');
    expect(stored.map((r) => r.key)).toEqual(expect.arrayContaining(['session:last-user']));
    expect(stored.length).toBeGreaterThan(1);
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
  });
});

it('reports a start-up that fails for another reason as an error, not offline', async () => {
  const server = fakeServer();
  const db = openDealSpendDB(`offline-start-${++n}`);
  await rememberUser(db, rep);
  await act(async () => {
    render(
      <WidgetRoot
        start={async () => ({
          ...session(server),
          me: () => Promise.reject(new ApiError({ status: 403, code: 4010, message: 'Not a member.' })),
        })}
        db={db}
        win={fakeWindow(true).win}
        services={() => {
          throw new Error('not reached');
        }}
      >
        <Categories />
      </WidgetRoot>,
      root,
    );
  });
  await settle();
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('Not a member.');
  expect(root.textContent).not.toContain(OFFLINE_MESSAGE);
});
