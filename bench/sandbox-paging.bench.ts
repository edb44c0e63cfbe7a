/**
 * Sandbox paging bench: 200-record Accounts pages from scale mode (100,000 generated accounts) as a
 * ratio to a static JSON route serving a page of the same size from the same process, both over
 * loopback with autocannon. Target ≥ 0.5, so the sandbox never bottlenecks the sync benchmarks.
 * Then pages all 100,000 accounts once (page, then page_token past 2,000) and prints the count.
 *
 * Run: npx tsx bench/sandbox-paging.bench.ts
 */
import autocannon from 'autocannon';
import { createSandbox } from '../sandbox/server.js';
import { printRatioTable } from './lib/ratio-table.js';

const ACCOUNTS = 100_000;
const FIELDS = 'Account_Name,Owner,Phone,Industry,Zoho_Expense,Created_Time,Modified_Time';
/** Seconds per measurement; each route is warmed up, then measured twice, interleaved (≈ 10 s in all). */
const DURATION_S = 2;
const CONNECTIONS = 10;

const app = await createSandbox({ scale: ACCOUNTS });
// The baseline: the same bytes, already serialised and encoded, from a plain route in the same process.
let staticBody: Buffer = Buffer.alloc(0);
app.get('/__bench/static-page', async (_request, reply) =>
  reply.type('application/json; charset=utf-8').send(staticBody),
);
const token = (
  await app.inject({ method: 'POST', url: '/__sandbox/tokens', payload: { email: 'admin@zylker.example' } })
).json().access_token as string;
const headers = { authorization: `Zoho-oauthtoken ${token}` };
const sample = await app.inject({ url: `/crm/v8/Accounts?fields=${FIELDS}&per_page=200&page=3`, headers });
staticBody = sample.rawPayload;
const base = await app.listen({ port: 0, host: '127.0.0.1' });

async function rate(paths: string[], duration = DURATION_S): Promise<number> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`bench saw ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result.requests.average;
}

const pagePaths = Array.from(
  { length: 10 },
  (_, i) => `/crm/v8/Accounts?fields=${FIELDS}&per_page=200&page=${i + 1}`,
);
const staticPaths = ['/__bench/static-page'];
// Warm both routes up (JIT), then interleave so drifting machine load hits both alike.
await rate(staticPaths, 1);
await rate(pagePaths, 1);
const staticRuns: number[] = [];
const sandboxRuns: number[] = [];
for (let round = 0; round < 2; round++) {
  staticRuns.push(await rate(staticPaths));
  sandboxRuns.push(await rate(pagePaths));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const staticRate = mean(staticRuns);
const sandboxRate = mean(sandboxRuns);

printRatioTable('Sandbox: scale-mode Accounts pages vs static JSON', [
  {
    name: `200-record Accounts page, scale mode (${ACCOUNTS.toLocaleString('en')} accounts)`,
    value: sandboxRate,
    baseline: staticRate,
    unit: 'req/s',
    better: 'higher',
    target: { op: '>=', ratio: 0.5 },
    note: `baseline: static JSON route, same ${(staticBody.length / 1024).toFixed(0)} KB body, same process`,
  },
]);

// Full run: every account exactly once, page 1-10 then page_token.
const seen = new Set<string>();
let total = 0;
let page = 1;
let pageToken: string | null = null;
const started = performance.now();
for (;;) {
  const q = pageToken ? `page_token=${pageToken}` : `page=${page}`;
  const res = await fetch(`${base}/crm/v8/Accounts?fields=Account_Name&per_page=200&${q}`, { headers });
  if (res.status === 204) break;
  const body = (await res.json()) as {
    data: { id: string }[];
    info: { more_records: boolean; next_page_token: string };
  };
  for (const r of body.data) seen.add(r.id);
  total += body.data.length;
  if (!body.info.more_records) break;
  if (!pageToken && (page + 1) * 200 <= 2000) page++;
  else pageToken = body.info.next_page_token;
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `Full paging run: ${total.toLocaleString('en')} records read, ${seen.size.toLocaleString('en')} distinct ` +
    `(expected ${ACCOUNTS.toLocaleString('en')}) in ${seconds.toFixed(1)} s — ${seen.size === ACCOUNTS && total === ACCOUNTS ? 'each exactly once' : 'MISMATCH'}`,
);
await app.close();
if (seen.size !== ACCOUNTS || total !== ACCOUNTS) process.exit(1);
