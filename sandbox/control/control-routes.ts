/**
 * The sandbox's control API under /__sandbox/ (not part of Zoho's surface): reset, clock, tokens,
 * faults, record changes in CRM and People, and People's budget. Tests and the demo use it to
 * create incremental-sync and failure cases. Documented in sandbox/README.md.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ACCESS_TOKEN_TTL_S } from '../accounts/token-store.js';
import { findOrg } from '../crm/crm-store.js';
import { resolveModule } from '../crm/module-meta.js';
import {
  deleteRecord,
  findUniqueClash,
  insertRecord,
  updateRecord,
  validateRecord,
} from '../crm/record-writes.js';
import { peopleTime, zohoTime } from '../data/seed.js';
import type { FaultSpec } from '../faults/fault-store.js';
import { resetSandboxState, type SandboxState } from '../state.js';

function bad(reply: FastifyReply, message: string, status = 400): FastifyReply {
  return reply.code(status).send({ error: message });
}

type Body = Record<string, unknown>;

/** The sandbox clock moves at most ten years from wall time. */
const MAX_CLOCK_OFFSET_MS = 10 * 365 * 86_400_000;

function bodyOf(raw: unknown): Body {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Body) : {};
}

const FAULT_KEYS = new Set([
  'path',
  'method',
  'status',
  'retryAfter',
  'latencyMs',
  'drop',
  'expireToken',
  'after',
  'times',
  'probability',
  'seed',
]);

/** Checks a fault body; a string names what is wrong. */
function parseFault(b: Body): FaultSpec | string {
  for (const k of Object.keys(b)) if (!FAULT_KEYS.has(k)) return `unknown fault property "${k}"`;
  if (typeof b.path !== 'string' || !b.path.startsWith('/'))
    return 'path must be a URL path glob starting with "/"';
  if (b.method !== undefined && typeof b.method !== 'string') return 'method must be a string';
  if (b.status !== undefined && ![429, 500, 503].includes(b.status as number))
    return 'status must be 429, 500 or 503';
  const nonNegative = (k: string) =>
    b[k] === undefined || (typeof b[k] === 'number' && Number.isInteger(b[k]) && (b[k] as number) >= 0);
  for (const k of ['retryAfter', 'latencyMs', 'after', 'times', 'seed']) {
    if (!nonNegative(k)) return `${k} must be a whole number of 0 or more`;
  }
  if ((b.latencyMs as number | undefined) !== undefined && (b.latencyMs as number) > 60_000) {
    return 'latencyMs must be at most 60000';
  }
  for (const k of ['drop', 'expireToken'])
    if (b[k] !== undefined && typeof b[k] !== 'boolean') return `${k} must be true or false`;
  if (
    b.probability !== undefined &&
    (typeof b.probability !== 'number' || b.probability < 0 || b.probability > 1)
  ) {
    return 'probability must be a number from 0 to 1';
  }
  if (!b.status && !b.latencyMs && !b.drop && !b.expireToken) {
    return 'a fault needs at least one of status, latencyMs, drop, expireToken';
  }
  return b as unknown as FaultSpec;
}

