/**
 * Reads the environment once into a typed, frozen object. A bad value stops start-up with a
 * message naming the variable (ConfigError), never a stack trace deep in the app.
 */
import path from 'node:path';

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; undefined means the SQLite file in dataDir. */
  databaseUrl: string | undefined;
  publicUrl: string;
  widgetOrigins: readonly string[];
  zohoAccountsUrl: string;
  zohoCrmApiUrl: string;
  zohoPeopleApiUrl: string;
  /** 32+ characters; encrypts OAuth refresh tokens at rest. */
  secretKey: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Client id/secret the server uses for its own (server-side) Zoho OAuth connections. */
  zohoClientId: string;
  zohoClientSecret: string;
  /** The widget's own OAuth client (public, PKCE); the server exchanges its codes. */
  widgetClientId: string;
  widgetClientSecret: string | undefined;
  /** Requests per minute per signed-in token (or per IP when anonymous). */
  rateLimitPerMinute: number;
}>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Only for local runs: a well-known key is refused when the server runs against real Zoho. */
export const DEVELOPMENT_SECRET_KEY = 'dealspend-development-secret-key-do-not-use-in-production';

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(name, `must be a port number (0-65535), got "${raw}"`);
  return n;
}

function readPositiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(name, `must be a whole number above 0, got "${raw}"`);
  return n;
}

function readUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** Builds the config from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = readPort(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const sandboxPort = readPort(env, 'SANDBOX_PORT', 3100);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// connection string');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const secretKey = env.SECRET_KEY || DEVELOPMENT_SECRET_KEY;
  if (secretKey.length < 32) throw new ConfigError('SECRET_KEY', 'must be at least 32 characters long');
  const zohoAccountsUrl = readUrl(env, 'ZOHO_ACCOUNTS_URL', sandboxUrl);
  if (secretKey === DEVELOPMENT_SECRET_KEY && !isLoopback(zohoAccountsUrl)) {
    throw new ConfigError('SECRET_KEY', 'must be set to your own secret when the server talks to real Zoho');
  }
  const widgetOrigins = (
    env.WIDGET_ORIGINS ?? `http://127.0.0.1:${sandboxPort},http://localhost:${sandboxPort}`
  )
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of widgetOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError('WIDGET_ORIGINS', `must be a comma-separated list of origins, got "${origin}"`);
    }
  }
  return Object.freeze({
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    publicUrl: readUrl(env, 'PUBLIC_URL', `http://127.0.0.1:${port}`),
    widgetOrigins: Object.freeze(widgetOrigins),
    zohoAccountsUrl,
    zohoCrmApiUrl: readUrl(env, 'ZOHO_CRM_API_URL', sandboxUrl),
    zohoPeopleApiUrl: readUrl(env, 'ZOHO_PEOPLE_API_URL', sandboxUrl),
    secretKey,
    logLevel,
    zohoClientId: env.ZOHO_CLIENT_ID || 'dealspend-server',
    zohoClientSecret: env.ZOHO_CLIENT_SECRET || 'dealspend-server-secret',
    widgetClientId: env.ZOHO_WIDGET_CLIENT_ID || 'dealspend-widget',
    widgetClientSecret: env.ZOHO_WIDGET_CLIENT_SECRET || undefined,
    rateLimitPerMinute: readPositiveInt(env, 'RATE_LIMIT_MAX', 1200),
  });
}

function isLoopback(url: string): boolean {
  const h = new URL(url).hostname;
  return h === 'localhost' || h === '::1' || h === '[::1]' || h.startsWith('127.');
}
