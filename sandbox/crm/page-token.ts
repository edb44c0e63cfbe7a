/**
 * page_token: Zoho's cursor for reading past the first 2,000 records. It is user-specific and
 * expires after about a day (`info.page_token_expiry`; Kaizen #60). Ours is an opaque base64url
 * JSON of the position and the query it belongs to, so a token used with another module, org,
 * user or sort is refused.
 */
export interface PageTokenBody {
  /** Offset of the next record. */
  o: number;
  /** Query fingerprint: module, sort, order, cvid, If-Modified-Since, org, user. */
  q: string;
  /** Expiry (ms, sandbox clock). */
  e: number;
}

export const PAGE_TOKEN_TTL_MS = 24 * 3_600_000;

export function encodePageToken(body: PageTokenBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodePageToken(token: string): PageTokenBody | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageTokenBody>;
    if (typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0) return undefined;
    if (typeof v.q !== 'string' || typeof v.e !== 'number') return undefined;
    return { o: v.o, q: v.q, e: v.e };
  } catch {
    return undefined;
  }
}
