/**
 * npm start: the whole product on one machine with nothing else installed.
 * 1. builds the widget (skip with SKIP_WIDGET_BUILD=1),
 * 2. starts the Zoho sandbox (Accounts, CRM, People, the CRM page that hosts the widget),
 * 3. starts the DealSpend server pointed at the sandbox, on SQLite under DATA_DIR,
 * 4. loads the demo organisation "Zylker" into an empty database,
 * and prints where to go. Ctrl-C stops everything.
 */
import { spawnSync } from 'node:child_process';
import { buildSeed } from '../sandbox/data/seed.js';
import { createSandbox } from '../sandbox/server.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { loadDemoOrganization } from '../server/demo/load-demo.js';
import { createIdGenerator, systemClock } from '../server/ids.js';
import { startServer } from '../server/main.js';

async function main() {
  const env = { ...process.env };
  const sandboxPort = Number(env.SANDBOX_PORT || 3100);
  const serverPort = Number(env.PORT || 3000);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const serverUrl = env.PUBLIC_URL || `http://127.0.0.1:${serverPort}`;
  // Point the server at the sandbox unless the caller chose real Zoho URLs.
  env.ZOHO_ACCOUNTS_URL ||= sandboxUrl;
  env.ZOHO_CRM_API_URL ||= sandboxUrl;
  env.ZOHO_PEOPLE_API_URL ||= sandboxUrl;
  env.PUBLIC_URL = serverUrl;
  loadConfig(env); // fail fast, before any build, on a bad variable

  if (env.SKIP_WIDGET_BUILD !== '1') {
    console.log('Building the widget…');
    const build = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
      {
        stdio: 'inherit',
        env: { ...env, VITE_DEALSPEND_SERVER_URL: env.VITE_DEALSPEND_SERVER_URL || serverUrl },
      },
    );
    if (build.status !== 0) throw new Error('the widget build failed (see above)');
  }

  const seed = buildSeed();
  const sandbox = await createSandbox({ seed, serverUrl: sandboxUrl, logger: false });
  await sandbox.listen({ port: sandboxPort, host: '127.0.0.1' });

  const { app, database } = await startServer(env, {
    handleSignals: false,
    beforeListen: async (database) => {
      await loadDemoOrganization(database.db, seed, { clock: systemClock, ids: createIdGenerator() });
    },
  });

  console.log(`
DealSpend is running.

  CRM page (the widget inside Zoho CRM's stand-in):  ${sandboxUrl}/
  DealSpend tab:                                     ${sandboxUrl}/crm/tab/WebTab/dealspend
  API docs:                                          ${serverUrl}/api/docs
  API health:                                        ${serverUrl}/api/v1/health

Demo users (Zoho Accounts sandbox; pick one in the CRM page's header):
  rep@zylker.example (sales rep), manager@zylker.example (her manager, approver), admin@zylker.example (admin)

Press Ctrl-C to stop.
`);

  const stop = async () => {
    await app.close();
    await database.destroy();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError
      ? err.message
      : `DealSpend failed to start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
