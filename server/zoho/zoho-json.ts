/**
 * Decoding Zoho's JSON answers. Text in Zoho CRM and Zoho People may hold NUL characters (U+0000:
 * pasted from elsewhere, or written by another integration), which PostgreSQL's text columns
 * refuse: one such record would fail the whole page it arrives in, on every run. Every answer of
 * the CRM and People APIs is decoded here, so NUL is taken out of every string (keys included)
 * before any module maps a record to DealSpend rows, whatever the module.
 */

/**
 * The value of a Zoho JSON answer, without NUL in any of its strings. JSON can carry NUL only
 * escaped (`\u0000`), so an answer without that escape is returned as parsed, at no extra cost.
 * @example parseZohoJson('{"Account_Name":"Acme\\u0000 Ltd"}') // { Account_Name: 'Acme Ltd' }
 */
export function parseZohoJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes('\\u0000') ? withoutNul(value) : value;
}

/** `value` with NUL removed from every string in it (a copy where anything changed). */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays a key, as JSON.parse keeps it.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}
