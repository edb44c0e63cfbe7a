/**
 * "Every query is scoped to the caller's organisation; another organisation's records are 404."
 *
 * Every id a caller can send (in the path, the body, the query string or the organisation header)
 * is tried twice: once with a real id of another organisation (B) and once with an id that exists
 * nowhere. Both must get the same answer (status, error code, and message once the id is blanked
 * out) and change nothing in the database. The same holds inside one organisation for a submitter
 * reaching for another submitter's expenses, reports and receipts: 404, as if they did not exist.
 */

import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/schema.js';
import { createIdGenerator } from '../../server/ids.js';
import { DIALECTS } from '../helpers/dialects.js';
import { as } from '../helpers/test-app.js';
import { buildExpenseWorld } from './expenses-fixture.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

type World = Awaited<ReturnType<typeof buildExpenseWorld>>;
type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Req {
  method: Method;
  url: string;
  payload?: object | Buffer;
  headers?: Headers;
}

/** One call to make with a real id of the other side and with a made-up one. */
interface Probe<T> {
  /** The status both calls must get (404 for a path id; 400 or 404 for a body id; 200 for a filter). */
  status: number;
  who: Headers;
  req: (ids: T) => Req;
}

/** A probe whose two calls must both answer 404, as for an id in the path. */
function notFound<T>(who: Headers, req: (ids: T) => Req): Probe<T> {
  return { status: 404, who, req };
}

/** A probe whose two calls must both answer 400, as for an id in the body that is not the caller's. */
function rejected<T>(who: Headers, req: (ids: T) => Req): Probe<T> {
  return { status: 400, who, req };
}

const fresh = createIdGenerator();
const NOW = '2026-01-20T10:00:00.000Z';

/** Organisation B's records, each a real id the caller in A must not reach. */
const THEIR_KEYS = [
  'org',
  'user',
  'department',
  'account',
  'person',
  'deal',
  'project',
  'category',
  'currency',
  'expense',
  'receipt',
  'inboxReceipt',
  'report',
  'submittedReport',
  'submittedExpense',
  'rule',
  'policy',
  'savedReport',
  'dashboard',
  'component',
  'conflict',
] as const;
type Theirs = Record<(typeof THEIR_KEYS)[number], string>;

/** A rep's records that another rep of the same organisation must not reach. */
const HER_KEYS = [
  'expense',
  'receipt',
  'inboxReceipt',
  'report',
  'reportExpense',
  'submittedReport',
  'submittedExpense',
] as const;
type Hers = Record<(typeof HER_KEYS)[number], string>;

/** Ids that exist nowhere, shaped like real ones (for the currency, a code no organisation enabled). */
function madeUp<K extends string>(keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, k === 'currency' ? 'CHF' : fresh()])) as Record<K, string>;
}

const POLICY = {
  policy_name: 'Germany 2026',
  currency_code: 'EUR',
  rates: [
    { location: 'Berlin', rate: 28 },
    { location: 'Paris', rate: 45.5 },
  ],
  rules: [
    { min_hours: 0, max_hours: 8, percent: 0 },
    { min_hours: 8, max_hours: 24, percent: 50 },
  ],
};
const TRIP = {
  per_diem_type: 'trip',
  start_date: '2026-01-14',
  start_time: '09:00',
  end_date: '2026-01-16',
  end_time: '17:00',
  departure_location: 'Berlin',
  arrival_location: 'Paris',
};
const SPEC = { source: 'expenses', dimensions: ['spender'], measures: ['total'], filters: {} };

/** The tables a leak could change; every row of each, in a stable order. */
const WATCHED = [
  'organizations',
  'users',
  'departments',
  'expense_categories',
  'currencies',
  'exchange_rates',
  'contacts',
  'deals',
  'projects',
  'expenses',
  'files',
  'receipts',
  'expense_reports',
  'approval_history',
  'approval_rules',
  'audit_log',
  'counters',
  'per_diem_policies',
  'per_diem_rates',
  'analytics_reports',
  'analytics_dashboards',
  'sync_conflicts',
] as const;

async function snapshot(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of WATCHED) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function ok(w: World, who: Headers, method: Method, url: string, payload?: object) {
  const res = await w.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: who,
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

function receiptUpload(): { payload: Buffer; headers: Headers } {
  return multipartBody(SAMPLES.png, { fileName: 'r.png', contentType: 'image/png' });
}

async function upload(w: World, who: Headers, url: string) {
  const body = receiptUpload();
  const res = await w.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...who, ...body.headers },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`upload ${url}: ${res.statusCode} ${res.body}`);
  return res.json().receipt.receipt_id as string;
}

/**
 * Organisation A (the expense world's Zylker, with its admin, manager and reps) and organisation B
 * ("Other Org", base EUR) with one record of every kind, made through B's own API.
 */
