/**
 * createSandbox(options): the local stand-in for Zoho (Accounts, CRM, People, the CRM-like page)
 * as one Fastify instance, not listening. Tests use `inject` or `listen({port: 0})`;
 * sandbox/main.ts listens on SANDBOX_PORT.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import accountsRoutes from './accounts/routes.js';
import controlRoutes from './control/control-routes.js';
import recordsRoutes from './crm/records-routes.js';
import settingsRoutes from './crm/settings-routes.js';
import { buildSeed } from './data/seed.js';
import type { SandboxSeed } from './data/seed-types.js';
import { installFaultHook } from './faults/fault-hook.js';
import hostPlugin from './host/plugin.js';
import peopleRoutes from './people/people-routes.js';
import { createSandboxState, type SandboxState } from './state.js';

export interface SandboxOptions {
  /** Defaults to buildSeed(). */
  seed?: SandboxSeed;
  /** Scale mode: N generated accounts (3 contacts and 1 deal each) in Zylker instead of the seed's. */
  scale?: number;
  /** People's per-minute request budget per API (Zoho's own thresholds when unset). */
  peopleRequestsPerMinute?: number;
  /** Public base URL (e.g. http://127.0.0.1:3100); by default each request's Host. */
  serverUrl?: string;
  logger?: boolean;
}

/**
 * Options the CRM page plugin (sandbox/host/plugin.ts) receives. Kept stable:
 * - `state`: the live sandbox state (seed, clock, sign-ins, tokens, CRM and People data);
 * - `serverUrl`: the sandbox's public base URL when configured, else undefined (use the request's Host).
 */
export interface HostPluginOptions {
  state: SandboxState;
  serverUrl: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxState;
  }
}

export async function createSandbox(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const state = createSandboxState(options.seed ?? buildSeed(), {
    scale: options.scale,
    peopleRequestsPerMinute: options.peopleRequestsPerMinute,
  });
  const app = Fastify({ logger: options.logger ?? false });
  app.decorate('sandbox', state);

  // Zoho Accounts takes form-encoded bodies; parse them into a flat object.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const serverUrl = options.serverUrl?.replace(/\/+$/, '');
  installFaultHook(app, state);
  await app.register(accountsRoutes, { state, serverUrl });
  await app.register(settingsRoutes, { state });
  await app.register(recordsRoutes, { state });
  await app.register(peopleRoutes, { state });
  await app.register(controlRoutes, { state, serverUrl });
  const hostOptions: HostPluginOptions = { state, serverUrl };
  await app.register(hostPlugin, hostOptions);
  return app;
}
