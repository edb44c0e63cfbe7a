/**
 * npm run pack: the Zoho CRM extension zip, made by Zoho's own toolkit (zet), not by hand.
 * 1. builds the widget for Zoho (the SDK from Zoho's CDN; VITE_DEALSPEND_SERVER_URL if set,
 *    else the widget reads the CRM org variable dealspend_server_url) into dist/extension-app/;
 * 2. lays out the ZET project in a temporary folder: plugin-manifest.json + app/;
 * 3. runs `zet validate`, then `zet pack` (ZET leaves the manifest out of a CRM zip by design);
 * 4. copies the zip to dist/dealspend-crm-extension.zip.
 * `npm run pack -- --validate-only` stops after `zet validate` (what CI runs).
 * `--skip-build` reuses dist/extension-app/.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const APP_BUILD = path.join(ROOT, 'dist/extension-app');
const OUTPUT = path.join(ROOT, 'dist/dealspend-crm-extension.zip');
/** ZET names the zip after the project folder, which must match ^[A-Za-z0-9_]+$. */
const PROJECT_NAME = 'dealspend_widget';
const ZOHO_CDN_SDK_URL = 'https://live.zwidgets.com/js-sdk/1.2/ZohoEmbededAppSDK.min.js';

function run(label: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    // update-notifier in zet would ask the npm registry for a newer version: never from here.
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', ...env },
  });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const validateOnly = args.has('--validate-only');
  if (!args.has('--skip-build')) {
    console.log('Building the widget for Zoho CRM…');
    run(
      'vite build',
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--logLevel',
        'warn',
        '--outDir',
        APP_BUILD,
      ],
      ROOT,
      { ZOHO_SDK_URL: process.env.ZOHO_SDK_URL || ZOHO_CDN_SDK_URL },
    );
  }
  if ((await readdir(APP_BUILD).catch(() => [])).length === 0)
    throw new Error(`${APP_BUILD} is empty; build first`);

  const work = await mkdtemp(path.join(tmpdir(), 'dealspend-pack-'));
  try {
    const project = path.join(work, PROJECT_NAME);
    await mkdir(project, { recursive: true });
    await cp(path.join(ROOT, 'plugin-manifest.json'), path.join(project, 'plugin-manifest.json'));
    await cp(APP_BUILD, path.join(project, 'app'), { recursive: true });
    const zet = path.join(ROOT, 'node_modules/zoho-extension-toolkit/index.js');
    run('zet validate', process.execPath, [zet, 'validate'], project);
    if (validateOnly) {
      console.log('The extension is valid (zet validate).');
      return;
    }
    run('zet pack', process.execPath, [zet, 'pack'], project);
    await mkdir(path.dirname(OUTPUT), { recursive: true });
    await cp(path.join(project, 'dist', `${PROJECT_NAME}.zip`), OUTPUT);
    console.log(`Extension zip: ${path.relative(ROOT, OUTPUT)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`npm run pack failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
