/**
 * Zoho CRM v8 record APIs for Accounts, Contacts and Deals, under /crm/v8:
 * list (GET /{module}), one record, related lists, search, deleted records, insert, update,
 * upsert and delete. Shapes follow https://www.zoho.com/crm/developer/docs/api/v8/ and
 * zoho/crm-oas v8.0 record.json; non-obvious choices cite their source beside them.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { crmModuleScopes, hasAnyScope } from '../accounts/scopes.js';
import { zohoTime } from '../data/seed.js';
import type { CrmRecord } from '../data/seed-types.js';
import type { SandboxState } from '../state.js';
import { type Predicate, parseCriteria } from './criteria.js';
import { authenticateCrm, type CrmContext } from './crm-auth.js';
import { crmErrorBody, sendCrmError } from './crm-error.js';
import { customViewsFor } from './custom-views.js';
import {
  project,
  type Query,
  queryOf,
  readIfModifiedSince,
  readPaging,
  requireFields,
} from './list-params.js';
import { MODULES, type ModuleName, resolveModule } from './module-meta.js';
import { compareRecords, type JsonWindow, type ListQuery, type SortField, timeOf } from './module-store.js';
import { decodePageToken, encodePageToken, PAGE_TOKEN_TTL_MS } from './page-token.js';
import {
  deleteRecord,
  duplicateError,
  findUniqueClash,
  insertRecord,
  type RecordError,
  successDetails,
  updateRecord,
  validateRecord,
} from './record-writes.js';

/** `page` reads only the first 2,000 records; past that Zoho wants page_token. */
const DISCRETE_PAGINATION_LIMIT = 2000;
/** page_token reaches at most 100,000 records (Kaizen #60). */
const PAGE_TOKEN_LIMIT = 100_000;
/** At most 100 records per write call. */
const MAX_WRITE_RECORDS = 100;
const SORT_FIELDS: readonly SortField[] = ['id', 'Created_Time', 'Modified_Time'];

/** Related lists the sandbox serves: parent module → related list → (child module, lookup field). */
const RELATED: Record<ModuleName, Record<string, { module: ModuleName; field: string }>> = {
  Accounts: {
    Contacts: { module: 'Contacts', field: 'Account_Name' },
    Deals: { module: 'Deals', field: 'Account_Name' },
  },
  Contacts: { Deals: { module: 'Deals', field: 'Contact_Name' } },
  Deals: {},
};

interface Params {
  module: string;
  id?: string;
  related?: string;
}

/** The most the kept buffer grows to; a page asking for odd long field names gets its own. */
const SCRATCH_MAX_BYTES = 1 << 20;

/**
 * `head`, the page's records and `tail` as one string, written through a buffer the plugin keeps:
 * a fresh 60 KB buffer per page cost more (allocation and first-touch) than copying out of one.
 */
function createJsonBodyWriter(): (head: string, page: JsonWindow, tail: string) => string {
  let scratch = Buffer.allocUnsafe(0);
  return (head, page, tail) => {
    const headBytes = Buffer.byteLength(head);
    const tailBytes = Buffer.byteLength(tail);
    const size = headBytes + page.maxBytes + tailBytes;
    let into = scratch;
    if (into.length < size) {
      into = Buffer.allocUnsafe(size <= SCRATCH_MAX_BYTES ? Math.min(SCRATCH_MAX_BYTES, size * 2) : size);
      if (size <= SCRATCH_MAX_BYTES) scratch = into;
    }
    let end = into.write(head, 0);
    end = page.write(into, end);
    end += into.write(tail, end);
    // ASCII reads the same as latin1, which copies where UTF-8 decodes; a string is ASCII when
    // its UTF-8 length is its length.
    const ascii = page.ascii && headBytes === head.length && tailBytes === tail.length;
    return into.toString(ascii ? 'latin1' : 'utf8', 0, end);
  };
}

