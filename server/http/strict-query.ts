/**
 * Query strings are strict: a parameter a route does not declare is a 400 that names it, never
 * silently ignored (`GET /expenses?stauts=draft` would otherwise answer every expense, which looks
 * like the filtered answer). This is done here, once, when each route is registered, so no schema
 * can forget it: every API route's querystring schema gets `additionalProperties: false`, and a
 * route without one gets an empty schema, so it refuses query parameters it does not read.
 *
 * `organization_id` is accepted everywhere, as in Zoho Expense API v1 (which takes the organisation
 * as that query parameter or as the X-com-zoho-expense-organizationid header): it is read where the
 * header is read (auth/plugin.ts: it chooses the organisation when the header is absent, and must
 * name the same one when both are sent), and it is taken out of `request.query` before handlers
 * run, so no handler or service ever sees it as a filter.
 *
 * Left out, so they take any query string:
 * - routes outside /api/v1: the OpenAPI UI and document under /api/docs (Swagger UI's own files
 *   take their parameters in the browser) and the CORS preflight;
 * - routes that say `config: { strictQuery: false }`, with the reason beside them: the OAuth
 *   callback (Zoho Accounts chooses what its redirect carries) and the health check (probes and
 *   monitors are configured outside this API and it reads nothing).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { Type } from 'typebox';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route takes query parameters it does not declare (see strict-query.ts). */
    strictQuery?: boolean;
  }
}

/** Zoho Expense's query parameter for the organisation (the header's alternative). */
export const ORGANIZATION_ID_PARAM = 'organization_id';

const OrganizationIdQuerySchema = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 40,
    pattern: '^[A-Za-z0-9_-]+$',
    description:
      'The organisation, as the X-com-zoho-expense-organizationid header chooses it; when both are sent they must be equal',
  }),
);

const API_PREFIX = '/api/v1';

function isStrict(url: string | undefined, config: { strictQuery?: boolean } | undefined): boolean {
  return (url === API_PREFIX || url?.startsWith(`${API_PREFIX}/`) === true) && config?.strictQuery !== false;
}

type ObjectSchema = { type: 'object'; properties?: Record<string, unknown>; [k: string]: unknown };

function isObjectSchema(schema: unknown): schema is ObjectSchema {
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as Record<string, unknown>;
  return (
    s.type === 'object' &&
    (s.properties === undefined || (typeof s.properties === 'object' && s.properties !== null))
  );
}

/**
 * onRoute: the route's querystring schema, closed to parameters it does not declare and open to
 * organization_id. A copy: the declared schema objects are shared constants (PageQuerySchema serves
 * several routes) and stay as written.
 */
export function closeQuerystring(route: RouteOptions): void {
  if (!isStrict(route.url, route.config as { strictQuery?: boolean } | undefined)) return;
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const declared = schema.querystring ?? Type.Object({});
  if (!isObjectSchema(declared)) {
    // Anything else (a union, a $ref) could not be closed here; refuse it at start-up instead.
    throw new Error(`${String(route.method)} ${route.url}: a querystring schema must be a Type.Object`);
  }
  route.schema = {
    ...schema,
    querystring: {
      ...declared,
      properties: { ...declared.properties, [ORGANIZATION_ID_PARAM]: OrganizationIdQuerySchema },
      additionalProperties: false,
    },
  };
}

/** The route's querystring schema when it is closed (every strict route's, see closeQuerystring). */
function closedQuerystring(request: FastifyRequest): ObjectSchema | undefined {
  const qs = (request.routeOptions.schema as { querystring?: unknown } | undefined)?.querystring;
  return isObjectSchema(qs) && qs.additionalProperties === false ? qs : undefined;
}

const quote = (name: string) => `'${name.length > 80 ? `${name.slice(0, 80)}…` : name}'`;

/**
 * "Unknown query parameter 'stauts'. Accepted: page, per_page, status, …" when the request sent
 * parameters its route does not declare: every one of them (Ajv stops at the first), then what the
 * route takes. Named ahead of any other query error: `?entity_typ=expense` is a misspelling, and
 * "entity_type is required" would send the caller looking in the wrong place. Null otherwise.
 */
export function describeUnknownQuery(request: FastifyRequest): string | null {
  const closed = closedQuerystring(request);
  if (!closed) return null;
  const declared = Object.keys(closed.properties ?? {});
  const sent = Object.keys((request.query ?? {}) as Record<string, unknown>);
  const unknown = sent.filter((k) => !declared.includes(k));
  if (unknown.length === 0) return null;
  const which =
    unknown.length === 1
      ? `Unknown query parameter ${quote(unknown[0] ?? '')}.`
      : `Unknown query parameters ${unknown.map(quote).join(', ')}.`;
  return declared.length > 0 ? `${which} Accepted: ${declared.join(', ')}.` : which;
}

export function installStrictQuery(app: FastifyInstance): void {
  app.addHook('onRoute', closeQuerystring);
  // Read by auth (onRequest) and checked by the route's schema; handlers never see it.
  app.addHook('preHandler', (request, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (
      query &&
      ORGANIZATION_ID_PARAM in query &&
      isStrict(request.routeOptions.url, request.routeOptions.config)
    ) {
      delete query[ORGANIZATION_ID_PARAM];
    }
    done();
  });
}
