/**
 * Zoho People APIs under /people/api:
 * - GET forms/{form}/getRecords (sIndex 1-based, limit ≤ 200, modifiedtime in ms) for the forms
 *   employee / P_Employee and department / P_Department. Each result element maps the record id to
 *   a one-element array, as in the sample of https://www.zoho.com/people/api/bulk-records.html.
 * - GET timetracker/getclients and timetracker/getprojects (sIndex 0-based, limit ≤ 200,
 *   `isNextAvailable` only when more exist; https://www.zoho.com/people/api/timesheet/get-clients.html,
 *   .../get-projects.html).
 * Envelope: {"response":{"result":[...],"message":"Data fetched successfully","uri":...,"status":0}};
 * errors: {"response":{"message":...,"uri":...,"errors":...,"status":1}} (forms: an object, time
 * tracker: an array, as documented). Over budget: code 7209 "API access blocked since threshold limit
 * exceeded" (Zoho People community thread "API access blocked"); People does not document the HTTP
 * status of that answer, the sandbox uses 429 with Retry-After so clients can back off.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { hasAnyScope } from '../accounts/scopes.js';
import { tokenOf } from '../crm/crm-auth.js';
import { queryOf } from '../crm/list-params.js';
import type { SandboxState } from '../state.js';
import type { PeopleApi } from './people-store.js';

const MAX_LIMIT = 200;
type Query = Record<string, string | undefined>;
type Errors = { code: number; message: string } | { code: number; message: string }[];

function fail(
  reply: FastifyReply,
  status: number,
  uri: string,
  message: string,
  errors: Errors,
): FastifyReply {
  return reply.code(status).send({ response: { message, uri, errors, status: 1 } });
}

const FORMS: Record<string, 'employees' | 'departments'> = {
  employee: 'employees',
  p_employee: 'employees',
  department: 'departments',
  p_department: 'departments',
};

const peopleRoutes: FastifyPluginAsync<{ state: SandboxState }> = async (app, { state }) => {
  /** Token, scope and budget checks; false after sending the error. */
  function admit(
    request: FastifyRequest,
    reply: FastifyReply,
    uri: string,
    api: PeopleApi,
    scopes: string[],
    asArray: boolean,
  ): boolean {
    const wrap = (e: { code: number; message: string }): Errors => (asArray ? [e] : e);
    const raw = tokenOf(request);
    const found = raw ? state.tokens.lookup(raw) : undefined;
    if (!found?.ok) {
      fail(reply, 401, uri, 'Error occurred', wrap({ code: 7202, message: 'Invalid OAuth token' }));
      return false;
    }
    if (!hasAnyScope(found.token.scopes, scopes)) {
      fail(reply, 401, uri, 'Error occurred', wrap({ code: 7202, message: 'Invalid OAuth scope' }));
      return false;
    }
    const budget = state.people.take(api);
    if (!budget.ok) {
      reply.header('retry-after', String(budget.retryAfterS));
      fail(
        reply,
        429,
        uri,
        'Error occurred',
        wrap({
          code: 7209,
          message: 'API access blocked since threshold limit exceeded. Please try after some time',
        }),
      );
      return false;
    }
    return true;
  }

  function window(q: Query, oneBased: boolean): { start: number; limit: number } | string {
    const rawStart = q.sIndex ?? q.sindex;
    const start = rawStart === undefined || rawStart === '' ? (oneBased ? 1 : 0) : Number(rawStart);
    if (!Number.isInteger(start) || start < (oneBased ? 1 : 0)) return 'sIndex';
    const limit = q.limit === undefined || q.limit === '' ? MAX_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1) return 'limit';
    if (limit > MAX_LIMIT) return 'max';
    return { start: oneBased ? start - 1 : start, limit };
  }

  app.get('/people/api/forms/:form/getRecords', async (request, reply) => {
    const { form } = request.params as { form: string };
    const uri = `/api/forms/${form}/getRecords`;
    if (!admit(request, reply, uri, 'forms', ['ZOHOPEOPLE.forms.ALL', 'ZOHOPEOPLE.forms.READ'], false))
      return reply;
    const kind = FORMS[form.toLowerCase()];
    if (!kind)
      return fail(reply, 400, uri, 'Error occurred', {
        code: 7011,
        message: `Form name '${form}' is invalid`,
      });
    const q = queryOf(request);
    const w = window(q, true);
    if (w === 'max')
      return fail(reply, 400, uri, 'Error occurred', {
        code: 7021,
        message: 'Maximum record limit 200 is exceeded',
      });
    if (typeof w === 'string') {
      return fail(reply, 400, uri, 'Error occurred', {
        code: 7042,
        message: `Specified value for ${w} is invalid`,
      });
    }
    let since: number | undefined;
    if (q.modifiedtime !== undefined && q.modifiedtime !== '') {
      since = Number(q.modifiedtime);
      if (!Number.isFinite(since)) {
        return fail(reply, 400, uri, 'Error occurred', {
          code: 7042,
          message: 'Specified value for modifiedtime is invalid',
        });
      }
    }
    let rows: { Zoho_ID: string; ModifiedTime: string }[] =
      kind === 'employees' ? state.people.employees : state.people.departments;
    if (q.SearchColumn || q.searchColumn) {
      const column = (q.SearchColumn ?? q.searchColumn)!.toUpperCase();
      const value = (q.SearchValue ?? q.searchValue ?? '').toLowerCase();
      rows = state.people.employees.filter((e) =>
        column === 'EMPLOYEEID' ? e.EmployeeID.toLowerCase() === value : e.EmailID.toLowerCase() === value,
      );
    }
    if (since !== undefined) rows = rows.filter((r) => Number(r.ModifiedTime) > since!);
    const page = rows.slice(w.start, w.start + w.limit);
    if (page.length === 0)
      return fail(reply, 200, uri, 'Error occurred', { code: 7024, message: 'No records found' });
    return {
      response: {
        result: page.map((r) => ({ [r.Zoho_ID]: [r] })),
        message: 'Data fetched successfully',
        uri,
        status: 0,
      },
    };
  });

  function timetracker<T>(
    path: 'getclients' | 'getprojects',
    rowsOf: (q: Query) => T[],
    render: (row: T) => Record<string, unknown>,
  ) {
    app.get(`/people/api/timetracker/${path}`, async (request, reply) => {
      const uri = `/api/timetracker/${path}`;
      const scopes = ['ZOHOPEOPLE.timetracker.ALL', 'ZOHOPEOPLE.timetracker.READ'];
      if (!admit(request, reply, uri, 'timetracker', scopes, true)) return reply;
      const q = queryOf(request);
      const w = window(q, false);
      if (typeof w === 'string') {
        const param = w === 'max' ? 'limit' : w;
        return fail(reply, 400, uri, 'Error in fetching data', [
          { code: 9003, message: `Wrong value for ${param} parameter` },
        ]);
      }
      const rows = rowsOf(q);
      const page = rows.slice(w.start, w.start + w.limit);
      return {
        response: {
          result: page.map(render),
          message: 'Data fetched successfully',
          uri,
          ...(w.start + page.length < rows.length ? { isNextAvailable: true } : {}),
          status: 0,
        },
      };
    });
  }

  timetracker(
    'getclients',
    () => state.people.clients,
    (c) => ({
      clientId: c.clientId,
      clientName: c.clientName,
      currencyCode: c.currency,
      billingMethod: 'hourly job rate',
      emailId: c.emailId,
      modifiedTime: c.modifiedTime,
    }),
  );

  timetracker(
    'getprojects',
    (q) => {
      let rows = state.people.projects;
      if (q.clientId && q.clientId !== 'all') rows = rows.filter((p) => p.clientId === q.clientId);
      const status = q.projectStatus ?? 'all';
      if (status === 'inprogress') rows = rows.filter((p) => p.projectStatus === 'In Progress');
      if (status === 'completed') rows = rows.filter((p) => p.projectStatus === 'Completed');
      return rows;
    },
    (p) => ({
      projectId: p.projectId,
      projectName: p.projectName,
      // The documented sample spells the status "In-Progress".
      projectStatus: p.projectStatus === 'In Progress' ? 'In-Progress' : p.projectStatus,
      clientId: p.clientId,
      clientName: state.people.clients.find((c) => c.clientId === p.clientId)?.clientName ?? '',
      modifiedTime: p.modifiedTime,
    }),
  );
};

export default peopleRoutes;
