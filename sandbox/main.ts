/**
 * npm run sandbox: the local Zoho stand-in on 127.0.0.1:SANDBOX_PORT (default 3100).
 * SANDBOX_SCALE=N serves N generated accounts (scale mode).
 */
import { createSandbox } from './server.js';

function readInt(name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`Configuration error: ${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

const port = readInt('SANDBOX_PORT', 3100, 0, 65535) ?? 3100;
const scale = readInt('SANDBOX_SCALE', undefined, 1, 1_000_000);
const peopleRequestsPerMinute = readInt('SANDBOX_PEOPLE_RPM', undefined, 1, 100_000);
const host = '127.0.0.1';

const app = await createSandbox({
  ...(scale !== undefined ? { scale } : {}),
  ...(peopleRequestsPerMinute !== undefined ? { peopleRequestsPerMinute } : {}),
  serverUrl: process.env.SANDBOX_URL || (port ? `http://${host}:${port}` : undefined),
  logger: process.env.SANDBOX_LOG === '1',
});
const address = await app.listen({ port, host });
console.log(`Zoho sandbox listening on ${address}${scale ? ` (scale mode: ${scale} accounts)` : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
