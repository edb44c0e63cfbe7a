/**
 * Optimistic concurrency for updates: the client sends the `last_modified_time` it loaded, in the
 * body or in an If-Match header. The service updates only when the row still has that time; a miss
 * means someone else changed it first (409 STALE_UPDATE, nothing changed).
 */
import type { FastifyRequest } from 'fastify';
import { appError } from '../errors.js';
import { DATE_TIME_HINT, isIsoUtcTime } from './validation.js';

/**
 * The version the client expects: body `last_modified_time` wins over If-Match; undefined = none sent.
 * The body's value is already checked by its schema; an If-Match that is read and is not a time is
 * 400 INVALID_HEADER, never compared (it would only ever look stale).
 */
export function expectedVersion(request: FastifyRequest, bodyValue: string | undefined): string | undefined {
  if (bodyValue !== undefined) return bodyValue;
  const header = request.headers['if-match'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === '' || raw === '*') return undefined;
  // ETags are quoted ("…") and may carry a weak prefix (W/"…").
  const version = raw.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!isIsoUtcTime(version)) {
    throw appError('INVALID_HEADER', `If-Match must be the last_modified_time you read: ${DATE_TIME_HINT}`);
  }
  return version;
}

/** Throws STALE_UPDATE when the client expected another version than the stored one. */
export function assertFresh(expected: string | undefined, stored: string): void {
  if (expected !== undefined && expected !== stored) throw appError('STALE_UPDATE');
}

/**
 * The new last_modified_time: now, but always later than the previous one, so two updates within
 * the same millisecond still get distinct versions.
 */
export function nextModifiedTime(now: Date, previous: string): string {
  const prev = Date.parse(previous);
  const t = Number.isNaN(prev) || now.getTime() > prev ? now.getTime() : prev + 1;
  return new Date(t).toISOString();
}
