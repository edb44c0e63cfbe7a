/**
 * Zoho CRM v8 users, org and metadata: GET /users, /users/{id}, /org, /settings/modules,
 * /settings/fields?module=, /settings/custom_views?module= (and /{id}). Shapes from zoho/crm-oas
 * v8.0 users.json, org.json, modules.json, fields.json and custom_views.json.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { DEAL_STAGES } from '../data/seed.js';
import type { CrmUser } from '../data/seed-types.js';
import type { SandboxState } from '../state.js';
import { authenticateCrm, type CrmContext } from './crm-auth.js';
import { sendCrmError } from './crm-error.js';
import type { CrmOrgState } from './crm-store.js';
import { customViewsFor, viewJson } from './custom-views.js';
import { queryOf, readIfModifiedSince, readPaging } from './list-params.js';
import {
  type FieldMeta,
  fieldLength,
  MODULE_NAMES,
  MODULES,
  type ModuleName,
  resolveModule,
} from './module-meta.js';
import { timeOf } from './module-store.js';

const USERS_SCOPES = ['ZohoCRM.users.ALL', 'ZohoCRM.users.READ'];
const ORG_SCOPES = ['ZohoCRM.org.ALL', 'ZohoCRM.org.READ'];
function settingsScopes(area: string): string[] {
  return [
    'ZohoCRM.settings.ALL',
    'ZohoCRM.settings.READ',
    `ZohoCRM.settings.${area}.ALL`,
    `ZohoCRM.settings.${area}.READ`,
  ];
}

/** GET /users?type= values (https://www.zoho.com/crm/developer/docs/api/v8/get-users.html). */
const USER_TYPES: Record<string, (u: CrmUser, ctx: CrmContext) => boolean> = {
  AllUsers: () => true,
  ActiveUsers: (u) => u.status === 'active',
  DeactiveUsers: (u) => u.status === 'disabled',
  ConfirmedUsers: (u) => u.confirm,
  NotConfirmedUsers: (u) => !u.confirm,
  DeletedUsers: (u) => u.status === 'deleted',
  ActiveConfirmedUsers: (u) => u.status === 'active' && u.confirm,
  AdminUsers: (u) => u.profile.name === 'Administrator',
  ActiveConfirmedAdmins: (u) => u.profile.name === 'Administrator' && u.status === 'active' && u.confirm,
  CurrentUser: (u, ctx) => u.id === ctx.user.id,
};

function userJson(u: CrmUser, org: CrmOrgState): Record<string, unknown> {
  return {
    ...u,
    time_zone: org.org.time_zone,
    locale: 'en_US',
    country_locale: 'en_US',
    Currency: org.org.iso_code,
    language: 'en_US',
  };
}

const JSON_TYPE: Record<FieldMeta['type'], string> = {
  text: 'string',
  email: 'string',
  phone: 'string',
  website: 'string',
  picklist: 'string',
  boolean: 'boolean',
  currency: 'double',
  double: 'double',
  integer: 'integer',
  date: 'string',
  datetime: 'string',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
  bigint: 'string',
};

function fieldJson(module: ModuleName, f: FieldMeta, index: number): Record<string, unknown> {
  const id = `${MODULES[module].id.slice(0, 12)}${String(1000 + index).padStart(7, '0')}`;
  const out: Record<string, unknown> = {
    api_name: f.api_name,
    display_label: f.label,
    field_label: f.label,
    id,
    data_type: f.type,
    json_type: JSON_TYPE[f.type],
    custom_field: f.custom === true,
    system_mandatory: f.mandatory === true,
    read_only: f.readOnly === true,
    field_read_only: f.readOnly === true,
    visible: true,
    length: fieldLength(f),
    unique: f.unique ? { casesensitive: false } : {},
    lookup: f.lookup
      ? { module: { api_name: f.lookup, id: MODULES[f.lookup].id }, display_label: f.lookup }
      : {},
    pick_list_values: [] as unknown[],
  };
  if (f.type === 'picklist' && f.picklist) {
    out.pick_list_values = f.picklist.map((v, i) => {
      const stage = f.api_name === 'Stage' ? DEAL_STAGES.find((s) => s.value === v) : undefined;
      return {
        display_value: v === 'Id. Decision Makers' ? 'Identify Decision Makers' : v,
        actual_value: v,
        id: `${id.slice(0, 12)}${String(2000 + i).padStart(7, '0')}`,
        sequence_number: i + 1,
        type: 'used',
        ...(stage ? { probability: stage.probability, forecast_type: stage.forecast_type } : {}),
      };
    });
  }
  if (f.type === 'currency') out.currency = { precision: 2, rounding_option: 'normal' };
  return out;
}