async function buildTwoOrgs(dialect: (typeof DIALECTS)[number]) {
  const w = await buildExpenseWorld(dialect);
  const b = w.h.otherAdmin;
  const bUser = (
    await ok(w, b, 'POST', '/users', { email: 'otto@other.example', name: 'Otto', user_role: 'approver' })
  ).user.user_id as string;
  const department = (
    await ok(w, b, 'POST', '/departments', { department_name: 'Sales', head_user_id: bUser })
  ).department.department_id as string;
  const person = (
    await ok(w, b, 'POST', '/contacts', {
      contact_name: 'Ivy',
      customer_sub_type: 'individual',
      account_id: w.other.contact,
    })
  ).contact.contact_id as string;
  const project = (
    await ok(w, b, 'POST', '/projects', { project_name: 'Migration', customer_id: w.other.contact })
  ).project.project_id as string;
  await ok(w, b, 'POST', '/settings/currencies', {
    currency_code: 'CAD',
    exchange_rate: 0.7,
    effective_date: '2026-01-01',
  });
  const bExpense = async () =>
    (
      await ok(w, b, 'POST', '/expenses', {
        date: '2026-01-16',
        category_id: w.other.category,
        amount: 10,
        customer_id: w.other.contact,
        deal_id: w.other.deal,
      })
    ).expense.expense_id as string;
  const expense = await bExpense();
  const receipt = await upload(w, b, `/expenses/${expense}/receipt`);
  const inboxReceipt = await upload(w, b, '/receipts');
  const report = (await ok(w, b, 'POST', '/expensereports', { report_name: 'Draft', expense_ids: [expense] }))
    .expense_report.report_id as string;
  const submittedExpense = await bExpense();
  const submittedReport = (
    await ok(w, b, 'POST', '/expensereports', { report_name: 'Sent', expense_ids: [submittedExpense] })
  ).expense_report.report_id as string;
  await ok(w, b, 'POST', `/expensereports/${submittedReport}/submit`, { approver_id: bUser });
  const rule = (
    await ok(w, b, 'POST', '/settings/approvalrules', {
      level: 2,
      approver_type: 'user',
      approver_user_id: bUser,
    })
  ).approval_rule.rule_id as string;
  const policy = (await ok(w, b, 'POST', '/settings/perdiem', POLICY)).per_diem_policy.policy_id as string;
  const savedReport = (await ok(w, b, 'POST', '/analytics/reports', { report_name: 'Theirs', spec: SPEC }))
    .report.report_id as string;
  const dashboard = (await ok(w, b, 'GET', '/analytics/dashboards')).dashboards[0];
  const conflict = fresh();
  await w.db
    .insertInto('sync_conflicts')
    .values({
      conflict_id: conflict,
      org_id: w.other.org.org_id,
      system: 'crm',
      module: 'Accounts',
      external_id: 'crm-1',
      local_id: w.other.contact,
      field: 'phone',
      local_value: '1',
      remote_value: '2',
      status: 'open',
      resolution: null,
      detected_time: NOW,
      resolved_time: null,
    })
    .execute();
  const theirs: Theirs = {
    org: w.other.org.org_id,
    user: bUser,
    department,
    account: w.other.contact,
    person,
    deal: w.other.deal,
    project,
    category: w.other.category,
    currency: 'CAD',
    expense,
    receipt,
    inboxReceipt,
    report,
    submittedReport,
    submittedExpense,
    rule,
    policy,
    savedReport,
    dashboard: dashboard.dashboard_id,
    component: dashboard.components[0].component_id,
    conflict,
  };

  // A's own records, for the calls that name one of A's records and one of B's.
  const expenseA = (await w.createExpense({})).expense_id as string;
  const reportExpenseA = (await w.createExpense({})).expense_id as string;
  const reportA = (
    await ok(w, w.h.rep, 'POST', '/expensereports', { report_name: 'Mine', expense_ids: [reportExpenseA] })
  ).expense_report.report_id as string;
  const inboxReceiptA = await upload(w, w.h.rep, '/receipts');
  const departmentA = (await ok(w, w.h.admin, 'POST', '/departments', { department_name: 'East' })).department
    .department_id as string;
  const ruleA = (
    await ok(w, w.h.admin, 'POST', '/settings/approvalrules', { level: 2, approver_type: 'department_head' })
  ).approval_rule.rule_id as string;
  const policyA = (await ok(w, w.h.admin, 'POST', '/settings/perdiem', POLICY)).per_diem_policy
    .policy_id as string;
  const dashboardA = (await ok(w, w.h.admin, 'GET', '/analytics/dashboards')).dashboards[0]
    .dashboard_id as string;
  const a = {
    expense: expenseA,
    report: reportA,
    reportExpense: reportExpenseA,
    inboxReceipt: inboxReceiptA,
    department: departmentA,
    rule: ruleA,
    policy: policyA,
    dashboard: dashboardA,
  };
  return { ...w, theirs, a };
}

/**
 * Makes each probe's two calls and checks they answer alike and change nothing. `names` labels
 * the failures: each id of the two sides is shown by its name.
 */
