/**
 * Typed client for the Zoho CRM REST API v8 (the calls the sync needs, in Zoho's wire shapes).
 *
 * Paging: `page` works up to 2,000 records (10 pages of 200); past that Zoho requires the
 * `page_token` from `info.next_page_token`. `listPage` takes and returns a cursor holding either,
 * so a checkpoint can store it and a resumed run continues where it stopped.
 * Multi-org users: every request carries `X-CRM-ORG: <org id>` once an organisation is chosen.
 */
import type { CrmRecord, CrmUser } from '../../sandbox/data/seed-types.js';
import type { ZohoHttp } from './zoho-http.js';

export const CRM_PER_PAGE = 200;
/** Past this many records `page` stops working and `page_token` takes over. */
export const CRM_PAGE_LIMIT_RECORDS = 2000;
/** A listing ends after this many records even with page_token; later records need a new window. */
export const CRM_LISTING_LIMIT_RECORDS = 100_000;

export type CrmModule = 'Accounts' | 'Contacts' | 'Deals';

export interface CrmCursor {
  page: number;
  pageToken?: string | undefined;
}

export interface CrmPage<T> {
  records: T[];
  /** The cursor of the next page, or undefined when this was the last. */
  next: CrmCursor | undefined;
}

export interface CrmOrg {
  id: string;
  zgid?: string;
  company_name: string;
  iso_code?: string;
  currency?: string;
  primary_email?: string;
  [k: string]: unknown;
}

export interface CrmCustomView {
  id: string;
  name: string;
  display_value: string;
  system_defined?: boolean;
  default?: boolean;
}

export interface CrmField {
  api_name: string;
  display_label: string;
  data_type: string;
  custom_field?: boolean;
  read_only?: boolean;
  pick_list_values?: Array<{ actual_value: string; display_value: string; forecast_type?: string }>;
}

export interface CrmDeletedRecord {
  id: string;
  deleted_time?: string;
  type?: string;
}

/** One record's answer to a write (insert, update, upsert): in the order the records were sent. */
export interface CrmUpsertResult {
  status: 'success' | 'error';
  code: string;
  message: string;
  action?: 'insert' | 'update';
  details?: { id?: string; Modified_Time?: string; [k: string]: unknown };
}

interface Info {
  more_records?: boolean;
  next_page_token?: string | null;
  page?: number;
}

export interface CrmClient {
  listPage(
    module: CrmModule,
    cursor: CrmCursor,
    opts: { fields: string[]; modifiedSince?: string | undefined; cvid?: string | undefined },
  ): Promise<CrmPage<CrmRecord>>;
  deletedPage(module: CrmModule, page: number, modifiedSince?: string): Promise<CrmPage<CrmDeletedRecord>>;
  usersPage(page: number, type?: string): Promise<CrmPage<CrmUser>>;
  getRecord(module: CrmModule, id: string, fields: string[]): Promise<CrmRecord | undefined>;
  related(module: CrmModule, id: string, relatedList: string, fields: string[]): Promise<CrmRecord[]>;
  search(
    module: CrmModule,
    query: { criteria?: string; word?: string },
    fields: string[],
  ): Promise<CrmRecord[]>;
  org(): Promise<CrmOrg | undefined>;
  customViews(module: CrmModule): Promise<CrmCustomView[]>;
  fields(module: CrmModule): Promise<CrmField[]>;
  /** POST /{module}/upsert: a record matching a duplicate-check field is updated, the others inserted. */
  upsert(
    module: CrmModule,
    records: Record<string, unknown>[],
    duplicateCheckFields: string[],
  ): Promise<CrmUpsertResult[]>;
  /**
   * PUT /{module}: updates the records named by their `id` (only the fields sent change). Upsert
   * cannot do this: it finds records by duplicate-check fields only, so a renamed account would
   * become a new record (v8 updateRecords / upsertRecords, zoho/crm-oas record.json).
   */
  update(
    module: CrmModule,
    records: Array<Record<string, unknown> & { id: string }>,
  ): Promise<CrmUpsertResult[]>;
}

function nextCursor(cursor: CrmCursor, info: Info | undefined, count: number): CrmCursor | undefined {
  if (!info?.more_records || count === 0) return undefined;
  const nextPage = cursor.page + 1;
  // page_token is required past 2,000 records; once one is in use it is used to the end.
  if (info.next_page_token && (cursor.pageToken || nextPage * CRM_PER_PAGE > CRM_PAGE_LIMIT_RECORDS)) {
    return { page: nextPage, pageToken: info.next_page_token };
  }
  return { page: nextPage };
}

