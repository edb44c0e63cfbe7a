/**
 * The life of one expense over plain HTTP, as a script would drive it: sign in through Zoho Accounts
 * (PKCE, login_hint), log an expense on a deal with a receipt, report it, submit it (the approver
 * defaults to the rep's manager), approve as the manager, reimburse as the admin — and check the
 * guard rails on the way (409 out of order, 403 for the rep approving, 404 across organisations,
 * one expense per Idempotency-Key, the audit log's hash chain).
 *
 * Run against `npm start`:  npx tsx scripts/journey.ts [apiUrl] [accountsUrl]
 * The test suite runs the same function (test/server/journey.test.ts).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

export interface JourneyOptions {
  accountsUrl: string;
  apiUrl: string;
  log?: (line: string) => void;
  rep?: string;
  manager?: string;
  admin?: string;
}

class JourneyError extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyError(message);
}

/** Authorization code + PKCE (S256) with the public demo client; the sandbox signs `email` in at once. */
export async function signIn(
  accountsUrl: string,
  email: string,
  clientId = 'dealspend-demo',
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:9/callback';
  const state = randomUUID();
  const auth = new URL(`${accountsUrl}/oauth/v2/auth`);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'AaaServer.profile.READ',
    access_type: 'online',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: email,
  }).toString();
  const res = await fetch(auth, { redirect: 'manual' });
  const location = res.headers.get('location');
  check(res.status === 302 && location, `Zoho Accounts did not redirect for ${email} (HTTP ${res.status})`);
  const back = new URL(location);
  check(back.searchParams.get('state') === state, 'the OAuth state came back changed');
  const code = back.searchParams.get('code');
  check(code, `no authorization code for ${email}: ${location}`);
  const tokenRes = await fetch(`${accountsUrl}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const token = (await tokenRes.json()) as { access_token?: string; error?: string };
  check(token.access_token, `token exchange failed for ${email}: ${token.error ?? tokenRes.status}`);
  return token.access_token;
}

type Json = Record<string, any>;

function client(apiUrl: string, token: string, orgId?: string) {
  async function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${apiUrl}/api/v1${p}`, {
      method,
      headers: {
        authorization: `Zoho-oauthtoken ${token}`,
        ...(orgId ? { 'x-com-zoho-expense-organizationid': orgId } : {}),
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: body instanceof FormData ? body : JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => ({}))) as Json;
    return { status: res.status, json };
  }
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      call('POST', p, body, { 'idempotency-key': randomUUID(), ...headers }),
    put: (p: string, body: unknown) => call('PUT', p, body),
  };
}

