/**
 * Widget bench:
 * 1. gzipped initial JS+CSS per entry (related list ≤ 30 KB, tab ≤ 80 KB), from the built HTML;
 * 2. time from navigation to a rendered 200-item related list in headless Chromium, as a ratio to
 *    an empty Preact page loaded the same way in the same run.
 * The related list runs for real: built files, the sandbox's CRM page and SDK, sign-in through the
 * sandbox's Zoho Accounts. Only the DealSpend server is answered by the browser (fixed JSON), so
 * the figure is the widget's own cost, not the database's.
 *
 * Run: npx tsx bench/widget.bench.ts   (Chromium at /usr/bin/chromium or CHROMIUM_PATH)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page, Route } from 'playwright-core';
import { buildSeed } from '../sandbox/data/seed.js';
import { createSandbox } from '../sandbox/server.js';
import { measureEntries } from '../scripts/size-report.js';
import { launchChromium } from '../test/e2e/helpers/browser.js';
import { printRatioTable, type RatioRow } from './lib/ratio-table.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER = 'http://dealspend.bench';
const ROWS = 200;
const RUNS = 7;

const built = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
  {
    cwd: ROOT,
    env: { ...process.env, VITE_DEALSPEND_SERVER_URL: '' },
    stdio: 'inherit',
  },
);
if (built.status !== 0) process.exit(1);

const sizes = await measureEntries();

process.env.DEALSPEND_SERVER_URL = SERVER;
const seed = buildSeed();
const deal = seed.crmOrgs[0]!.Deals[0]!;
const sandbox = await createSandbox({ seed });
const origin = (await sandbox.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');

const emptyPreact = (
  await build({
    stdin: {
      contents:
        "import { h, render } from 'preact'; render(h('p', { id: 'ready' }, 'ready'), document.body);",
      resolveDir: ROOT,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  })
).outputFiles[0]!.text;

const expenses = Array.from({ length: ROWS }, (_, i) => ({
  expense_id: `e${i}`,
  user_id: 'u1',
  user_name: 'Rita Gomez',
  date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
  category_id: 'c1',
  category_name: 'Meals',
  amount: 10 + i,
  total: 10 + i,
  bcy_total: 10 + i,
  currency_code: 'USD',
  base_currency_code: 'USD',
  exchange_rate: 1,
  merchant_name: `Merchant ${i}`,
  description: '',
  reference_number: '',
  is_reimbursable: true,
  is_billable: false,
  customer_id: 'a1',
  customer_name: 'Account',
  deal_id: 'd1',
  deal_name: String(deal.Deal_Name),
  project_id: null,
  project_name: '',
  report_id: null,
  report_name: '',
  attendees: [],
  expense_type: 'expense',
  status: 'unreported',
  created_time: '2026-10-01T00:00:00.000Z',
  last_modified_time: '2026-10-01T00:00:00.000Z',
}));

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': '*',
};
/** The DealSpend server's answers, from fixed JSON. */
async function answer(route: Route) {
  const req = route.request();
  if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const url = new URL(req.url());
  const json = (body: unknown) =>
    route.fulfill({
      status: 200,
      headers: { ...cors, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ok = { code: 0, message: 'success' };
  const page = { page: 1, per_page: ROWS, has_more_page: false };
  switch (url.pathname) {
    case '/api/v1/auth/config':
      return json({
        ...ok,
        accounts_url: origin,
        client_id: 'dealspend-widget',
        scope: 'AaaServer.profile.READ',
      });
    case '/api/v1/auth/token':
      return json({ access_token: 'bench', expires_in: 3600, token_type: 'Bearer' });
    case '/api/v1/users/me':
      return json({
        ...ok,
        user: {
          user_id: 'u1',
          organization_id: 'o1',
          name: 'Rita Gomez',
          email: 'rep@zylker.example',
          user_role: 'submitter',
        },
      });
    case '/api/v1/expenses':
      return json({ ...ok, expenses, page_context: page });
    case '/api/v1/expensereports':
      return json({ ...ok, expense_reports: [], page_context: page });
  }
  if (url.pathname.startsWith('/api/v1/deals/')) {
    return json({
      ...ok,
      deal: { deal_id: 'd1', deal_name: String(deal.Deal_Name), account_id: 'a1', account_name: 'Account' },
    });
  }
  return route.fulfill({
    status: 404,
    headers: { ...cors, 'content-type': 'application/json' },
    body: '{"code":4040,"message":"Not here"}',
  });
}

const hostPage = `<!doctype html><html><body><iframe id="dealspend-frame" style="width:100%;height:800px;border:0"
  src="/widget/related-list.html?serviceOrigin=${encodeURIComponent(origin)}&per_page=${ROWS}"
  data-pageload='${JSON.stringify({ Entity: 'Deals', EntityId: deal.id })}'></iframe><script src="/__crm/host.js"></script></body></html>`;
const emptyPage = `<!doctype html><html><body><script type="module" src="/__bench/empty.js"></script></body></html>`;

const browser = await launchChromium();
const context = await browser.newContext();
await context.route(`${SERVER}/**`, answer);
await context.route(`${origin}/__bench/**`, (route) => {
  const p = new URL(route.request().url()).pathname;
  if (p === '/__bench/host') return route.fulfill({ status: 200, contentType: 'text/html', body: hostPage });
  if (p === '/__bench/empty')
    return route.fulfill({ status: 200, contentType: 'text/html', body: emptyPage });
  return route.fulfill({ status: 200, contentType: 'text/javascript', body: emptyPreact });
});

async function timeIt(page: Page, url: string, ready: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await page.goto(url);
  await ready();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const listTimes: number[] = [];
const emptyTimes: number[] = [];
for (let i = 0; i < RUNS + 1; i++) {
  const page = await context.newPage();
  // Interleaved, so both see the same machine; the first round warms caches and is dropped.
  const e = await timeIt(page, `${origin}/__bench/empty`, () => page.waitForSelector('#ready'));
  const l = await timeIt(page, `${origin}/__bench/host`, () =>
    page
      .frameLocator('#dealspend-frame')
      .locator(`tbody tr:nth-child(${ROWS})`)
      .first()
      .waitFor({ timeout: 60_000 }),
  );
  if (i > 0) {
    emptyTimes.push(e);
    listTimes.push(l);
  }
  await page.close();
}
await browser.close();
await sandbox.close();

const rows: RatioRow[] = [
  ...sizes.map((s) => ({
    name: `${s.entry}: gzipped initial JS+CSS (vs its budget)`,
    value: s.gzipBytes / 1024,
    baseline: (s.budget ?? 0) / 1024,
    unit: 'KB',
    better: 'lower' as const,
    target: { op: '<=' as const, ratio: 1 },
  })),
  {
    name: `navigation → rendered ${ROWS}-item related list (median of ${RUNS}), vs an empty Preact page`,
    value: median(listTimes),
    baseline: median(emptyTimes),
    unit: 'ms',
    better: 'lower',
    note: 'includes the CRM handshake and sign-in popup',
  },
];
printRatioTable('Widget: size and first render', rows);
if (sizes.some((s) => s.budget !== undefined && s.gzipBytes > s.budget)) process.exit(1);