export function createCrmClient(http: ZohoHttp, apiUrl: string): CrmClient {
  const base = `${apiUrl}/crm/v8`;
  const get = (
    path: string,
    params: Record<string, string | undefined>,
    headers?: Record<string, string>,
  ) => {
    const u = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return http.request('GET', u.toString(), headers ? { headers } : {});
  };
  return {
    async listPage(module, cursor, opts) {
      const { body } = await get(
        `/${module}`,
        {
          fields: opts.fields.join(','),
          per_page: String(CRM_PER_PAGE),
          ...(cursor.pageToken ? { page_token: cursor.pageToken } : { page: String(cursor.page) }),
          // Oldest change first, so a listing cut at 100,000 records continues from the last time seen.
          ...(opts.cvid ? { cvid: opts.cvid } : { sort_by: 'Modified_Time', sort_order: 'asc' }),
        },
        opts.modifiedSince ? { 'If-Modified-Since': opts.modifiedSince } : undefined,
      );
      const b = body as { data?: CrmRecord[]; info?: Info } | null;
      const records = b?.data ?? [];
      return { records, next: nextCursor(cursor, b?.info, records.length) };
    },
    async deletedPage(module, page, modifiedSince) {
      const { body } = await get(
        `/${module}/deleted`,
        { type: 'all', page: String(page), per_page: String(CRM_PER_PAGE) },
        modifiedSince ? { 'If-Modified-Since': modifiedSince } : undefined,
      );
      const b = body as { data?: CrmDeletedRecord[]; info?: Info } | null;
      const records = b?.data ?? [];
      return { records, next: b?.info?.more_records && records.length > 0 ? { page: page + 1 } : undefined };
    },
    async usersPage(page, type = 'AllUsers') {
      const { body } = await get('/users', { type, page: String(page), per_page: String(CRM_PER_PAGE) });
      const b = body as { users?: CrmUser[]; info?: Info } | null;
      const records = b?.users ?? [];
      return { records, next: b?.info?.more_records && records.length > 0 ? { page: page + 1 } : undefined };
    },
    async getRecord(module, id, fields) {
      const { body } = await get(`/${module}/${encodeURIComponent(id)}`, { fields: fields.join(',') });
      return (body as { data?: CrmRecord[] } | null)?.data?.[0];
    },
    async related(module, id, relatedList, fields) {
      const out: CrmRecord[] = [];
      for (let page = 1; page <= 50; page++) {
        const { body } = await get(`/${module}/${encodeURIComponent(id)}/${relatedList}`, {
          fields: fields.join(','),
          page: String(page),
          per_page: String(CRM_PER_PAGE),
        });
        const b = body as { data?: CrmRecord[]; info?: Info } | null;
        out.push(...(b?.data ?? []));
        if (!b?.info?.more_records) break;
      }
      return out;
    },
    async search(module, query, fields) {
      const { body } = await get(`/${module}/search`, {
        ...(query.criteria ? { criteria: query.criteria } : {}),
        ...(query.word ? { word: query.word } : {}),
        fields: fields.join(','),
        per_page: '50',
      });
      return (body as { data?: CrmRecord[] } | null)?.data ?? [];
    },
    async org() {
      const { body } = await get('/org', {});
      return (body as { org?: CrmOrg[] } | null)?.org?.[0];
    },
    async customViews(module) {
      const { body } = await get('/settings/custom_views', { module });
      return (body as { custom_views?: CrmCustomView[] } | null)?.custom_views ?? [];
    },
    async fields(module) {
      const { body } = await get('/settings/fields', { module });
      return (body as { fields?: CrmField[] } | null)?.fields ?? [];
    },
    upsert(module, records, duplicateCheckFields) {
      return write('POST', `${base}/${module}/upsert`, records, {
        duplicate_check_fields: duplicateCheckFields,
      });
    },
    update(module, records) {
      return write('PUT', `${base}/${module}`, records, {});
    },
  };

  /** A write answered per record, 100 records a call (Zoho's limit), without triggering CRM automations. */
  async function write(
    method: 'POST' | 'PUT',
    url: string,
    records: Record<string, unknown>[],
    extra: Record<string, unknown>,
  ): Promise<CrmUpsertResult[]> {
    const out: CrmUpsertResult[] = [];
    for (let i = 0; i < records.length; i += 100) {
      const { body } = await http.request(method, url, {
        body: { data: records.slice(i, i + 100), ...extra, trigger: [] },
        perRecord: true,
      });
      out.push(...((body as { data?: CrmUpsertResult[] } | null)?.data ?? []));
    }
    return out;
  }
}

/** Escapes a value for a CRM search criteria: `(`, `)` and `,` take a backslash. */
export function escapeCriteriaValue(value: string): string {
  return value.replace(/([(),\\])/g, '\\$1');
}