const recordsRoutes: FastifyPluginAsync<{ state: SandboxState }> = async (app, { state }) => {
  const jsonBody = createJsonBodyWriter();
  // Zoho takes a JSON body whatever its Content-Type: Zoho's own TypeScript SDK sends write bodies
  // without one (routes/controllers/api_http_connector.js only sets it for bulk and a few paths).
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(String(body)));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) return sendCrmError(reply, 500, 'INTERNAL_ERROR', 'Internal Server Error');
    return sendCrmError(reply, status, 'INVALID_DATA', error.message);
  });

  function moduleOr400(reply: FastifyReply, name: string): ModuleName | undefined {
    const m = resolveModule(name);
    if (!m) {
      sendCrmError(reply, 400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
        resource_path_index: 0,
      });
    }
    return m;
  }

  function begin(
    request: FastifyRequest,
    reply: FastifyReply,
    op: 'READ' | 'CREATE' | 'WRITE' | 'DELETE',
  ): { ctx: CrmContext; module: ModuleName } | undefined {
    const module = moduleOr400(reply, (request.params as Params).module);
    if (!module) return undefined;
    const ctx = authenticateCrm(state, request, reply, crmModuleScopes(module, op));
    return ctx ? { ctx, module } : undefined;
  }

  /** Resolves `cvid` and `ids` into a predicate; undefined (sent) on a bad value. */
  function filters(
    q: Query,
    ctx: CrmContext,
    module: ModuleName,
    reply: FastifyReply,
  ): { predicate: Predicate | undefined } | undefined {
    const parts: Predicate[] = [];
    if (q.cvid) {
      const view = customViewsFor(ctx.org, module).find((v) => v.id === q.cvid);
      if (!view) {
        sendCrmError(reply, 400, 'INVALID_DATA', 'the custom view id given seems to be invalid', {
          param_name: 'cvid',
        });
        return undefined;
      }
      const f = view.filter(ctx.user);
      if (f) parts.push(f);
    }
    if (q.ids) {
      const ids = new Set(q.ids.split(','));
      parts.push((r) => ids.has(r.id));
    }
    if (parts.length === 0) return { predicate: undefined };
    return { predicate: (r) => parts.every((p) => p(r)) };
  }

  // GET /crm/v8/{module}: list with fields, paging, page_token, sort, cvid, If-Modified-Since.
  app.get('/crm/v8/:module', async (request, reply) => {
    const begun = begin(request, reply, 'READ');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const q = queryOf(request);
    const fields = requireFields(q, reply);
    if (!fields) return reply;
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const since = readIfModifiedSince(request, reply);
    if (since === undefined) return reply;
    const sortBy = (q.sort_by ?? 'id') as SortField;
    if (!SORT_FIELDS.includes(sortBy)) {
      return sendCrmError(reply, 400, 'INVALID_DATA', 'sort_by must be id, Created_Time or Modified_Time', {
        param_name: 'sort_by',
      });
    }
    const order = (q.sort_order ?? 'desc') as 'asc' | 'desc';
    if (order !== 'asc' && order !== 'desc') {
      return sendCrmError(reply, 400, 'INVALID_DATA', 'sort_order must be asc or desc', {
        param_name: 'sort_order',
      });
    }
    const f = filters(q, ctx, module, reply);
    if (!f) return reply;
    const fingerprint = [
      ctx.org.org.zgid,
      ctx.user.zuid,
      module,
      sortBy,
      order,
      q.cvid ?? '',
      q.ids ?? '',
      since ?? '',
    ].join('|');
    const now = state.clock.now();
    let offset: number;
    if (q.page_token !== undefined) {
      if (q.page !== undefined) {
        return sendCrmError(reply, 400, 'INVALID_DATA', 'page and page_token cannot be used together', {
          param_name: 'page',
        });
      }
      const token = decodePageToken(q.page_token);
      if (!token || token.q !== fingerprint) {
        return sendCrmError(reply, 400, 'INVALID_DATA', 'the page token given seems to be invalid', {
          param_name: 'page_token',
        });
      }
      if (token.e <= now) {
        return sendCrmError(reply, 400, 'INVALID_DATA', 'the page token has expired', {
          param_name: 'page_token',
        });
      }
      offset = token.o;
    } else {
      // https://www.zoho.com/crm/developer/docs/api/v8/get-records.html: page-based reads stop at 2,000 records.
      if (paging.page * paging.perPage > DISCRETE_PAGINATION_LIMIT) {
        return sendCrmError(
          reply,
          400,
          'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
          'You can only get the first 2000 records without using page_token param.',
          { limit: DISCRETE_PAGINATION_LIMIT },
        );
      }
      offset = (paging.page - 1) * paging.perPage;
    }
    const limit = Math.max(0, Math.min(paging.perPage, PAGE_TOKEN_LIMIT - offset));
    const listQuery: ListQuery = { sortBy, order, modifiedSince: since ?? undefined, predicate: f.predicate };
    const store = ctx.org.modules[module];
    // Scale mode writes the page as JSON bytes from the record indexes; other stores give records.
    const json = store.windowJson?.(listQuery, offset, limit, fields);
    const generic = json ? undefined : store.window(listQuery, offset, limit);
    const count = json ? json.count : generic!.records.length;
    const more = (json ? json.more : generic!.more) && offset + count < PAGE_TOKEN_LIMIT;
    if (count === 0) {
      // Nothing changed since If-Modified-Since is 304; an empty list is 204 (no body).
      return reply.code(since !== null ? 304 : 204).send();
    }
    const expiry = now + PAGE_TOKEN_TTL_MS;
    const next = more ? encodePageToken({ o: offset + count, q: fingerprint, e: expiry }) : null;
    const prev =
      offset > 0
        ? encodePageToken({ o: Math.max(0, offset - paging.perPage), q: fingerprint, e: expiry })
        : null;
    const info = {
      call: false,
      per_page: paging.perPage,
      next_page_token: next,
      count,
      sort_by: sortBy,
      page: Math.floor(offset / paging.perPage) + 1,
      previous_page_token: prev,
      page_token_expiry: zohoTime(expiry),
      sort_order: order,
      email: false,
      more_records: more,
    };
    if (generic) return { data: generic.records.map((r) => project(r, fields)), info };
    // The bytes Fastify's JSON.stringify of { data, info } would send, without building `data`.
    return reply
      .type('application/json; charset=utf-8')
      .send(jsonBody('{"data":[', json!, `],"info":${JSON.stringify(info)}}`));
  });

  // GET /crm/v8/{module}/search: exactly one of criteria, email, phone, word.
  app.get('/crm/v8/:module/search', async (request, reply) => {
    const begun = begin(request, reply, 'READ');
    if (!begun) return reply;
    const { ctx, module } = begun;
    // Search also needs ZohoSearch.securesearch.READ (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html).
    if (!hasAnyScope(ctx.token.scopes, ['ZohoSearch.securesearch.READ', 'ZohoSearch.securesearch.ALL'])) {
      return sendCrmError(reply, 401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    }
    const q = queryOf(request);
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const given = (['criteria', 'email', 'phone', 'word'] as const).filter(
      (k) => q[k] !== undefined && q[k] !== '',
    );
    if (given.length === 0) {
      return sendCrmError(reply, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'criteria',
      });
    }
    if (given.length > 1) {
      return sendCrmError(
        reply,
        400,
        'INVALID_QUERY',
        'only one of criteria, email, phone and word can be given',
        {
          param_name: given[1],
        },
      );
    }
    const kind = given[0]!;
    const value = q[kind]!;
    let predicate: Predicate;
    if (kind === 'criteria') {
      const parsed = parseCriteria(value);
      if (!parsed.ok) {
        return sendCrmError(reply, 400, 'INVALID_QUERY', 'invalid query formed', { reason: parsed.reason });
      }
      predicate = parsed.predicate;
    } else if (kind === 'email') {
      const e = value.toLowerCase();
      predicate = (r) => typeof r.Email === 'string' && r.Email.toLowerCase() === e;
    } else if (kind === 'phone') {
      predicate = (r) =>
        typeof r.Phone === 'string' && r.Phone.replace(/\D/g, '') === value.replace(/\D/g, '');
    } else {
      if (value.trim().length < 2) {
        return sendCrmError(reply, 400, 'INVALID_QUERY', 'the word must have at least 2 characters', {
          param_name: 'word',
        });
      }
      const w = value.toLowerCase();
      predicate = (r) =>
        Object.entries(r).some(([k, v]) => {
          if (k === 'id' || k.endsWith('_Time')) return false;
          if (typeof v === 'string') return v.toLowerCase().includes(w);
          if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
            return k !== 'Owner' && (v as { name: string }).name.toLowerCase().includes(w);
          }
          return false;
        });
    }
    const fields = q.fields
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    // Search reaches at most 2,000 records in all.
    if (paging.page * paging.perPage > DISCRETE_PAGINATION_LIMIT) {
      return sendCrmError(reply, 400, 'LIMIT_REACHED', 'search results are limited to 2000 records', {
        limit: DISCRETE_PAGINATION_LIMIT,
      });
    }
    const offset = (paging.page - 1) * paging.perPage;
    const matched: CrmRecord[] = [];
    for (const r of ctx.org.modules[module].scan()) {
      if (predicate(r)) matched.push(r);
      if (matched.length > DISCRETE_PAGINATION_LIMIT) break;
    }
    matched.sort((a, b) => compareRecords(a, b, 'id', 'desc'));
    const page = matched.slice(offset, offset + paging.perPage);
    if (page.length === 0) return reply.code(204).send();
    return {
      data: page.map((r) => project(r, fields && fields.length > 0 ? fields : undefined)),
      info: {
        per_page: paging.perPage,
        count: page.length,
        page: paging.page,
        more_records: offset + page.length < Math.min(matched.length, DISCRETE_PAGINATION_LIMIT),
      },
    };
  });

  // GET /crm/v8/{module}/deleted?type=all|recycle|permanent
  app.get('/crm/v8/:module/deleted', async (request, reply) => {
    const begun = begin(request, reply, 'READ');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const q = queryOf(request);
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const since = readIfModifiedSince(request, reply);
    if (since === undefined) return reply;
    const type = q.type ?? 'all';
    if (!['all', 'recycle', 'permanent'].includes(type)) {
      return sendCrmError(reply, 400, 'INVALID_DATA', 'type must be all, recycle or permanent', {
        param_name: 'type',
      });
    }
    const rows = ctx.org.modules[module]
      .deleted()
      .filter(
        (d) => (type === 'all' || d.type === type) && (since === null || timeOf(d.deleted_time) > since),
      )
      .slice()
      .reverse();
    const offset = (paging.page - 1) * paging.perPage;
    const page = rows.slice(offset, offset + paging.perPage);
    if (page.length === 0) return reply.code(since !== null ? 304 : 204).send();
    return {
      data: page,
      info: {
        per_page: paging.perPage,
        count: page.length,
        page: paging.page,
        more_records: offset + page.length < rows.length,
      },
    };
  });

  // GET /crm/v8/{module}/{id}
  app.get('/crm/v8/:module/:id', async (request, reply) => {
    const begun = begin(request, reply, 'READ');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const { id } = request.params as Params;
    const record = ctx.org.modules[module].get(id!);
    if (!record) return reply.code(204).send();
    const q = queryOf(request);
    const fields = q.fields
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    return { data: [project(record, fields && fields.length > 0 ? fields : undefined)] };
  });

  // GET /crm/v8/{module}/{id}/{related_list}: fields mandatory (v5+), page/per_page, If-Modified-Since.
  app.get('/crm/v8/:module/:id/:related', async (request, reply) => {
    const begun = begin(request, reply, 'READ');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const { id, related } = request.params as Params;
    const rel = Object.entries(RELATED[module]).find(
      ([name]) => name.toLowerCase() === related!.toLowerCase(),
    )?.[1];
    if (!rel) {
      return sendCrmError(reply, 400, 'INVALID_DATA', 'the related list name given seems to be invalid', {
        resource_path_index: 3,
      });
    }
    if (!hasAnyScope(ctx.token.scopes, crmModuleScopes(rel.module, 'READ'))) {
      return sendCrmError(reply, 401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    }
    const q = queryOf(request);
    const fields = requireFields(q, reply);
    if (!fields) return reply;
    const paging = readPaging(q, reply);
    if (!paging) return reply;
    const since = readIfModifiedSince(request, reply);
    if (since === undefined) return reply;
    if (!ctx.org.modules[module].get(id!)) {
      return sendCrmError(reply, 400, 'INVALID_DATA', 'the given record id seems to be invalid', {
        resource_path_index: 2,
      });
    }
    const rows = ctx.org.modules[rel.module]
      .related(rel.field, id!)
      .filter((r) => since === null || timeOf(r.Modified_Time) > since)
      .sort((a, b) => compareRecords(a, b, 'id', 'desc'));
    const offset = (paging.page - 1) * paging.perPage;
    const page = rows.slice(offset, offset + paging.perPage);
    if (page.length === 0) return reply.code(since !== null ? 304 : 204).send();
    return {
      data: page.map((r) => project(r, fields)),
      info: {
        per_page: paging.perPage,
        count: page.length,
        page: paging.page,
        more_records: offset + page.length < rows.length,
      },
    };
  });

  /** The `data` array of a write body, or undefined after sending the error. */
  function writeBody(request: FastifyRequest, reply: FastifyReply, ctx: CrmContext, module: ModuleName) {
    if (ctx.org.modules[module].readOnly) {
      sendCrmError(reply, 400, 'NOT_ALLOWED', 'this sandbox runs in scale mode, where records are read-only');
      return undefined;
    }
    const body = request.body as { data?: unknown; duplicate_check_fields?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
      sendCrmError(reply, 400, 'INVALID_DATA', 'the body must be a JSON object with a data array', {
        api_name: 'data',
      });
      return undefined;
    }
    if (body.data.length === 0) {
      sendCrmError(reply, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'data',
      });
      return undefined;
    }
    if (body.data.length > MAX_WRITE_RECORDS) {
      sendCrmError(
        reply,
        400,
        'LIMIT_EXCEEDED',
        `at most ${MAX_WRITE_RECORDS} records can be sent in one call`,
        {
          limit: MAX_WRITE_RECORDS,
        },
      );
      return undefined;
    }
    return { data: body.data as unknown[], duplicateCheck: body.duplicate_check_fields };
  }

  type Outcome =
    | RecordError
    | { code: 'SUCCESS'; details: Record<string, unknown>; message: string; status: 'success' };

  /** 201/200 when every record succeeded, 400 when none did, 207 (Multi-Status) when mixed. */
  function statusFor(outcomes: Outcome[], success: number): number {
    const ok = outcomes.filter((o) => o.status === 'success').length;
    if (ok === outcomes.length) return success;
    return ok === 0 ? 400 : 207;
  }

  // POST /crm/v8/{module}: insert.
  app.post('/crm/v8/:module', async (request, reply) => {
    const begun = begin(request, reply, 'CREATE');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const body = writeBody(request, reply, ctx, module);
    if (!body) return reply;
    const outcomes: Outcome[] = body.data.map((input, i) => {
      const v = validateRecord(ctx.org, module, input, i, false);
      if (!v.ok) return v.error;
      const clash = findUniqueClash(ctx.org, module, v.values, undefined);
      if (clash) return duplicateError(module, i, clash);
      const record = insertRecord(ctx.org, module, v.values, ctx.user, state.clock.now());
      return {
        code: 'SUCCESS',
        details: successDetails(record, ctx.user),
        message: 'record added',
        status: 'success',
      };
    });
    return reply.code(statusFor(outcomes, 201)).send({ data: outcomes });
  });

  function updateOne(
    ctx: CrmContext,
    module: ModuleName,
    input: unknown,
    i: number,
    id: string | undefined,
  ): Outcome {
    const recordId = id ?? (input as { id?: unknown } | null)?.id;
    // A body record without `id` is MANDATORY_NOT_FOUND, an id of no record INVALID_DATA (as Zoho
    // answers them; the latter is also what a record deleted in CRM meanwhile gets).
    if (recordId === undefined || recordId === null) {
      return {
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'id', json_path: `$.data[${i}].id` },
        message: 'required field not found',
        status: 'error',
      };
    }
    const existing = typeof recordId === 'string' ? ctx.org.modules[module].get(recordId) : undefined;
    if (!existing) {
      return {
        code: 'INVALID_DATA',
        details: { api_name: 'id', json_path: `$.data[${i}].id` },
        message: 'the id given seems to be invalid',
        status: 'error',
      };
    }
    const v = validateRecord(ctx.org, module, input, i, true);
    if (!v.ok) return v.error;
    const clash = findUniqueClash(ctx.org, module, v.values, existing.id);
    if (clash) return duplicateError(module, i, clash);
    const record = updateRecord(ctx.org, module, existing, v.values, state.clock.now());
    return {
      code: 'SUCCESS',
      details: successDetails(record, ctx.user),
      message: 'record updated',
      status: 'success',
    };
  }

  // PUT /crm/v8/{module}: update, each entry with its id.
  app.put('/crm/v8/:module', async (request, reply) => {
    const begun = begin(request, reply, 'WRITE');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const body = writeBody(request, reply, ctx, module);
    if (!body) return reply;
    const outcomes = body.data.map((input, i) => updateOne(ctx, module, input, i, undefined));
    return reply.code(statusFor(outcomes, 200)).send({ data: outcomes });
  });

  // PUT /crm/v8/{module}/{id}: update one.
  app.put('/crm/v8/:module/:id', async (request, reply) => {
    const begun = begin(request, reply, 'WRITE');
    if (!begun) return reply;
    const { ctx, module } = begun;
    const body = writeBody(request, reply, ctx, module);
    if (!body) return reply;
    const { id } = request.params as Params;
    const outcomes = body.data.slice(0, 1).map((input, i) => updateOne(ctx, module, input, i, id));
    return reply.code(statusFor(outcomes, 200)).send({ data: outcomes });
  });

  // POST /crm/v8/{module}/upsert: update the record matching duplicate_check_fields, else insert.
  // Elements add action ("insert"|"update") and duplicate_field (Kaizen #56; v8 upsert-records.html).
  app.post('/crm/v8/:module/upsert', async (request, reply) => {
    const begun = begin(request, reply, 'CREATE');
    if (!begun) return reply;
    const { ctx, module } = begun;
    if (!hasAnyScope(ctx.token.scopes, crmModuleScopes(module, 'WRITE'))) {
      return sendCrmError(reply, 401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    }
    const body = writeBody(request, reply, ctx, module);
    if (!body) return reply;
    let checks: string[] = MODULES[module].defaultDuplicateCheck;
    if (body.duplicateCheck !== undefined) {
      const names = MODULES[module].fields.map((f) => f.api_name);
      if (
        !Array.isArray(body.duplicateCheck) ||
        body.duplicateCheck.length === 0 ||
        !body.duplicateCheck.every((x) => typeof x === 'string' && names.includes(x))
      ) {
        return sendCrmError(
          reply,
          400,
          'INVALID_DATA',
          'duplicate_check_fields must name fields of the module',
          {
            api_name: 'duplicate_check_fields',
          },
        );
      }
      checks = body.duplicateCheck as string[];
    }
    const outcomes: (Outcome & { action?: string; duplicate_field?: string | null })[] = body.data.map(
      (input, i) => {
        const v = validateRecord(ctx.org, module, input, i, true);
        if (!v.ok) return v.error;
        let match: { field: string; record: CrmRecord } | undefined;
        for (const field of checks) {
          const want = v.values[field];
          if (want === undefined || want === null) continue;
          for (const r of ctx.org.modules[module].scan()) {
            const have = r[field];
            const same =
              typeof have === 'string' && typeof want === 'string'
                ? have.toLowerCase() === want.toLowerCase()
                : have && typeof have === 'object' && want && typeof want === 'object'
                  ? (have as { id?: string }).id === (want as { id?: string }).id
                  : have === want;
            if (same) {
              match = { field, record: r };
              break;
            }
          }
          if (match) break;
        }
        if (match) {
          const clash = findUniqueClash(ctx.org, module, v.values, match.record.id);
          if (clash) return duplicateError(module, i, clash);
          const record = updateRecord(ctx.org, module, match.record, v.values, state.clock.now());
          return {
            code: 'SUCCESS',
            duplicate_field: match.field,
            action: 'update',
            details: successDetails(record, ctx.user),
            message: 'record updated',
            status: 'success',
          };
        }
        const full = validateRecord(ctx.org, module, input, i, false);
        if (!full.ok) return full.error;
        const clash = findUniqueClash(ctx.org, module, full.values, undefined);
        if (clash) return duplicateError(module, i, clash);
        const record = insertRecord(ctx.org, module, full.values, ctx.user, state.clock.now());
        return {
          code: 'SUCCESS',
          duplicate_field: null,
          action: 'insert',
          details: successDetails(record, ctx.user),
          message: 'record added',
          status: 'success',
        };
      },
    );
    return reply.code(statusFor(outcomes, 200)).send({ data: outcomes });
  });

  // DELETE /crm/v8/{module}?ids=a,b
  app.delete('/crm/v8/:module', async (request, reply) => {
    const begun = begin(request, reply, 'DELETE');
    if (!begun) return reply;
    const { ctx, module } = begun;
    if (ctx.org.modules[module].readOnly) {
      return sendCrmError(
        reply,
        400,
        'NOT_ALLOWED',
        'this sandbox runs in scale mode, where records are read-only',
      );
    }
    const ids = (queryOf(request).ids ?? '').split(',').filter(Boolean);
    if (ids.length === 0) {
      return sendCrmError(reply, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'ids',
      });
    }
    if (ids.length > MAX_WRITE_RECORDS) {
      return sendCrmError(
        reply,
        400,
        'LIMIT_EXCEEDED',
        `at most ${MAX_WRITE_RECORDS} records can be deleted in one call`,
        {
          limit: MAX_WRITE_RECORDS,
        },
      );
    }
    const outcomes: Outcome[] = ids.map((id) => {
      const existing = ctx.org.modules[module].get(id);
      if (!existing) {
        return {
          ...crmErrorBody('INVALID_DATA', 'the related id given seems to be invalid', { id }),
          code: 'INVALID_DATA',
        };
      }
      deleteRecord(ctx.org, module, existing, ctx.user, state.clock.now());
      return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' };
    });
    return reply.code(statusFor(outcomes, 200)).send({ data: outcomes });
  });
};

export default recordsRoutes;