async function checkProbes<T extends Record<string, string>>(
  w: World,
  probes: Probe<T>[],
  real: T,
  names: Record<string, string>,
) {
  const nowhere = madeUp(Object.keys(real)) as T;
  const placeholders = Object.fromEntries(Object.keys(real).map((k) => [k, `:${k}`])) as T;
  const blank = (text: string, ids: T) =>
    Object.values(ids)
      .sort((x, y) => y.length - x.length)
      .reduce((s, id) => s.split(id).join('<id>'), text);
  for (const probe of probes) {
    const shape = probe.req(placeholders);
    let label = `${shape.method} ${shape.url}`;
    if (shape.payload && !Buffer.isBuffer(shape.payload)) label += ` ${JSON.stringify(shape.payload)}`;
    for (const [id, name] of Object.entries(names)) label = label.split(id).join(name);

    const before = await snapshot(w.db);
    const answers = [];
    for (const ids of [real, nowhere]) {
      const r = probe.req(ids);
      const res = await w.app.inject({
        method: r.method,
        url: `/api/v1${r.url}`,
        headers: { ...probe.who, ...r.headers },
        ...(r.payload ? { payload: r.payload } : {}),
      });
      answers.push({ status: res.statusCode, body: blank(res.body, ids) });
    }
    const [theirs, none] = answers;
    expect.soft(theirs?.status, `${label}: status`).toBe(probe.status);
    expect.soft(theirs, `${label}: a real id answers as a made-up one`).toEqual(none);
    expect.soft(await snapshot(w.db), `${label}: nothing changes`).toEqual(before);
  }
}

type Two = Awaited<ReturnType<typeof buildTwoOrgs>>;

/** Labels: A's ids by name, so a failure reads "PUT /expenses/a.expense {...}". */
function namesOf(w: Two): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.a)) names[v] = `a.${k}`;
  Object.assign(names, {
    [w.rep.user_id]: 'a.rep',
    [w.acme]: 'a.account',
    [w.bob]: 'a.person',
    [w.acmeDeal]: 'a.deal',
    [w.projectId]: 'a.project',
    [w.meals]: 'a.category',
  });
  return names;
}

const expense = (w: { meals: string }, extra: object) => ({
  date: '2026-01-16',
  category_id: w.meals,
  amount: 12,
  ...extra,
});
const component = (reportId: string) => ({ component_type: 'table', title: 'T', report_id: reportId });

