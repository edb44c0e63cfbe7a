/**
 * /api/v1/integrations: the Zoho CRM and Zoho People integrations (admins only, except the OAuth
 * callback, which Zoho Accounts calls in the admin's browser and which is bound to the admin's
 * org by the signed `state`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { appError } from '../../errors.js';
import { listHistory } from '../../sync/history.js';
import { syncRuntimeOf } from '../../sync/runtime.js';
import { ErrorResponses, ErrorSchema, ok, okList } from '../common-schemas.js';
import {
  crmSettingsLookups,
  importableCrmUsers,
  importChosenCrmUsers,
  importCrmRecord,
  listConflicts,
  listCrmOrgs,
  listFields,
  listViews,
  resolveConflict,
  searchCrm,
  selectCrmOrg,
} from './crm-service.js';
import {
  CallbackQuerySchema,
  ConflictSchema,
  ConflictsQuerySchema,
  ConnectQuerySchema,
  CrmModuleQuerySchema,
  CrmOrgSchema,
  CrmSettingsBodySchema,
  DeleteQuerySchema,
  FieldsSchema,
  HistoryQuerySchema,
  ImportableUserSchema,
  ImportRecordBodySchema,
  ImportUsersBodySchema,
  IntegrationSchema,
  NotificationSchema,
  PeopleSettingsBodySchema,
  ResolveBodySchema,
  SearchHitSchema,
  SearchQuerySchema,
  SelectOrgBodySchema,
  SyncBodySchema,
  SyncModulesSchema,
  SyncRunSchema,
  SystemParamsSchema,
  ViewSchema,
} from './schemas.js';
import {
  completeConnection,
  connectedIntegration,
  connectUrl,
  deleteIntegration,
  describeIntegration,
  listNotifications,
  SYSTEM_NAMES,
  setStatus,
  startSync,
  syncModulesState,
  updateCrmSettings,
  updatePeopleSettings,
} from './service.js';

const admin = { roles: ['admin'] as const };
const Msg = Type.Object({ code: Type.Literal(0), message: Type.String() });
const Errors = { ...ErrorResponses, 502: ErrorSchema };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The pop-up's page after Zoho Accounts: says how connecting went and tells the widget that opened
 * it, which reloads the card and, when it failed, shows why (only then is the reason sent along).
 * Once connected the pop-up closes itself, as the card now says so; a failure stays on screen.
 */