/** A 1×1 PNG: a real image, so the server's type sniffing accepts it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function runJourney(opts: JourneyOptions): Promise<{ reportId: string; expenseId: string }> {
  const log = opts.log ?? (() => {});
  const repEmail = opts.rep ?? 'rep@zylker.example';
  const managerEmail = opts.manager ?? 'manager@zylker.example';
  const adminEmail = opts.admin ?? 'admin@zylker.example';

  const rep = client(opts.apiUrl, await signIn(opts.accountsUrl, repEmail));
  log(`signed in as ${repEmail} (PKCE, login_hint)`);
  const me = await rep.get('/users/me');
  check(me.status === 200, `GET /users/me answered ${me.status}: ${JSON.stringify(me.json)}`);

  const deals = await rep.get('/deals?per_page=50');
  check(deals.status === 200, `GET /deals answered ${deals.status}`);
  const deal = (deals.json.deals as Json[]).find((d) => d.account_id);
  check(deal, 'the rep sees no deal with an account');
  const categories = await rep.get('/expensecategories');
  const category = (categories.json.expense_categories as Json[])[0];
  check(category, 'no expense category');

  const key = randomUUID();
  const body = {
    date: new Date().toISOString().slice(0, 10),
    category_id: category.category_id,
    amount: 86.4,
    merchant_name: 'Bistro Central',
    description: `Lunch with the ${deal.deal_name} buying team`,
    deal_id: deal.deal_id,
  };
  const created = await rep.post('/expenses', body, { 'idempotency-key': key });
  check(
    created.status === 201,
    `creating the expense answered ${created.status}: ${JSON.stringify(created.json)}`,
  );
  const expense = created.json.expense as Json;
  check(
    expense.customer_id === deal.account_id,
    'the expense did not take the deal’s account as its customer',
  );
  const again = await rep.post('/expenses', body, { 'idempotency-key': key });
  check(
    again.status === 201 && (again.json.expense as Json).expense_id === expense.expense_id,
    'a repeated Idempotency-Key created a second expense',
  );
  const onDeal = await rep.get(`/expenses?deal_id=${deal.deal_id}&per_page=200`);
  const copies = (onDeal.json.expenses as Json[]).filter((e) => e.description === body.description);
  check(copies.length === 1, `expected one expense for the key, found ${copies.length}`);
  log(
    `expense ${expense.expense_id} on deal "${deal.deal_name}" (a repeated Idempotency-Key created nothing)`,
  );

  const form = new FormData();
  form.append('receipt', new Blob([PNG], { type: 'image/png' }), 'receipt.png');
  const upload = await rep.post(`/expenses/${expense.expense_id}/receipt`, form);
  check(
    upload.status === 201 || upload.status === 200,
    `receipt upload answered ${upload.status}: ${JSON.stringify(upload.json)}`,
  );
  log('receipt attached');

  const report = await rep.post('/expensereports', {
    report_name: `${deal.deal_name} — client visit`,
    description: 'Client visit',
    deal_id: deal.deal_id,
    expense_ids: [expense.expense_id],
  });
  check(
    report.status === 201,
    `creating the report answered ${report.status}: ${JSON.stringify(report.json)}`,
  );
  const reportId = (report.json.expense_report as Json).report_id as string;

  const early = await rep.post(`/expensereports/${reportId}/approve`);
  check(
    early.status === 403 || early.status === 409,
    `approving a draft as the rep answered ${early.status}`,
  );
  const submitted = await rep.post(`/expensereports/${reportId}/submit`);
  check(submitted.status === 200, `submit answered ${submitted.status}: ${JSON.stringify(submitted.json)}`);
  const managerId = me.json.user?.manager_id;
  check(
    (submitted.json.expense_report as Json).approver_id === managerId,
    'the report was not routed to the rep’s manager',
  );
  log(`report ${reportId} submitted to the rep's manager`);
  const selfApprove = await rep.post(`/expensereports/${reportId}/approve`);
  check(selfApprove.status === 403, `the rep approving answered ${selfApprove.status}, not 403`);

  const admin = client(opts.apiUrl, await signIn(opts.accountsUrl, adminEmail));
  const tooEarly = await admin.post(`/expensereports/${reportId}/reimburse`);
  check(tooEarly.status === 409, `reimbursing a submitted report answered ${tooEarly.status}, not 409`);

  const manager = client(opts.apiUrl, await signIn(opts.accountsUrl, managerEmail));
  const waiting = await manager.get('/approvals?per_page=200');
  check(
    (waiting.json.expense_reports as Json[] | undefined)?.some((r) => r.report_id === reportId),
    'the report is not waiting in the manager’s approvals',
  );
  const approved = await manager.post(`/expensereports/${reportId}/approve`, { comments: 'Fine' });
  check(approved.status === 200, `approve answered ${approved.status}: ${JSON.stringify(approved.json)}`);
  const status = (approved.json.expense_report as Json).status;
  check(status === 'approved', `after the manager approved, the status is ${status}`);
  log('approved by the manager');

  const reimbursed = await admin.post(`/expensereports/${reportId}/reimburse`, {});
  check(
    reimbursed.status === 200,
    `reimburse answered ${reimbursed.status}: ${JSON.stringify(reimbursed.json)}`,
  );
  check((reimbursed.json.expense_report as Json).status === 'reimbursed', 'the report is not reimbursed');
  log('reimbursed by the admin');

  const audit = await admin.get(`/expensereports/${reportId}/auditlog`);
  check(audit.status === 200, `audit log answered ${audit.status}`);
  const entries = audit.json.audit_log as Json[];
  const actions = entries.map((e) => e.action);
  for (const a of ['submitted', 'approved', 'reimbursed']) {
    check(
      actions.some((x: string) => x.includes(a.slice(0, 6))),
      `the audit log has no ${a} entry: ${actions.join(', ')}`,
    );
  }
  const chain = await admin.get('/auditlog/verify');
  check(chain.status === 200 && chain.json.audit_chain?.ok === true, 'the audit hash chain does not verify');
  log(`audit log: ${actions.join(' → ')}; hash chain verified`);
  // Another organisation's view of these ids is 404.
  const other = await admin.post('/organizations', {
    name: `Journey check ${randomUUID().slice(0, 8)}`,
    currency_code: 'EUR',
  });
  check(
    other.status === 201,
    `creating a second organisation answered ${other.status}: ${JSON.stringify(other.json)}`,
  );
  const otherOrgId = (other.json.organization as Json).organization_id as string;
  const adminToken = await signIn(opts.accountsUrl, adminEmail);
  const elsewhere = client(opts.apiUrl, adminToken, otherOrgId);
  const crossExpense = await elsewhere.get(`/expenses/${expense.expense_id}`);
  const crossReport = await elsewhere.get(`/expensereports/${reportId}`);
  check(crossExpense.status === 404 && crossReport.status === 404, 'another organisation could see the ids');
  log('another organisation sees 404 for these ids');

  return { reportId, expenseId: expense.expense_id as string };
}

const isEntry =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  const apiUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
  const accountsUrl = process.argv[3] ?? 'http://127.0.0.1:3100';
  runJourney({ apiUrl, accountsUrl, log: (l) => console.log(`✓ ${l}`) }).then(
    () => console.log('The whole journey works.'),
    (err: unknown) => {
      console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