/** Calls from organisation A naming B's records, grouped by area. */
const CROSS_ORG: Record<string, (w: Two) => Probe<Theirs>[]> = {
  'expenses, receipts and per diem': (w) => {
    const { admin, rep } = w.h;
    const a = w.a;
    return [
      notFound(admin, (t) => ({ method: 'GET', url: `/expenses/${t.expense}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/expenses/${t.expense}`,
        payload: { merchant_name: 'Changed' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/expenses/${t.expense}` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/expenses/${t.expense}/receipt`, ...receiptUpload() })),
      notFound(admin, (t) => ({ method: 'GET', url: `/expenses/${t.expense}/receipts/${t.receipt}` })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/expenses/${t.expense}/receipts/${t.receipt}` })),
      notFound(rep, (t) => ({ method: 'GET', url: `/expenses/${a.expense}/receipts/${t.receipt}` })),
      notFound(rep, (t) => ({ method: 'DELETE', url: `/expenses/${a.expense}/receipts/${t.receipt}` })),
      {
        status: 200,
        who: admin,
        req: (t) => ({ method: 'POST', url: '/expenses/bulkdelete', payload: { expense_ids: [t.expense] } }),
      },
      {
        status: 200,
        who: rep,
        req: (t) => ({
          method: 'POST',
          url: '/expenses/addtoreport',
          payload: { report_id: a.report, expense_ids: [t.expense] },
        }),
      },
      notFound(rep, (t) => ({
        method: 'POST',
        url: '/expenses/addtoreport',
        payload: { report_id: t.report, expense_ids: [a.expense] },
      })),
      rejected(rep, (t) => ({
        method: 'POST',
        url: '/expenses/addtoreport',
        payload: { new_report: { report_name: 'New', customer_id: t.account }, expense_ids: [a.expense] },
      })),
      notFound(admin, (t) => ({
        method: 'GET',
        url: `/auditlog?entity_type=expense&entity_id=${t.submittedExpense}`,
      })),
      ...(
        [
          [400, (t: Theirs) => ({ category_id: t.category })],
          [400, (t: Theirs) => ({ customer_id: t.account })],
          [400, (t: Theirs) => ({ customer_id: t.person })],
          [400, (t: Theirs) => ({ deal_id: t.deal })],
          [400, (t: Theirs) => ({ project_id: t.project })],
          [400, (t: Theirs) => ({ attendees: [{ user_id: t.user }] })],
          [400, (t: Theirs) => ({ attendees: [{ contact_id: t.person }] })],
          [400, (t: Theirs) => ({ currency_code: t.currency })],
          [404, (t: Theirs) => ({ report_id: t.report })],
        ] as const
      ).flatMap(([status, fields]): Probe<Theirs>[] => [
        {
          status,
          who: rep,
          req: (t) => ({ method: 'POST', url: '/expenses', payload: expense(w, fields(t)) }),
        },
        {
          status,
          who: rep,
          req: (t) => ({
            method: 'POST',
            url: `/receipts/${a.inboxReceipt}/convert`,
            payload: expense(w, fields(t)),
          }),
        },
      ]),
      ...[
        (t: Theirs) => ({ category_id: t.category }),
        (t: Theirs) => ({ customer_id: t.account }),
        (t: Theirs) => ({ deal_id: t.deal }),
        (t: Theirs) => ({ project_id: t.project }),
        (t: Theirs) => ({ attendees: [{ user_id: t.user }] }),
        (t: Theirs) => ({ attendees: [{ contact_id: t.person }] }),
        (t: Theirs) => ({ amount: 5, currency_code: t.currency }),
      ].map(
        (fields): Probe<Theirs> =>
          rejected(rep, (t) => ({ method: 'PUT', url: `/expenses/${a.expense}`, payload: fields(t) })),
      ),
      ...['user_id', 'customer_id', 'deal_id', 'report_id', 'category_id'].map(
        (field): Probe<Theirs> => ({
          status: 200,
          who: admin,
          req: (t) => {
            const id = {
              user_id: t.user,
              customer_id: t.account,
              deal_id: t.deal,
              report_id: t.report,
              category_id: t.category,
            }[field];
            return { method: 'GET', url: `/expenses?${field}=${id}` };
          },
        }),
      ),
      {
        status: 200,
        who: admin,
        req: (t) => ({ method: 'GET', url: `/expenses?customer_id=${t.account}&include_related=true` }),
      },
      notFound(admin, (t) => ({ method: 'GET', url: `/receipts/${t.inboxReceipt}` })),
      notFound(admin, (t) => ({ method: 'GET', url: `/receipts/${t.inboxReceipt}/file` })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/receipts/${t.inboxReceipt}` })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: `/receipts/${t.inboxReceipt}/convert`,
        payload: expense(w, {}),
      })),
      notFound(rep, (t) => ({
        method: 'POST',
        url: '/expenses/perdiem/calculate',
        payload: { ...TRIP, policy_id: t.policy },
      })),
      notFound(rep, (t) => ({
        method: 'POST',
        url: '/expenses/perdiem',
        payload: { ...TRIP, policy_id: t.policy },
      })),
      ...(
        [
          [400, (t: Theirs) => ({ customer_id: t.account })],
          [400, (t: Theirs) => ({ deal_id: t.deal })],
          [400, (t: Theirs) => ({ project_id: t.project })],
          [404, (t: Theirs) => ({ report_id: t.report })],
        ] as const
      ).map(
        ([status, fields]): Probe<Theirs> => ({
          status,
          who: rep,
          req: (t) => ({
            method: 'POST',
            url: '/expenses/perdiem',
            payload: { ...TRIP, policy_id: a.policy, ...fields(t) },
          }),
        }),
      ),
    ];
  },

  'expense reports and approvals': (w) => {
    const { admin, rep } = w.h;
    const a = w.a;
    const actions: [string, object][] = [
      ['submit', {}],
      ['approve', {}],
      ['reject', { reason: 'No' }],
      ['recall', {}],
      ['reimburse', {}],
    ];
    return [
      ...(['report', 'submittedReport'] as const).flatMap((key): Probe<Theirs>[] => [
        notFound(admin, (t) => ({ method: 'GET', url: `/expensereports/${t[key]}` })),
        notFound(admin, (t) => ({
          method: 'PUT',
          url: `/expensereports/${t[key]}`,
          payload: { report_name: 'Changed' },
        })),
        notFound(admin, (t) => ({ method: 'DELETE', url: `/expensereports/${t[key]}` })),
        ...actions.map(
          ([action, payload]): Probe<Theirs> =>
            notFound(admin, (t) => ({ method: 'POST', url: `/expensereports/${t[key]}/${action}`, payload })),
        ),
        notFound(admin, (t) => ({ method: 'GET', url: `/expensereports/${t[key]}/approvalhistory` })),
        notFound(admin, (t) => ({ method: 'GET', url: `/expensereports/${t[key]}/auditlog` })),
        notFound(admin, (t) => ({ method: 'GET', url: `/auditlog?entity_type=report&entity_id=${t[key]}` })),
      ]),
      notFound(rep, (t) => ({
        method: 'POST',
        url: `/expensereports/${t.report}/expenses`,
        payload: { expense_ids: [a.expense] },
      })),
      notFound(admin, (t) => ({
        method: 'DELETE',
        url: `/expensereports/${t.report}/expenses/${t.expense}`,
      })),
      notFound(rep, (t) => ({ method: 'DELETE', url: `/expensereports/${a.report}/expenses/${t.expense}` })),
      notFound(rep, (t) => ({
        method: 'POST',
        url: `/expensereports/${a.report}/expenses`,
        payload: { expense_ids: [t.expense] },
      })),
      rejected(rep, (t) => ({
        method: 'POST',
        url: `/expensereports/${a.report}/submit`,
        payload: { approver_id: t.user },
      })),
      ...[(t: Theirs) => ({ customer_id: t.account }), (t: Theirs) => ({ deal_id: t.deal })].flatMap(
        (fields): Probe<Theirs>[] => [
          rejected(rep, (t) => ({
            method: 'POST',
            url: '/expensereports',
            payload: { report_name: 'New', ...fields(t) },
          })),
          rejected(rep, (t) => ({ method: 'PUT', url: `/expensereports/${a.report}`, payload: fields(t) })),
        ],
      ),
      notFound(rep, (t) => ({
        method: 'POST',
        url: '/expensereports',
        payload: { report_name: 'New', expense_ids: [t.expense] },
      })),
      ...[
        (t: Theirs) => `user_id=${t.user}`,
        (t: Theirs) => `customer_id=${t.account}`,
        (t: Theirs) => `customer_id=${t.account}&include_related=true`,
        (t: Theirs) => `deal_id=${t.deal}`,
      ].map(
        (query): Probe<Theirs> => ({
          status: 200,
          who: admin,
          req: (t) => ({ method: 'GET', url: `/expensereports?${query(t)}` }),
        }),
      ),
    ];
  },

  'users, departments, customers, deals and projects': (w) => {
    const { admin } = w.h;
    const a = w.a;
    const get = (url: string): Req => ({ method: 'GET', url });
    return [
      notFound(admin, (t) => get(`/users/${t.user}`)),
      notFound(admin, (t) => ({ method: 'PUT', url: `/users/${t.user}`, payload: { name: 'X' } })),
      notFound(admin, (t) => ({ method: 'POST', url: `/users/${t.user}/active` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/users/${t.user}/inactive` })),
      ...[(t: Theirs) => ({ manager_id: t.user }), (t: Theirs) => ({ department_id: t.department })].flatMap(
        (fields): Probe<Theirs>[] => [
          rejected(admin, (t) => ({
            method: 'POST',
            url: '/users',
            payload: { email: 'new@zylker.example', name: 'New', ...fields(t) },
          })),
          rejected(admin, (t) => ({ method: 'PUT', url: `/users/${w.rep.user_id}`, payload: fields(t) })),
        ],
      ),
      { status: 200, who: admin, req: (t) => get(`/users?manager_id=${t.user}`) },
      { status: 200, who: admin, req: (t) => get(`/users?department_id=${t.department}`) },

      notFound(admin, (t) => get(`/departments/${t.department}`)),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/departments/${t.department}`,
        payload: { department_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/departments/${t.department}` })),
      rejected(admin, (t) => ({
        method: 'POST',
        url: '/departments',
        payload: { department_name: 'New', head_user_id: t.user },
      })),
      rejected(admin, (t) => ({
        method: 'PUT',
        url: `/departments/${a.department}`,
        payload: { head_user_id: t.user },
      })),

      ...(['account', 'person'] as const).flatMap((key): Probe<Theirs>[] => [
        notFound(admin, (t) => get(`/contacts/${t[key]}`)),
        notFound(admin, (t) => get(`/contacts/${t[key]}/contacts`)),
        notFound(admin, (t) => ({ method: 'PUT', url: `/contacts/${t[key]}`, payload: { phone: '1' } })),
        notFound(admin, (t) => ({ method: 'DELETE', url: `/contacts/${t[key]}` })),
        notFound(admin, (t) => ({ method: 'POST', url: `/contacts/${t[key]}/active` })),
        notFound(admin, (t) => ({ method: 'POST', url: `/contacts/${t[key]}/inactive` })),
      ]),
      rejected(admin, (t) => ({
        method: 'POST',
        url: '/contacts',
        payload: { contact_name: 'New', customer_sub_type: 'individual', account_id: t.account },
      })),
      rejected(admin, (t) => ({
        method: 'PUT',
        url: `/contacts/${w.bob}`,
        payload: { account_id: t.account },
      })),
      { status: 200, who: admin, req: (t) => get(`/contacts?account_id=${t.account}`) },

      notFound(admin, (t) => get(`/deals/${t.deal}`)),
      notFound(admin, (t) => ({ method: 'PUT', url: `/deals/${t.deal}`, payload: { stage: 'X' } })),
      ...[
        (t: Theirs) => ({ account_id: t.account }),
        (t: Theirs) => ({ contact_id: t.person }),
        (t: Theirs) => ({ owner_id: t.user }),
      ].flatMap((fields): Probe<Theirs>[] => [
        rejected(admin, (t) => ({
          method: 'POST',
          url: '/deals',
          payload: { deal_name: 'New', stage: 'Qualification', ...fields(t) },
        })),
        rejected(admin, (t) => ({ method: 'PUT', url: `/deals/${w.acmeDeal}`, payload: fields(t) })),
      ]),
      ...[
        (t: Theirs) => `account_id=${t.account}`,
        (t: Theirs) => `contact_id=${t.person}`,
        (t: Theirs) => `customer_id=${t.account}`,
        (t: Theirs) => `owner_id=${t.user}`,
      ].map((query): Probe<Theirs> => ({ status: 200, who: admin, req: (t) => get(`/deals?${query(t)}`) })),

      notFound(admin, (t) => get(`/projects/${t.project}`)),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/projects/${t.project}`,
        payload: { project_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/projects/${t.project}` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/projects/${t.project}/active` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/projects/${t.project}/inactive` })),
      rejected(admin, (t) => ({
        method: 'POST',
        url: '/projects',
        payload: { project_name: 'New', customer_id: t.account },
      })),
      rejected(admin, (t) => ({
        method: 'PUT',
        url: `/projects/${w.projectId}`,
        payload: { customer_id: t.account },
      })),
      { status: 200, who: admin, req: (t) => get(`/projects?customer_id=${t.account}`) },
    ];
  },

  'categories, currencies, approval rules, per diem and integrations': (w) => {
    const { admin } = w.h;
    const a = w.a;
    return [
      notFound(admin, (t) => ({ method: 'GET', url: `/expensecategories/${t.category}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/expensecategories/${t.category}`,
        payload: { category_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/expensecategories/${t.category}` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/expensecategories/${t.category}/enable` })),
      notFound(admin, (t) => ({ method: 'POST', url: `/expensecategories/${t.category}/disable` })),

      notFound(admin, (t) => ({ method: 'DELETE', url: `/settings/currencies/${t.currency}` })),
      notFound(admin, (t) => ({ method: 'GET', url: `/settings/currencies/${t.currency}/exchangerates` })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: `/settings/currencies/${t.currency}/exchangerates`,
        payload: { effective_date: '2026-01-10', rate: 2 },
      })),

      notFound(admin, (t) => ({ method: 'GET', url: `/settings/approvalrules/${t.rule}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/settings/approvalrules/${t.rule}`,
        payload: { level: 3 },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/settings/approvalrules/${t.rule}` })),
      rejected(admin, (t) => ({
        method: 'POST',
        url: '/settings/approvalrules',
        payload: { level: 3, approver_type: 'user', approver_user_id: t.user },
      })),
      rejected(admin, (t) => ({
        method: 'PUT',
        url: `/settings/approvalrules/${a.rule}`,
        payload: { approver_type: 'user', approver_user_id: t.user },
      })),

      notFound(admin, (t) => ({ method: 'GET', url: `/settings/perdiem/${t.policy}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/settings/perdiem/${t.policy}`,
        payload: { policy_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/settings/perdiem/${t.policy}` })),

      notFound(admin, (t) => ({
        method: 'POST',
        url: `/integrations/crm/conflicts/${t.conflict}/resolve`,
        payload: { keep: 'remote' },
      })),
    ];
  },

  analytics: (w) => {
    const { admin } = w.h;
    const a = w.a;
    return [
      notFound(admin, (t) => ({ method: 'GET', url: `/analytics/reports/${t.savedReport}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/analytics/reports/${t.savedReport}`,
        payload: { report_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/analytics/reports/${t.savedReport}` })),
      notFound(admin, (t) => ({ method: 'GET', url: `/analytics/reports/${t.savedReport}/run` })),
      notFound(admin, (t) => ({ method: 'GET', url: `/analytics/reports/${t.savedReport}/export.csv` })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: '/analytics/reports',
        payload: { report_name: 'Copy', spec: SPEC, based_on: t.savedReport },
      })),
      notFound(admin, (t) => ({ method: 'GET', url: `/analytics/dashboards/${t.dashboard}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/analytics/dashboards/${t.dashboard}`,
        payload: { dashboard_name: 'X' },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/analytics/dashboards/${t.dashboard}` })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: `/analytics/dashboards/${t.dashboard}/components`,
        payload: component('lost-deals'),
      })),
      notFound(admin, (t) => ({
        method: 'DELETE',
        url: `/analytics/dashboards/${t.dashboard}/components/${t.component}`,
      })),
      notFound(admin, (t) => ({
        method: 'DELETE',
        url: `/analytics/dashboards/${a.dashboard}/components/${t.component}`,
      })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: '/analytics/dashboards',
        payload: { dashboard_name: 'New', components: [component(t.savedReport)] },
      })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/analytics/dashboards/${a.dashboard}`,
        payload: { components: [component(t.savedReport)] },
      })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: `/analytics/dashboards/${a.dashboard}/components`,
        payload: component(t.savedReport),
      })),
      notFound(admin, (t) => ({ method: 'GET', url: `/analytics/deals/${t.deal}/summary` })),
      ...[
        (t: Theirs) => `owner_id=${t.user}`,
        (t: Theirs) => `user_id=${t.user}`,
        (t: Theirs) => `department_id=${t.department}`,
        (t: Theirs) => `customer_id=${t.account}`,
        (t: Theirs) => `category_id=${t.category}`,
      ].flatMap((query): Probe<Theirs>[] => [
        {
          status: 200,
          who: admin,
          req: (t) => ({ method: 'GET', url: `/analytics/spend-per-deal?${query(t)}` }),
        },
        {
          status: 200,
          who: admin,
          req: (t) => ({ method: 'GET', url: `/analytics/deal-spenders?${query(t)}` }),
        },
      ]),
      {
        status: 200,
        who: admin,
        req: (t) => ({
          method: 'POST',
          url: '/analytics/run',
          payload: {
            spec: { ...SPEC, filters: { deal_id: t.deal, user_id: t.user, customer_id: t.account } },
          },
        }),
      },
    ];
  },

  organisations: (w) => {
    const { admin } = w.h;
    const adminOf = (orgId: string) => as('admin@zylker.example', orgId);
    return [
      notFound(admin, (t) => ({ method: 'GET', url: `/organizations/${t.org}` })),
      notFound(admin, (t) => ({
        method: 'PUT',
        url: `/organizations/${t.org}`,
        payload: { name: 'Taken over' },
      })),
      // The organisation header: naming B is no different from naming an organisation that does not exist.
      notFound(admin, (t) => ({ method: 'GET', url: '/users/me', headers: adminOf(t.org) })),
      notFound(admin, (t) => ({ method: 'GET', url: '/expenses', headers: adminOf(t.org) })),
      notFound(admin, (t) => ({
        method: 'POST',
        url: '/expenses',
        headers: adminOf(t.org),
        payload: { date: '2026-01-16', category_id: t.category, amount: 1 },
      })),
      notFound(admin, (t) => ({ method: 'DELETE', url: `/expenses/${t.expense}`, headers: adminOf(t.org) })),
    ];
  },
};

