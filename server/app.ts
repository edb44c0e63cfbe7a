/**
 * buildApp(deps) → a ready Fastify instance. All I/O (database, Zoho identity check, clock, ids,
 * fetch) comes in through deps so tests can substitute it. Each resource is one plugin registered
 * below with its prefix, so the whole API surface can be read in one place.
 */
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { authPlugin } from './auth/plugin.js';
import type { IdentityVerifier } from './auth/zoho-identity.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import type { DialectCapabilities } from './db/dialect.js';
import type { Database } from './db/schema.js';
import { installErrorHandling } from './http/error-handler.js';
import { idempotencyPlugin } from './http/idempotency.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { installStrictQuery } from './http/strict-query.js';
import { cachedValidatorCompiler, serializerCompiler } from './http/validation.js';
import { type Clock, createIdGenerator, type IdGenerator, systemClock } from './ids.js';
import analyticsRoutes from './modules/analytics/routes.js';
import approvalRulesRoutes from './modules/approval-rules/routes.js';
import approvalsRoutes from './modules/approvals/routes.js';
import auditRoutes from './modules/audit/routes.js';
import authRoutes from './modules/auth/routes.js';
import contactsRoutes from './modules/contacts/routes.js';
import currenciesRoutes from './modules/currencies/routes.js';
import dealsRoutes from './modules/deals/routes.js';
import departmentsRoutes from './modules/departments/routes.js';
import expenseCategoriesRoutes from './modules/expense-categories/routes.js';
import expenseReportsRoutes from './modules/expense-reports/routes.js';
import expensesRoutes from './modules/expenses/routes.js';
import healthRoutes from './modules/health/routes.js';
import integrationsRoutes from './modules/integrations/routes.js';
import organizationsRoutes from './modules/organizations/routes.js';
import perDiemRoutes from './modules/per-diem/routes.js';
import projectsRoutes from './modules/projects/routes.js';
import receiptsRoutes from './modules/receipts/routes.js';
import usersRoutes from './modules/users/routes.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  identity: IdentityVerifier;
  clock?: Clock;
  ids?: IdGenerator;
  /** Used by the Zoho connectors; tests may wrap it. */
  fetch?: typeof fetch;
  /** Pino logger options or false; defaults to the configured level. */
  logger?: boolean | object;
  /** Start background workers (sync scheduler). Tests that do not need them pass false. */
  startWorkers?: boolean;
}

/** What every route plugin can reach through `app.ctx`. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectCapabilities;
  database: DatabaseHandle;
  clock: Clock;
  ids: IdGenerator;
  fetch: typeof fetch;
  startWorkers: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export type App = FastifyInstance;

/** Receipts are at most 7 MB; the multipart limit leaves room for the envelope. */
export const MAX_RECEIPT_BYTES = 7 * 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', '*.refresh_token', '*.access_token', '*.client_secret'],
    },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(cachedValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx: AppContext = {
    config,
    db: deps.database.db,
    dialect: deps.database.dialect,
    database: deps.database,
    clock: deps.clock ?? systemClock,
    ids: deps.ids ?? createIdGenerator(),
    fetch: deps.fetch ?? fetch,
    startWorkers: deps.startWorkers ?? true,
  };
  app.decorate('ctx', ctx);

  installErrorHandling(app);
  // Before any route (the docs plugin's included) is registered: every API route's query string is
  // closed to parameters it does not declare, and the OpenAPI document shows the closed schemas.
  installStrictQuery(app);
  installSecurityHeaders(app, {
    // The docs UI needs inline styles/scripts; the API itself returns only JSON.
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(cors, {
    origin: [...config.widgetOrigins],
    credentials: false,
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-Match',
      'X-com-zoho-expense-organizationid',
    ],
    exposedHeaders: ['Idempotent-Replayed', 'Retry-After', 'Content-Disposition'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
  await app.register(rateLimit, {
    // Not per route: the plugin's per-route hook would run after the auth onRequest hook (route
    // hooks follow app hooks), so callers refused by auth would never be counted. See below.
    global: false,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) =>
      req.headers.authorization ? `t:${req.headers.authorization.slice(-24)}` : `ip:${req.ip}`,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 5000,
      message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
    }),
  });
  // Every request is counted before anything else looks at it, refused callers included.
  app.addHook('onRequest', app.rateLimit());
  await app.register(multipart, { limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields: 20, parts: 25 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'DealSpend API',
        version: '1.0.0',
        description:
          'Expenses, receipts, reports, approvals, Zoho sync and analytics. Field names and envelopes follow Zoho Expense API v1.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          zohoOAuth: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Zoho-oauthtoken <access token>',
          },
        },
      },
      security: [{ zohoOAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(authPlugin, { db: ctx.db, verifier: deps.identity, clock: ctx.clock, ids: ctx.ids });
  await app.register(idempotencyPlugin, { db: ctx.db, clock: ctx.clock });

  const api = '/api/v1';
  await app.register(healthRoutes, { prefix: api });
  await app.register(authRoutes, { prefix: `${api}/auth` });
  await app.register(organizationsRoutes, { prefix: `${api}/organizations` });
  await app.register(usersRoutes, { prefix: `${api}/users` });
  await app.register(departmentsRoutes, { prefix: `${api}/departments` });
  await app.register(expenseCategoriesRoutes, { prefix: `${api}/expensecategories` });
  await app.register(currenciesRoutes, { prefix: `${api}/settings/currencies` });
  await app.register(perDiemRoutes, { prefix: `${api}/settings/perdiem` });
  await app.register(contactsRoutes, { prefix: `${api}/contacts` });
  await app.register(dealsRoutes, { prefix: `${api}/deals` });
  await app.register(projectsRoutes, { prefix: `${api}/projects` });
  await app.register(expensesRoutes, { prefix: `${api}/expenses` });
  await app.register(receiptsRoutes, { prefix: `${api}/receipts` });
  await app.register(expenseReportsRoutes, { prefix: `${api}/expensereports` });
  await app.register(approvalsRoutes, { prefix: `${api}/approvals` });
  await app.register(approvalRulesRoutes, { prefix: `${api}/settings/approvalrules` });
  await app.register(auditRoutes, { prefix: `${api}/auditlog` });
  await app.register(analyticsRoutes, { prefix: `${api}/analytics` });
  await app.register(integrationsRoutes, { prefix: `${api}/integrations` });

  await app.ready();
  return app;
}