const settingsRoutes: FastifyPluginAsync<{ state: SandboxState }> = async (app, { state }) => {
  function moduleParam(reply: FastifyReply, raw: string | undefined): ModuleName | undefined {
    if (!raw) {
      sendCrmError(reply, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'module',
      });
      return undefined;
    }
    const m = resolveModule(raw);
    if (!m)
      sendCrmError(reply, 400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
        param_name: 'module',
      });
    return m;
  }

  app.get('/crm/v8/users', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, USERS_SCOPES);
    if (!ctx) return reply;
    const q = queryOf(request);
    const type = q.type ?? 'AllUsers';
    const filter = USER_TYPES[type];
    if (!filter)
      return sendCrmError(reply, 400, 'INVALID_DATA', 'the type given seems to be invalid', {
        param_name: 'type',
      });
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const since = readIfModifiedSince(request, reply);
    if (since === undefined) return reply;
    const rows = ctx.org.users.filter(
      (u) => filter(u, ctx) && (since === null || timeOf(u.Modified_Time) > since),
    );
    const offset = (paging.page - 1) * paging.perPage;
    const page = rows.slice(offset, offset + paging.perPage);
    if (page.length === 0) return reply.code(since !== null ? 304 : 204).send();
    return {
      users: page.map((u) => userJson(u, ctx.org)),
      info: {
        per_page: paging.perPage,
        count: page.length,
        page: paging.page,
        more_records: offset + page.length < rows.length,
      },
    };
  });

  app.get('/crm/v8/users/:id', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, USERS_SCOPES);
    if (!ctx) return reply;
    const u = ctx.org.users.find((x) => x.id === (request.params as { id: string }).id);
    if (!u) return reply.code(204).send();
    return { users: [userJson(u, ctx.org)] };
  });

  app.get('/crm/v8/org', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, ORG_SCOPES);
    if (!ctx) return reply;
    const o = ctx.org.org;
    return {
      org: [
        {
          ...o,
          currency_locale: o.iso_code === 'EUR' ? 'de_DE' : 'en_US',
          mc_status: false,
          type: 'production',
          max_per_page: 200,
          employee_count: String(ctx.org.users.length),
          alias: null,
          description: null,
          phone: null,
          mobile: null,
          fax: null,
          website: null,
          privacy_settings: false,
          hipaa_compliance_enabled: false,
          license_details: {
            paid_expiry: null,
            users_license_purchased: ctx.org.users.length,
            trial_type: null,
            trial_expiry: null,
            paid: true,
            paid_type: 'enterprise',
          },
        },
      ],
    };
  });

  app.get('/crm/v8/settings/modules', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, settingsScopes('modules'));
    if (!ctx) return reply;
    return {
      modules: MODULE_NAMES.map((m, i) => ({
        api_name: m,
        module_name: m,
        plural_label: m,
        singular_label: MODULES[m].singular,
        id: MODULES[m].id,
        api_supported: true,
        generated_type: 'default',
        creatable: true,
        editable: true,
        deletable: true,
        viewable: true,
        visible: true,
        status: 'visible',
        sequence_number: i + 1,
        modified_time: null,
      })),
    };
  });

  app.get('/crm/v8/settings/fields', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, settingsScopes('fields'));
    if (!ctx) return reply;
    const module = moduleParam(reply, queryOf(request).module);
    if (!module) return reply;
    return { fields: MODULES[module].fields.map((f, i) => fieldJson(module, f, i)) };
  });

  app.get('/crm/v8/settings/custom_views', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, settingsScopes('custom_views'));
    if (!ctx) return reply;
    const q = queryOf(request);
    const module = moduleParam(reply, q.module);
    if (!module) return reply;
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const views = customViewsFor(ctx.org, module);
    const offset = (paging.page - 1) * paging.perPage;
    const page = views.slice(offset, offset + paging.perPage);
    if (page.length === 0) return reply.code(204).send();
    return {
      custom_views: page.map(viewJson),
      info: {
        per_page: paging.perPage,
        default: views.find((v) => v.default)?.id ?? null,
        count: page.length,
        page: paging.page,
        more_records: offset + page.length < views.length,
      },
    };
  });

  app.get('/crm/v8/settings/custom_views/:id', async (request, reply) => {
    const ctx = authenticateCrm(state, request, reply, settingsScopes('custom_views'));
    if (!ctx) return reply;
    const module = moduleParam(reply, queryOf(request).module);
    if (!module) return reply;
    const view = customViewsFor(ctx.org, module).find((v) => v.id === (request.params as { id: string }).id);
    if (!view) return reply.code(204).send();
    return { custom_views: [viewJson(view)] };
  });
};

export default settingsRoutes;