function page(title: string, body: string, ok: boolean): string {
  const note = { type: 'dealspend-integration', ok, title, ...(ok ? {} : { message: body }) };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(
    title,
  )}</h1><p>${escapeHtml(body)}</p></main><script>try{if(window.opener){window.opener.postMessage(${scriptJson(
    note,
  )},'*');${ok ? 'window.close()' : ''}}}catch(e){}</script></body></html>`;
}

/** JSON safe inside an inline script: `<` is escaped, so no text can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const runtime = syncRuntimeOf(ctx);
  if (ctx.startWorkers) {
    app.addHook('onReady', async () => runtime.start());
    app.addHook('onClose', async () => runtime.stop());
  }

  app.get('/notifications', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'In-app notifications (e.g. an integration deletion completed)',
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          notifications: Type.Array(NotificationSchema),
        }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org, user } = memberOf(request);
      return ok('notifications', await listNotifications(ctx.db, org.org_id, user.user_id));
    },
  });

  app.get('/:system', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Connection, settings and per-module sync status',
      params: SystemParamsSchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), integration: IntegrationSchema }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org } = memberOf(request);
      return ok('integration', (await describeIntegration(ctx.db, org, request.params.system)) as never);
    },
  });

  app.get('/:system/connect', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Connect Now / Try Now: redirects to Zoho Accounts (the admin’s email as login_hint)',
      params: SystemParamsSchema,
      querystring: ConnectQuerySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), authorization_url: Type.String() }),
        302: Type.Null(),
        ...Errors,
      },
    },
    handler: async (request, reply) => {
      const { org, user } = memberOf(request);
      const url = connectUrl(ctx, request.params.system, {
        orgId: org.org_id,
        userId: user.user_id,
        email: user.email,
      });
      if (request.query.redirect === 'false') return ok('authorization_url', url);
      return reply.redirect(url, 302);
    },
  });

  app.get('/:system/callback', {
    // Takes any query string: Zoho Accounts, not a client of this API, decides what its redirect
    // carries (code, state, location, accounts-server, error, and possibly more), and refusing an
    // extra one would fail a sign-in the admin cannot retry differently.
    config: { auth: 'public', strictQuery: false },
    schema: {
      tags: ['integrations'],
      summary: 'OAuth callback from Zoho Accounts (redirect URI to register)',
      security: [],
      params: SystemParamsSchema,
      querystring: CallbackQuerySchema,
      // A refused sign-in is a page; a malformed query is the usual JSON error, so 400 may be either.
      response: {
        200: Type.String(),
        400: Type.Union([Type.String(), ErrorSchema]),
        403: Type.String(),
        502: Type.String(),
      },
    },
    handler: async (request, reply) => {
      const system = request.params.system;
      // The page runs in the pop-up the widget (another origin) opened, and tells it the outcome
      // through window.opener; the app-wide same-origin opener policy would cut that link.
      reply.header('cross-origin-opener-policy', 'unsafe-none');
      try {
        const row = await completeConnection(ctx, system, request.query);
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              `${SYSTEM_NAMES[system]} is connected`,
              `Connected as ${row.connected_email ?? 'your Zoho account'}. You can close this window.`,
              true,
            ),
          );
      } catch (e) {
        const status = e instanceof Error && 'status' in e ? Number((e as { status: number }).status) : 500;
        const pageStatus = ({ 400: 400, 409: 400, 403: 403, 502: 502 } as const)[status];
        if (pageStatus === undefined) throw e;
        return reply
          .code(pageStatus)
          .type('text/html; charset=utf-8')
          .send(page(`${SYSTEM_NAMES[system]} was not connected`, (e as Error).message, false));
      }
    },
  });

  app.put('/crm/settings', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary:
        'Zoho CRM options: users, customers (Configure Now), deals, Sync Modules, potentials; Save and Sync',
      body: CrmSettingsBodySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), integration: IntegrationSchema }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org } = memberOf(request);
      await updateCrmSettings(ctx, org, request.body, crmSettingsLookups(ctx, org.org_id));
      const fresh = await ctx.db
        .selectFrom('organizations')
        .selectAll()
        .where('org_id', '=', org.org_id)
        .executeTakeFirstOrThrow();
      return ok('integration', (await describeIntegration(ctx.db, fresh, 'crm')) as never);
    },
  });

  app.put('/people/settings', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Zoho People options: departments, users (field mapping), clients, projects',
      body: PeopleSettingsBodySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), integration: IntegrationSchema }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org } = memberOf(request);
      await updatePeopleSettings(ctx, org, request.body);
      return ok('integration', (await describeIntegration(ctx.db, org, 'people')) as never);
    },
  });

  app.post('/:system/sync', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Instant Sync: every enabled module, or {"module": "..."}',
      params: SystemParamsSchema,
      body: Type.Optional(SyncBodySchema),
      response: {
        202: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          job_ids: Type.Array(Type.String()),
        }),
        ...Errors,
      },
    },
    handler: async (request, reply) => {
      const { org } = memberOf(request);
      const row = await connectedIntegration(ctx.db, org.org_id, request.params.system);
      const module = request.body?.module;
      const ids = await startSync(ctx, row, module ? [module] : undefined);
      return reply.code(202).send(ok('job_ids', ids));
    },
  });

  app.get('/:system/synchistory', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Sync history (Check Status / Show Sync History), newest first',
      params: SystemParamsSchema,
      querystring: HistoryQuerySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          sync_runs: Type.Array(SyncRunSchema),
          page_context: Type.Object({
            page: Type.Integer(),
            per_page: Type.Integer(),
            has_more_page: Type.Boolean(),
          }),
        }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org } = memberOf(request);
      const page = request.query.page ?? 1;
      const perPage = request.query.per_page ?? 50;
      const runs = await listHistory(ctx.db, org.org_id, request.params.system, {
        module: request.query.module,
        limit: perPage + 1,
        offset: (page - 1) * perPage,
      });
      return okList('sync_runs', runs.slice(0, perPage) as never[], page, perPage, runs.length > perPage);
    },
  });

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'connected'],
  ] as const) {
    app.post(`/:system/${action}`, {
      config: admin,
      schema: {
        tags: ['integrations'],
        summary:
          action === 'disable' ? 'Disable Integration: no further sync' : 'Enable the integration again',
        params: SystemParamsSchema,
        response: { 200: Msg, ...Errors },
      },
      handler: async (request) => {
        const { org } = memberOf(request);
        await setStatus(ctx, org.org_id, request.params.system, status);
        return {
          code: 0 as const,
          message: `The ${SYSTEM_NAMES[request.params.system]} integration is ${status === 'disabled' ? 'disabled' : 'enabled'}.`,
        };
      },
    });
  }

  app.delete('/:system', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Delete Integration (only when disabled), converting synced records',
      params: SystemParamsSchema,
      querystring: DeleteQuerySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          converted: Type.Integer(),
          deleted: Type.Integer(),
        }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const { org } = memberOf(request);
      const r = await deleteIntegration(ctx, org.org_id, request.params.system, request.query.conversion);
      return { code: 0 as const, message: 'The integration is deleted.', ...r };
    },
  });

  app.get('/crm/orgs', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Select Organisation: the Zoho CRM organisations to choose from',
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          organizations: Type.Array(CrmOrgSchema),
        }),
        ...Errors,
        502: ErrorSchema,
      },
    },
    handler: async (request) => ok('organizations', await listCrmOrgs(ctx, memberOf(request).org.org_id)),
  });

  app.put('/crm/org', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Select Organisation: save the chosen Zoho CRM organisation',
      body: SelectOrgBodySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), organization: CrmOrgSchema }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('organization', await selectCrmOrg(ctx, memberOf(request).org.org_id, request.body.crm_org_id)),
  });

  app.get('/crm/views', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Views of a CRM module (predefined and user views) for Configure Now',
      querystring: CrmModuleQuerySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), views: Type.Array(ViewSchema) }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('views', await listViews(ctx, memberOf(request).org.org_id, request.query.module)),
  });

  app.get('/crm/fields', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Fields of a CRM module and DealSpend fields, for field mapping',
      querystring: CrmModuleQuerySchema,
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), fields: FieldsSchema }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('fields', await listFields(ctx, memberOf(request).org.org_id, request.query.module)),
  });

  app.get('/crm/users/importable', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Import Zoho CRM users: CRM users not yet in DealSpend',
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          users: Type.Array(ImportableUserSchema),
        }),
        ...Errors,
      },
    },
    handler: async (request) => ok('users', await importableCrmUsers(ctx, memberOf(request).org.org_id)),
  });

  app.post('/crm/users/import', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Import the chosen Zoho CRM users with the roles assigned',
      body: ImportUsersBodySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          imported: Type.Integer(),
          updated: Type.Integer(),
        }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const r = await importChosenCrmUsers(ctx, memberOf(request).org, request.body.users);
      return { code: 0 as const, message: 'success', ...r };
    },
  });

  // Any member's widget asks, to show the Expenses and Expense Reports modules or say they are off.
  app.get('/crm/modules', {
    schema: {
      tags: ['integrations'],
      summary: 'Sync Modules: whether the Expenses and Expense Reports modules are available in Zoho CRM',
      response: {
        200: Type.Object({ code: Type.Literal(0), message: Type.String(), sync_modules: SyncModulesSchema }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('sync_modules', await syncModulesState(ctx.db, memberOf(request).org.org_id)),
  });

  // Any member may search CRM and bring a customer in while filling an expense (seed: "Search in Zoho CRM").
  app.get('/crm/search', {
    schema: {
      tags: ['integrations'],
      summary: 'Search in Zoho CRM: contacts by first or last name, accounts by name with their contacts',
      querystring: SearchQuerySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          results: Type.Array(SearchHitSchema),
        }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('results', await searchCrm(ctx, memberOf(request).org.org_id, request.query.type, request.query.q)),
  });

  app.post('/crm/import', {
    schema: {
      tags: ['integrations'],
      summary: 'Fetch a picked CRM record into DealSpend and link it',
      body: ImportRecordBodySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          customer_id: Type.String(),
          created: Type.Boolean(),
        }),
        ...Errors,
      },
    },
    handler: async (request) => {
      const r = await importCrmRecord(ctx, memberOf(request).org, request.body.module, request.body.id);
      return { code: 0 as const, message: 'success', ...r };
    },
  });

  app.get('/crm/conflicts', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Fields changed on both sides since the last sync',
      querystring: ConflictsQuerySchema,
      response: {
        200: Type.Object({
          code: Type.Literal(0),
          message: Type.String(),
          conflicts: Type.Array(ConflictSchema),
        }),
        ...Errors,
      },
    },
    handler: async (request) =>
      ok('conflicts', await listConflicts(ctx, memberOf(request).org.org_id, request.query.status ?? 'open')),
  });

  app.post('/crm/conflicts/:conflict_id/resolve', {
    config: admin,
    schema: {
      tags: ['integrations'],
      summary: 'Resolve a conflict by keeping the DealSpend (local) or the CRM (remote) value',
      params: Type.Object({
        conflict_id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z_-]+$' }),
      }),
      body: ResolveBodySchema,
      response: { 200: Msg, ...Errors },
    },
    handler: async (request) => {
      await resolveConflict(ctx, memberOf(request).org.org_id, request.params.conflict_id, request.body.keep);
      return { code: 0 as const, message: 'The conflict is resolved.' };
    },
  });

  // Unknown systems are refused by the params schema; this keeps the compiler honest about it.
  void appError;
};

export default routes;
