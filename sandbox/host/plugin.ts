/**
 * The sandbox's CRM-like page (what Zoho CRM is to the widget):
 * - `/` and `/crm/tab/{Accounts|Contacts|Deals}`: module lists of the demo org (Zylker);
 * - `/crm/tab/{Module}/{id}`: a record page with a "DealSpend" related list hosting the widget;
 * - `/crm/tab/WebTab/dealspend`: the DealSpend web tab;
 * - `/widget/*`: the built widget (dist/widget), `/js-sdk/1.2/ZohoEmbededAppSDK.min.js`: the SDK
 *   stand-in, `/__crm/host.js` + `POST /__crm/sdk`: the page's side of the SDK;
 * - `POST /__crm/user`: the header switch of the signed-in CRM user (rep, manager, admin).
 * The DealSpend server URL the SDK hands out as the org variable `dealspend_server_url` is
 * DEALSPEND_SERVER_URL, else http://127.0.0.1:$PORT (what `npm start` runs).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { HostPluginOptions } from '../server.js';
import { createCrmBridge } from './crm-bridge.js';
import { currentCrmUser, DEFAULT_USER_EMAIL, SWITCHABLE_USERS, setCrmUser } from './crm-user.js';
import { HOST_PAGE_SCRIPT } from './host-page-script.js';
import {
  layout,
  listPage,
  notFoundPage,
  type PageModule,
  recordPage,
  recordTitle,
  webTabPage,
} from './pages.js';
import { SDK_SCRIPT } from './sdk-script.js';
import { readWidgetFile, WIDGET_DIST } from './widget-files.js';

const MODULES: readonly PageModule[] = ['Accounts', 'Contacts', 'Deals'];

/** The DealSpend server the widget should call, read when asked so start-up order does not matter. */
export function dealSpendServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.DEALSPEND_SERVER_URL || `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, '');
}

const hostPlugin: FastifyPluginAsync<HostPluginOptions> = async (app, opts) => {
  const { state } = opts;
  const bridge = createCrmBridge(app, state, () => dealSpendServerUrl());
  const originOf = (request: FastifyRequest) => opts.serverUrl ?? `${request.protocol}://${request.host}`;

  function moduleOf(name: string): PageModule | undefined {
    return MODULES.find((m) => m === name);
  }

  function listOf(module: PageModule) {
    return state.crm.orgs[0]!.modules[module].window(
      { sortBy: 'id', order: 'asc', modifiedSince: undefined, predicate: undefined },
      0,
      200,
    );
  }

  // Browsers ask every page's origin for an icon; the CRM page has none, and a 404 would show as an
  // error in the console of every page a test or a developer opens.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  app.get('/', async (request, reply) => {
    const { user } = currentCrmUser(state, request);
    const { records, more } = listOf('Accounts');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        layout({ title: 'Accounts', user, current: 'Accounts', body: listPage('Accounts', records, more) }),
      );
  });

  app.get('/crm/tab/WebTab/dealspend', async (request, reply) => {
    const { user } = currentCrmUser(state, request);
    return reply.type('text/html; charset=utf-8').send(
      layout({
        title: 'DealSpend',
        user,
        current: 'WebTab',
        body: webTabPage(originOf(request)),
        full: true,
      }),
    );
  });

  app.get('/crm/tab/:module', async (request, reply) => {
    const { user } = currentCrmUser(state, request);
    const module = moduleOf((request.params as { module: string }).module);
    reply.type('text/html; charset=utf-8');
    if (!module) {
      return reply
        .code(404)
        .send(
          layout({ title: 'Not found', user, current: '', body: notFoundPage('There is no such module.') }),
        );
    }
    const { records, more } = listOf(module);
    return reply.send(
      layout({ title: module, user, current: module, body: listPage(module, records, more) }),
    );
  });

  app.get('/crm/tab/:module/:id', async (request, reply) => {
    const { user } = currentCrmUser(state, request);
    const params = request.params as { module: string; id: string };
    const module = moduleOf(params.module);
    const record = module ? state.crm.orgs[0]!.modules[module].get(params.id) : undefined;
    reply.type('text/html; charset=utf-8');
    if (!module || !record) {
      return reply
        .code(404)
        .send(
          layout({ title: 'Not found', user, current: '', body: notFoundPage('There is no such record.') }),
        );
    }
    return reply.send(
      layout({
        title: recordTitle(module, record),
        user,
        current: module,
        body: recordPage(module, record, originOf(request)),
      }),
    );
  });

  app.post('/__crm/user', async (request, reply) => {
    const body = (request.body ?? {}) as { email?: unknown };
    const email = typeof body.email === 'string' ? body.email : DEFAULT_USER_EMAIL;
    const known = SWITCHABLE_USERS.some((u) => u.email === email);
    setCrmUser(reply, known ? email : DEFAULT_USER_EMAIL);
    const back = request.headers.referer;
    return reply.redirect(back?.startsWith(originOf(request)) ? back : '/', 303);
  });

  app.get('/__crm/host.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(HOST_PAGE_SCRIPT),
  );

  app.get('/js-sdk/1.2/ZohoEmbededAppSDK.min.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SDK_SCRIPT),
  );

  app.post('/__crm/sdk', async (request) => {
    const { user } = currentCrmUser(state, request);
    const body = (request.body ?? {}) as { method?: unknown; args?: unknown };
    if (typeof body.method !== 'string')
      return { error: { code: 'INVALID_DATA', message: 'method is required' } };
    return bridge.answer(user, body.method, body.args);
  });

  app.get('/widget/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const file = await readWidgetFile(WIDGET_DIST, rest || 'tab.html');
    if (!file) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('This widget file does not exist. Build the widget with `npm run build`.');
    }
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.type(file.type).send(file.body);
  });
};

export default hostPlugin;
