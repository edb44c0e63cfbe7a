/**
 * Production entry: config → database → app → listen. Stops cleanly on SIGTERM/SIGINT
 * (in-flight requests finish, the database closes).
 */
import path from 'node:path';
import { buildApp } from './app.js';
import { createZohoIdentityVerifier } from './auth/zoho-identity.js';
import { ConfigError, loadConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/connect.js';

export interface StartOptions {
  /** Runs after migrations and before the server listens (npm start loads the demo data here). */
  beforeListen?: (database: DatabaseHandle) => Promise<void>;
  /** Install SIGTERM/SIGINT handlers that close the server and exit (default true). */
  handleSignals?: boolean;
}

export async function startServer(env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}) {
  const config = loadConfig(env);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'dealspend.sqlite'),
  });
  await options.beforeListen?.(database);
  const app = await buildApp({
    config,
    database,
    identity: createZohoIdentityVerifier(config.zohoAccountsUrl),
  });
  await app.listen({ port: config.port, host: config.host });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.destroy();
    process.exit(0);
  };
  if (options.handleSignals !== false) {
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  }
  return { app, config, database };
}

const isEntry =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  startServer().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error('DealSpend server failed to start:', err instanceof Error ? err.message : err);
    }
    process.exit(1);
  });
}