/**
 * A second submitter of the same organisation reaching for the first one's records (an
 * unreported expense with a receipt, an inbox receipt, a draft and a submitted report).
 */
async function buildTwoReps(dialect: (typeof DIALECTS)[number]) {
  const w = await buildExpenseWorld(dialect);
  const { rep } = w.h;
  const expenseId = (await w.createExpense({})).expense_id as string;
  const receipt = await upload(w, rep, `/expenses/${expenseId}/receipt`);
  const inboxReceipt = await upload(w, rep, '/receipts');
  const reportExpense = (await w.createExpense({})).expense_id as string;
  const report = (
    await ok(w, rep, 'POST', '/expensereports', { report_name: 'Draft', expense_ids: [reportExpense] })
  ).expense_report.report_id as string;
  const submittedExpense = (await w.createExpense({})).expense_id as string;
  const submittedReport = (
    await ok(w, rep, 'POST', '/expensereports', { report_name: 'Sent', expense_ids: [submittedExpense] })
  ).expense_report.report_id as string;
  await ok(w, rep, 'POST', `/expensereports/${submittedReport}/submit`, {});
  const hers: Hers = {
    expense: expenseId,
    receipt,
    inboxReceipt,
    report,
    reportExpense,
    submittedReport,
    submittedExpense,
  };
  const ownExpense = (await w.createExpense({}, w.h.rep2)).expense_id as string;
  const ownReport = (await ok(w, w.h.rep2, 'POST', '/expensereports', { report_name: 'Mine' })).expense_report
    .report_id as string;
  return { ...w, hers, own: { expense: ownExpense, report: ownReport } };
}

