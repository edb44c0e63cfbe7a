/**
 * Shared parsing of list parameters (`fields`, `page`, `per_page`, `If-Modified-Since`) with
 * Zoho's error answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CrmRecord } from '../data/seed-types.js';
import { sendCrmError } from './crm-error.js';

/** Most fields a list call may ask for (Zoho: 50). */
const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;

export type Query = Record<string, string | undefined>;

/** The query string as single strings: a repeated parameter counts once (its first value). */
export function queryOf(request: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

/** `fields` (mandatory on list calls since v3): the API names, or undefined after sending the error. */
export function requireFields(q: Query, reply: FastifyReply): string[] | undefined {
  const raw = q.fields?.trim();
  if (!raw) {
    sendCrmError(reply, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
      param_name: 'fields',
    });
    return undefined;
  }
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length > MAX_FIELDS) {
    sendCrmError(reply, 400, 'LIMIT_EXCEEDED', `at most ${MAX_FIELDS} fields can be requested`, {
      param_name: 'fields',
      limit: MAX_FIELDS,
    });
    return undefined;
  }
  return fields;
}

function positiveInt(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

export function readPaging(q: Query, reply: FastifyReply): { page: number; perPage: number } | undefined {
  const perPage = positiveInt(q.per_page, MAX_PER_PAGE);
  if (perPage === undefined || perPage > MAX_PER_PAGE) {
    sendCrmError(reply, 400, 'INVALID_DATA', `per_page must be a whole number from 1 to ${MAX_PER_PAGE}`, {
      param_name: 'per_page',
    });
    return undefined;
  }
  const page = positiveInt(q.page, 1);
  if (page === undefined) {
    sendCrmError(reply, 400, 'INVALID_DATA', 'page must be a whole number from 1', { param_name: 'page' });
    return undefined;
  }
  return { page, perPage };
}

/** If-Modified-Since as ms; null when absent; undefined after sending the error. */
export function readIfModifiedSince(request: FastifyRequest, reply: FastifyReply): number | null | undefined {
  const raw = request.headers['if-modified-since'];
  if (raw === undefined || raw === '') return null;
  const t = Date.parse(String(raw));
  if (Number.isNaN(t)) {
    sendCrmError(
      reply,
      400,
      'INVALID_DATA',
      'If-Modified-Since must be a date-time such as 2026-07-25T15:26:49+05:30',
      {
        header_name: 'If-Modified-Since',
      },
    );
    return undefined;
  }
  return t;
}

/** Keeps `id` and the asked fields (Zoho returns only what `fields` names, plus id). */
export function project(record: CrmRecord, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return record;
  const out: Record<string, unknown> = { id: record.id };
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f === 'id') continue;
    const v = record[f];
    out[f] = v === undefined ? null : v;
  }
  return out;
}
