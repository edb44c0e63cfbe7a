/**
 * Typed client for the Zoho People API: forms/{form}/getRecords (employees, departments) and the
 * time tracker's clients and projects.
 *
 * - getRecords pages with a 1-based `sIndex` and `limit` ≤ 200 and has no "more" flag: a page shorter
 *   than the limit is the last. `modifiedtime` (epoch ms) limits it to records changed since then.
 * - Results are grouped by record id (`{"<id>": [record]}`); the id is re-read from the key because
 *   `Zoho_ID` arrives as an unquoted 18-digit number that a JS number cannot hold.
 * - "No records" comes back as status 1 with error 7024 in some versions: treated as empty.
 */
import type { PeopleClient, PeopleProject } from '../../sandbox/data/seed-types.js';
import { ZohoApiError } from './zoho-error.js';
import type { ZohoHttp } from './zoho-http.js';

export const PEOPLE_PAGE = 200;

export type PeopleRecord = Record<string, unknown> & { Zoho_ID: string };

export interface PeoplePage<T> {
  records: T[];
  /** sIndex of the next page, or undefined at the end. */
  next: number | undefined;
}

export interface PeopleApi {
  formRecords(
    form: 'employee' | 'department',
    sIndex: number,
    modifiedSince?: number,
  ): Promise<PeoplePage<PeopleRecord>>;
  clients(sIndex: number): Promise<PeoplePage<PeopleClient>>;
  projects(sIndex: number): Promise<PeoplePage<PeopleProject>>;
}

interface PeopleEnvelope {
  response?: {
    status?: number;
    result?: unknown;
    errors?: Array<{ code?: number; message?: string }> | { code?: number; message?: string };
    message?: string;
    isNextAvailable?: boolean;
  };
}

const NO_RECORDS = new Set([7024, 7201]);

function unwrap(body: unknown): { result: unknown[]; isNext: boolean } {
  const r = (body as PeopleEnvelope | null)?.response;
  if (!r) return { result: [], isNext: false };
  if (r.status !== undefined && r.status !== 0) {
    const errs = Array.isArray(r.errors) ? r.errors : r.errors ? [r.errors] : [];
    const code = errs[0]?.code;
    if (code !== undefined && NO_RECORDS.has(code)) return { result: [], isNext: false };
    throw new ZohoApiError(200, String(code ?? 'PEOPLE_ERROR'), errs[0]?.message ?? r.message ?? 'error');
  }
  return { result: Array.isArray(r.result) ? r.result : [], isNext: r.isNextAvailable === true };
}

export function createPeopleClient(http: ZohoHttp, apiUrl: string): PeopleApi {
  const base = `${apiUrl}/people/api`;
  const get = (path: string, params: Record<string, string>) => {
    const u = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return http.request('GET', u.toString());
  };
  return {
    async formRecords(form, sIndex, modifiedSince) {
      const { body } = await get(`/forms/${form}/getRecords`, {
        sIndex: String(sIndex),
        limit: String(PEOPLE_PAGE),
        ...(modifiedSince !== undefined ? { modifiedtime: String(modifiedSince) } : {}),
      });
      const { result } = unwrap(body);
      const records: PeopleRecord[] = [];
      for (const group of result as Array<Record<string, Array<Record<string, unknown>>>>) {
        for (const [id, rows] of Object.entries(group)) {
          const row = rows?.[0];
          if (row) records.push({ ...row, Zoho_ID: id });
        }
      }
      return { records, next: result.length < PEOPLE_PAGE ? undefined : sIndex + PEOPLE_PAGE };
    },
    async clients(sIndex) {
      const { body } = await get('/timetracker/getclients', {
        sIndex: String(sIndex),
        limit: String(PEOPLE_PAGE),
      });
      const { result, isNext } = unwrap(body);
      return { records: result as PeopleClient[], next: isNext ? sIndex + PEOPLE_PAGE : undefined };
    },
    async projects(sIndex) {
      const { body } = await get('/timetracker/getprojects', {
        assignedTo: 'all',
        projectStatus: 'all',
        sIndex: String(sIndex),
        limit: String(PEOPLE_PAGE),
      });
      const { result, isNext } = unwrap(body);
      return { records: result as PeopleProject[], next: isNext ? sIndex + PEOPLE_PAGE : undefined };
    },
  };
}