function sameOrgProbes(w: Awaited<ReturnType<typeof buildTwoReps>>): Probe<Hers>[] {
  const who = w.h.rep2;
  const p = (req: (t: Hers) => Req, status = 404): Probe<Hers> => ({ status, who, req });
  const actions: [string, object][] = [
    ['submit', {}],
    ['approve', {}],
    ['reject', { reason: 'No' }],
    ['recall', {}],
    ['reimburse', {}],
  ];
  return [
    ...(['expense', 'reportExpense', 'submittedExpense'] as const).flatMap((key) => [
      p((t) => ({ method: 'GET', url: `/expenses/${t[key]}` })),
      p((t) => ({ method: 'PUT', url: `/expenses/${t[key]}`, payload: { merchant_name: 'Changed' } })),
      p((t) => ({ method: 'DELETE', url: `/expenses/${t[key]}` })),
      p((t) => ({ method: 'POST', url: `/expenses/${t[key]}/receipt`, ...receiptUpload() })),
      p((t) => ({ method: 'GET', url: `/auditlog?entity_type=expense&entity_id=${t[key]}` })),
      p((t) => ({ method: 'POST', url: '/expenses/bulkdelete', payload: { expense_ids: [t[key]] } }), 200),
      p(
        (t) => ({
          method: 'POST',
          url: '/expenses/addtoreport',
          payload: { report_id: w.own.report, expense_ids: [t[key]] },
        }),
        200,
      ),
      p((t) => ({
        method: 'POST',
        url: '/expensereports',
        payload: { report_name: 'Mine too', expense_ids: [t[key]] },
      })),
      p((t) => ({
        method: 'POST',
        url: `/expensereports/${w.own.report}/expenses`,
        payload: { expense_ids: [t[key]] },
      })),
    ]),
    p((t) => ({ method: 'GET', url: `/expenses/${t.expense}/receipts/${t.receipt}` })),
    p((t) => ({ method: 'DELETE', url: `/expenses/${t.expense}/receipts/${t.receipt}` })),
    p((t) => ({ method: 'GET', url: `/receipts/${t.receipt}` })),
    p((t) => ({ method: 'GET', url: `/receipts/${t.inboxReceipt}` })),
    p((t) => ({ method: 'GET', url: `/receipts/${t.inboxReceipt}/file` })),
    p((t) => ({ method: 'DELETE', url: `/receipts/${t.inboxReceipt}` })),
    p((t) => ({ method: 'POST', url: `/receipts/${t.inboxReceipt}/convert`, payload: expense(w, {}) })),
    ...(['report', 'submittedReport'] as const).flatMap((key) => [
      p((t) => ({ method: 'GET', url: `/expensereports/${t[key]}` })),
      p((t) => ({ method: 'PUT', url: `/expensereports/${t[key]}`, payload: { report_name: 'Changed' } })),
      p((t) => ({ method: 'DELETE', url: `/expensereports/${t[key]}` })),
      p((t) => ({
        method: 'POST',
        url: `/expensereports/${t[key]}/expenses`,
        payload: { expense_ids: [w.own.expense] },
      })),
      ...actions.map(([action, payload]) =>
        p((t) => ({ method: 'POST', url: `/expensereports/${t[key]}/${action}`, payload })),
      ),
      p((t) => ({ method: 'GET', url: `/expensereports/${t[key]}/approvalhistory` })),
      p((t) => ({ method: 'GET', url: `/expensereports/${t[key]}/auditlog` })),
      p((t) => ({ method: 'GET', url: `/auditlog?entity_type=report&entity_id=${t[key]}` })),
      p((t) => ({
        method: 'POST',
        url: '/expenses/addtoreport',
        payload: { report_id: t[key], expense_ids: [w.own.expense] },
      })),
      p((t) => ({ method: 'POST', url: '/expenses', payload: expense(w, { report_id: t[key] }) })),
    ]),
    p((t) => ({ method: 'DELETE', url: `/expensereports/${t.report}/expenses/${t.reportExpense}` })),
    p((t) => ({
      method: 'DELETE',
      url: `/expensereports/${t.submittedReport}/expenses/${t.submittedExpense}`,
    })),
  ];
}