const controlRoutes: FastifyPluginAsync<{ state: SandboxState; serverUrl: string | undefined }> = async (
  app,
  { state, serverUrl },
) => {
  app.get('/__sandbox/state', async () => ({
    now: new Date(state.clock.now()).toISOString(),
    clock_offset_ms: state.clock.offsetMs,
    scale: state.scale ?? null,
    orgs: state.crm.orgs.map((o) => ({
      id: o.org.id,
      zgid: o.org.zgid,
      company_name: o.org.company_name,
      users: o.users.length,
      records:
        state.scale && o === state.crm.orgs[0]
          ? { Accounts: state.scale, Contacts: state.scale * 3, Deals: state.scale }
          : {
              Accounts: [...o.modules.Accounts.scan()].length,
              Contacts: [...o.modules.Contacts.scan()].length,
              Deals: [...o.modules.Deals.scan()].length,
            },
    })),
    people: {
      employees: state.people.employees.length,
      departments: state.people.departments.length,
      requests_per_minute: state.people.requestsPerMinute ?? null,
      lock_ms: state.people.lockMs,
    },
    faults: state.faults.list(),
  }));

  app.post('/__sandbox/reset', async () => {
    resetSandboxState(state);
    return { reset: true };
  });

  app.post('/__sandbox/clock', async (request, reply) => {
    const b = bodyOf(request.body);
    const within = (v: unknown): v is number =>
      typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_CLOCK_OFFSET_MS;
    let next: number;
    if (within(b.offsetMs)) next = b.offsetMs;
    else if (within(b.advanceMs)) next = state.clock.offsetMs + b.advanceMs;
    else return bad(reply, 'send {"offsetMs": n} or {"advanceMs": n}, n in milliseconds, at most ten years');
    if (Math.abs(next) > MAX_CLOCK_OFFSET_MS) return bad(reply, 'the clock offset would pass ten years');
    state.clock.offsetMs = next;
    return { now: new Date(state.clock.now()).toISOString(), clock_offset_ms: state.clock.offsetMs };
  });

  // A token without the browser flow, for tests and scripts: {email, scopes?, clientId?, offline?}.
  app.post('/__sandbox/tokens', async (request, reply) => {
    const b = bodyOf(request.body);
    const email = typeof b.email === 'string' ? b.email.toLowerCase() : '';
    const account = state.accounts.find((a) => a.email.toLowerCase() === email);
    if (!account) return bad(reply, `no sandbox user has the email "${email}"`, 404);
    const scopes =
      Array.isArray(b.scopes) && b.scopes.every((s) => typeof s === 'string')
        ? (b.scopes as string[])
        : [
            'ZohoCRM.modules.ALL',
            'ZohoCRM.users.ALL',
            'ZohoCRM.org.ALL',
            'ZohoCRM.settings.ALL',
            'ZohoSearch.securesearch.READ',
            'ZOHOPEOPLE.forms.ALL',
            'ZOHOPEOPLE.timetracker.ALL',
          ];
    const clientId = typeof b.clientId === 'string' ? b.clientId : 'dealspend-server';
    const token = state.tokens.issue(account, clientId, scopes, b.offline === true);
    return {
      access_token: token.token,
      ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
      scope: scopes.join(' '),
      api_domain: serverUrl ?? `${request.protocol}://${request.host}`,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
    };
  });

  app.post('/__sandbox/tokens/expire', async () => ({ expired: state.tokens.expireAll() }));

  app.get('/__sandbox/faults', async () => ({ faults: state.faults.list() }));
  app.post('/__sandbox/faults', async (request, reply) => {
    const spec = parseFault(bodyOf(request.body));
    if (typeof spec === 'string') return bad(reply, spec);
    return reply.code(201).send({ fault: state.faults.add(spec) });
  });
  app.delete('/__sandbox/faults', async () => {
    state.faults.clear();
    return { faults: [] };
  });
  app.delete('/__sandbox/faults/:id', async (request, reply) => {
    if (!state.faults.remove((request.params as { id: string }).id))
      return bad(reply, 'no fault has that id', 404);
    return { deleted: true };
  });

  /** org: an org id/zgid, or "default" for the first org (Zylker). */
  function orgModule(reply: FastifyReply, params: { org: string; module: string }) {
    const org = params.org === 'default' ? state.crm.orgs[0] : findOrg(state.crm, params.org);
    if (!org) {
      bad(reply, `no CRM org "${params.org}"`, 404);
      return undefined;
    }
    const module = resolveModule(params.module);
    if (!module) {
      bad(reply, `no module "${params.module}" (use Accounts, Contacts or Deals)`, 404);
      return undefined;
    }
    if (org.modules[module].readOnly) {
      bad(reply, 'scale-mode records are read-only', 409);
      return undefined;
    }
    const actor = org.users.find((u) => u.profile.name === 'Administrator') ?? org.users[0]!;
    return { org, module, actor };
  }

  app.post('/__sandbox/crm/:org/:module', async (request, reply) => {
    const t = orgModule(reply, request.params as { org: string; module: string });
    if (!t) return reply;
    const v = validateRecord(t.org, t.module, request.body, 0, false);
    if (!v.ok) return reply.code(400).send({ error: v.error.message, details: v.error });
    const clash = findUniqueClash(t.org, t.module, v.values, undefined);
    if (clash) return bad(reply, `${clash.field} duplicates record ${clash.record.id}`, 409);
    const record = insertRecord(t.org, t.module, v.values, t.actor, state.clock.now());
    return reply.code(201).send({ record });
  });

  app.patch('/__sandbox/crm/:org/:module/:id', async (request, reply) => {
    const params = request.params as { org: string; module: string; id: string };
    const t = orgModule(reply, params);
    if (!t) return reply;
    const existing = t.org.modules[t.module].get(params.id);
    if (!existing) return bad(reply, `no ${t.module} record ${params.id}`, 404);
    const v = validateRecord(t.org, t.module, request.body, 0, true);
    if (!v.ok) return reply.code(400).send({ error: v.error.message, details: v.error });
    const record = updateRecord(t.org, t.module, existing, v.values, state.clock.now());
    return { record };
  });

  app.delete('/__sandbox/crm/:org/:module/:id', async (request, reply) => {
    const params = request.params as { org: string; module: string; id: string };
    const t = orgModule(reply, params);
    if (!t) return reply;
    const existing = t.org.modules[t.module].get(params.id);
    if (!existing) return bad(reply, `no ${t.module} record ${params.id}`, 404);
    deleteRecord(t.org, t.module, existing, t.actor, state.clock.now());
    return { deleted: params.id };
  });

  // A new CRM user (a hire, say), with the role and profile of the org's standard users: someone
  // DealSpend has not imported yet. Body: first_name, last_name, email.
  app.post('/__sandbox/crm/:org/users', async (request, reply) => {
    const params = request.params as { org: string };
    const org = params.org === 'default' ? state.crm.orgs[0] : findOrg(state.crm, params.org);
    if (!org) return bad(reply, `no CRM org "${params.org}"`, 404);
    const b = bodyOf(request.body);
    for (const k of ['first_name', 'last_name', 'email'] as const) {
      if (typeof b[k] !== 'string' || (b[k] as string).trim() === '') return bad(reply, `${k} is required`);
    }
    const email = String(b.email).trim();
    if (org.users.some((u) => u.email.toLowerCase() === email.toLowerCase()))
      return bad(reply, `a CRM user already has the email ${email}`, 409);
    const like = org.users.find((u) => u.profile.name !== 'Administrator') ?? org.users[0]!;
    const next = (values: string[]) =>
      String(values.reduce((m, v) => (BigInt(v) > m ? BigInt(v) : m), 0n) + 1n);
    const now = zohoTime(state.clock.now());
    const user = {
      ...like,
      id: next(org.users.map((u) => u.id)),
      zuid: next(org.users.map((u) => u.zuid)),
      first_name: String(b.first_name).trim(),
      last_name: String(b.last_name).trim(),
      full_name: `${String(b.first_name).trim()} ${String(b.last_name).trim()}`,
      email,
      status: 'active' as const,
      Reporting_To: null,
      Created_Time: now,
      Modified_Time: now,
    };
    org.users.push(user);
    return reply.code(201).send({ user });
  });

  // A CRM user's Reporting_To (another user's id, or null) and status; Modified_Time moves on.
  app.patch('/__sandbox/crm/:org/users/:id', async (request, reply) => {
    const params = request.params as { org: string; id: string };
    const org = params.org === 'default' ? state.crm.orgs[0] : findOrg(state.crm, params.org);
    if (!org) return bad(reply, `no CRM org "${params.org}"`, 404);
    const user = org.users.find((u) => u.id === params.id);
    if (!user) return bad(reply, `no CRM user ${params.id}`, 404);
    const b = bodyOf(request.body);
    for (const k of Object.keys(b)) {
      if (k !== 'Reporting_To' && k !== 'status') return bad(reply, `${k} cannot be changed here`);
    }
    let reportingTo = user.Reporting_To;
    if (Object.hasOwn(b, 'Reporting_To')) {
      if (b.Reporting_To === null) reportingTo = null;
      else {
        const manager = org.users.find((u) => u.id === b.Reporting_To);
        if (!manager || manager === user) return bad(reply, "Reporting_To must be another user's id or null");
        reportingTo = { name: manager.full_name, id: manager.id };
      }
    }
    if (Object.hasOwn(b, 'status') && !['active', 'disabled', 'deleted'].includes(b.status as string))
      return bad(reply, 'status must be active, disabled or deleted');
    Object.assign(user, {
      Reporting_To: reportingTo,
      ...(b.status !== undefined ? { status: b.status } : {}),
      Modified_Time: zohoTime(Math.max(state.clock.now(), Date.parse(user.Modified_Time) + 1000)),
    });
    return { user };
  });

  // CRM API credits per 24 hours for every org (null: unlimited); the count starts again.
  app.put('/__sandbox/crm/limits', async (request, reply) => {
    const perDay = bodyOf(request.body).creditsPerDay;
    if (perDay !== null && !(typeof perDay === 'number' && Number.isInteger(perDay) && perDay >= 0)) {
      return bad(reply, 'creditsPerDay must be a whole number of 0 or more, or null for unlimited');
    }
    for (const o of state.crm.orgs)
      o.credits = { perDay: perDay ?? undefined, windowStart: state.clock.now(), used: 0 };
    return { credits_per_day: perDay };
  });

  app.put('/__sandbox/people/budget', async (request, reply) => {
    const b = bodyOf(request.body);
    const rpm = b.requestsPerMinute;
    const lock = b.lockSeconds;
    if (
      rpm !== undefined &&
      rpm !== null &&
      !(typeof rpm === 'number' && Number.isInteger(rpm) && rpm >= 1)
    ) {
      return bad(
        reply,
        "requestsPerMinute must be a whole number of 1 or more, or null for Zoho's thresholds",
      );
    }
    if (lock !== undefined && !(typeof lock === 'number' && Number.isInteger(lock) && lock >= 0)) {
      return bad(reply, 'lockSeconds must be a whole number of 0 or more');
    }
    if (rpm !== undefined) state.people.requestsPerMinute = rpm === null ? undefined : (rpm as number);
    if (lock !== undefined) state.people.lockMs = (lock as number) * 1000;
    state.people.resetBudgets();
    return { requests_per_minute: state.people.requestsPerMinute ?? null, lock_ms: state.people.lockMs };
  });

  // People employees: add or change (ModifiedTime moves to the sandbox clock's now).
  app.post('/__sandbox/people/employees', async (request, reply) => {
    const b = bodyOf(request.body);
    for (const k of ['EmployeeID', 'FirstName', 'LastName', 'EmailID', 'Department']) {
      if (typeof b[k] !== 'string' || b[k] === '') return bad(reply, `${k} is required`);
    }
    const now = state.clock.now();
    const dept = state.people.departments.find((d) => d.Department === b.Department);
    const employee = {
      Reporting_To: '',
      'Reporting_To.ID': '',
      'Reporting_To.MailID': '',
      Designation: '',
      Employeestatus: 'Active' as const,
      ...b,
      Zoho_ID: String(61234000009000000 + state.people.employees.length),
      'Department.ID': dept?.Zoho_ID ?? '',
      ModifiedTime: String(now),
      AddedTime: peopleTime(now),
    } as SandboxState['people']['employees'][number];
    state.people.employees.push(employee);
    return reply.code(201).send({ employee });
  });

  app.patch('/__sandbox/people/employees/:zohoId', async (request, reply) => {
    const id = (request.params as { zohoId: string }).zohoId;
    const e = state.people.employees.find((x) => x.Zoho_ID === id);
    if (!e) return bad(reply, `no employee ${id}`, 404);
    const b = bodyOf(request.body);
    for (const k of ['Zoho_ID', 'ModifiedTime', 'AddedTime', '__proto__', 'constructor', 'prototype']) {
      if (Object.hasOwn(b, k)) return bad(reply, `${k} cannot be changed`);
    }
    Object.assign(e, b, { ModifiedTime: String(Math.max(state.clock.now(), Number(e.ModifiedTime) + 1)) });
    return { employee: e };
  });
};

export default controlRoutes;