/**
 * With potentials mode 'user', a submitter and an approver of organisation A reaching for a deal of
 * A they do not own (one admins see): every place that shows or takes a deal answers as for a deal
 * that exists nowhere, as GET /deals/{id} does.
 */
async function buildUnseenDeal(dialect: (typeof DIALECTS)[number]) {
  const w = await buildExpenseWorld(dialect);
  const { admin, rep } = w.h;
  const policy = (await ok(w, admin, 'POST', '/settings/perdiem', POLICY)).per_diem_policy
    .policy_id as string;
  const expenseId = (await w.createExpense({})).expense_id as string;
  const report = (await ok(w, rep, 'POST', '/expensereports', { report_name: 'Mine' })).expense_report
    .report_id as string;
  const inboxReceipt = await upload(w, rep, '/receipts');
  await ok(w, admin, 'PUT', `/organizations/${w.org.org_id}`, { potentials_mode: 'user' });
  return { ...w, mine: { policy, expense: expenseId, report, inboxReceipt } };
}

function unseenDealProbes(w: Awaited<ReturnType<typeof buildUnseenDeal>>): Probe<{ deal: string }>[] {
  const { rep, manager } = w.h;
  const m = w.mine;
  type T = { deal: string };
  const forEveryone = (who: Headers): Probe<T>[] => [
    notFound(who, (t) => ({ method: 'GET', url: `/deals/${t.deal}` })),
    notFound(who, (t) => ({ method: 'GET', url: `/analytics/deals/${t.deal}/summary` })),
    rejected(who, (t) => ({ method: 'POST', url: '/expenses', payload: expense(w, { deal_id: t.deal }) })),
    rejected(who, (t) => ({
      method: 'POST',
      url: '/expensereports',
      payload: { report_name: 'New', deal_id: t.deal },
    })),
  ];
  return [
    ...forEveryone(rep),
    ...forEveryone(manager),
    rejected(rep, (t) => ({
      method: 'POST',
      url: '/expenses',
      payload: expense(w, { customer_id: w.acme, deal_id: t.deal }),
    })),
    rejected(rep, (t) => ({
      method: 'POST',
      url: `/receipts/${m.inboxReceipt}/convert`,
      payload: expense(w, { deal_id: t.deal }),
    })),
    rejected(rep, (t) => ({
      method: 'POST',
      url: '/expenses/perdiem',
      payload: { ...TRIP, policy_id: m.policy, deal_id: t.deal },
    })),
    rejected(rep, (t) => ({ method: 'PUT', url: `/expenses/${m.expense}`, payload: { deal_id: t.deal } })),
    rejected(rep, (t) => ({
      method: 'PUT',
      url: `/expenses/${m.expense}`,
      payload: { merchant_name: 'Changed', deal_id: t.deal },
    })),
    rejected(rep, (t) => ({
      method: 'PUT',
      url: `/expensereports/${m.report}`,
      payload: { deal_id: t.deal },
    })),
    rejected(rep, (t) => ({
      method: 'POST',
      url: '/expenses/addtoreport',
      payload: { new_report: { report_name: 'New', deal_id: t.deal }, expense_ids: [m.expense] },
    })),
  ];
}

describe.each(DIALECTS)('ids of another organisation on %s', (dialect) => {
  it.each(Object.keys(CROSS_ORG))(
    '%s: a real id of another organisation answers as an id that exists nowhere, and changes nothing',
    async (area) => {
      const w = await buildTwoOrgs(dialect);
      await checkProbes(w, CROSS_ORG[area]!(w), w.theirs, namesOf(w));
    },
  );

  it("a submitter reaching for another submitter's expenses, reports and receipts gets 404 and changes nothing", async () => {
    const w = await buildTwoReps(dialect);
    const names: Record<string, string> = { [w.own.expense]: 'own.expense', [w.own.report]: 'own.report' };
    await checkProbes(w, sameOrgProbes(w), w.hers, names);
  });

  it("with potentials mode 'user', a deal a non-admin does not own answers as a deal that exists nowhere, and changes nothing", async () => {
    const w = await buildUnseenDeal(dialect);
    const names: Record<string, string> = {
      [w.mine.expense]: 'mine.expense',
      [w.mine.report]: 'mine.report',
      [w.mine.inboxReceipt]: 'mine.inboxReceipt',
      [w.mine.policy]: 'mine.policy',
      [w.acme]: 'a.account',
    };
    await checkProbes(w, unseenDealProbes(w), { deal: w.acmeDeal }, names);
  });
});
