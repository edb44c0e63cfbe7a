/**
 * Zoho CRM search criteria: `((Last_Name:starts_with:Sm)and(Email:equals:a@b.com))`, with `\(`,
 * `\)` and `\,` escaping inside values, at most 10 conditions
 * (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html; Kaizen #82).
 * parseCriteria returns a predicate over records, or the reason it cannot.
 */
import type { CrmRecord } from '../data/seed-types.js';

export type Predicate = (record: CrmRecord) => boolean;
export type CriteriaResult =
  | { ok: true; predicate: Predicate; conditions: number }
  | { ok: false; reason: string };

const OPERATORS = new Set([
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'not_in',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
  'between',
]);
const MAX_CONDITIONS = 10;

class CriteriaError extends Error {}

/** A record's value for `Field` or `Lookup.sub` (e.g. Account_Name.id, Owner.id). */
function fieldValue(record: CrmRecord, path: string): unknown {
  const [head, sub] = path.split('.', 2) as [string, string | undefined];
  const v = record[head];
  if (sub === undefined) return v;
  return v && typeof v === 'object' ? (v as Record<string, unknown>)[sub] : undefined;
}

function splitValues(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      cur += raw[++i];
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

function asComparable(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return typeof o.name === 'string' ? o.name.toLowerCase() : null;
  }
  return String(v).toLowerCase();
}

function compare(actual: unknown, expected: string): number | null {
  const a = asComparable(actual);
  if (a === null) return null;
  if (typeof a === 'number') {
    const n = Number(expected);
    return Number.isNaN(n) ? null : a - n;
  }
  // Dates and datetimes compare as instants when both sides parse.
  if (/^\d{4}-\d{2}-\d{2}/.test(a) && /^\d{4}-\d{2}-\d{2}/.test(expected)) {
    const ta = Date.parse(a.toUpperCase());
    const te = Date.parse(expected.toUpperCase());
    if (!Number.isNaN(ta) && !Number.isNaN(te)) return ta - te;
  }
  const e = expected.toLowerCase();
  return a < e ? -1 : a > e ? 1 : 0;
}

function matchesEquals(actual: unknown, expected: string): boolean {
  if (actual && typeof actual === 'object') {
    const o = actual as Record<string, unknown>;
    return String(o.id) === expected || String(o.name ?? '').toLowerCase() === expected.toLowerCase();
  }
  if (actual === null || actual === undefined) return expected === '' || expected.toLowerCase() === 'null';
  return compare(actual, expected) === 0;
}

function condition(text: string): Predicate {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new CriteriaError(`"${text}" is not field:operator:value`);
  const field = text.slice(0, first).trim();
  const op = text
    .slice(first + 1, second)
    .trim()
    .toLowerCase();
  const raw = text.slice(second + 1);
  if (!/^[A-Za-z0-9_$]+(\.[A-Za-z0-9_]+)?$/.test(field)) throw new CriteriaError(`invalid field "${field}"`);
  if (!OPERATORS.has(op)) throw new CriteriaError(`unsupported operator "${op}"`);
  const value = unescapeValue(raw);
  switch (op) {
    case 'equals':
      return (r) => matchesEquals(fieldValue(r, field), value);
    case 'not_equal':
      return (r) => !matchesEquals(fieldValue(r, field), value);
    case 'starts_with':
      return (r) => {
        const a = asComparable(fieldValue(r, field));
        return typeof a === 'string' && a.startsWith(value.toLowerCase());
      };
    case 'in':
    case 'not_in': {
      const values = splitValues(raw);
      const hit = (r: CrmRecord) => values.some((v) => matchesEquals(fieldValue(r, field), v));
      return op === 'in' ? hit : (r) => !hit(r);
    }
    case 'between': {
      const [lo, hi] = splitValues(raw);
      if (lo === undefined || hi === undefined) throw new CriteriaError('between needs two values');
      return (r) => {
        const a = compare(fieldValue(r, field), lo);
        const b = compare(fieldValue(r, field), hi);
        return a !== null && b !== null && a >= 0 && b <= 0;
      };
    }
    default: {
      return (r) => {
        const c = compare(fieldValue(r, field), value);
        if (c === null) return false;
        if (op === 'greater_than') return c > 0;
        if (op === 'greater_equal') return c >= 0;
        if (op === 'less_than') return c < 0;
        return c <= 0;
      };
    }
  }
}

export function parseCriteria(input: string): CriteriaResult {
  let pos = 0;
  let count = 0;
  const s = input.trim();

  function group(): Predicate {
    if (s[pos] !== '(') throw new CriteriaError(`expected "(" at ${pos}`);
    pos++;
    let result: Predicate;
    if (s[pos] === '(') {
      result = expr();
    } else {
      let text = '';
      while (pos < s.length && s[pos] !== ')') {
        if (s[pos] === '\\' && pos + 1 < s.length) {
          text += s[pos]! + s[pos + 1]!;
          pos += 2;
        } else text += s[pos++];
      }
      count++;
      result = condition(text);
    }
    if (s[pos] !== ')') throw new CriteriaError(`expected ")" at ${pos}`);
    pos++;
    return result;
  }

  function expr(): Predicate {
    let left = group();
    for (;;) {
      const rest = s.slice(pos).toLowerCase();
      if (rest.startsWith('and')) {
        pos += 3;
        const l = left;
        const r = group();
        left = (rec) => l(rec) && r(rec);
      } else if (rest.startsWith('or')) {
        pos += 2;
        const l = left;
        const r = group();
        left = (rec) => l(rec) || r(rec);
      } else return left;
    }
  }

  try {
    if (!s) throw new CriteriaError('criteria is empty');
    let predicate: Predicate;
    if (s.startsWith('(')) predicate = expr();
    else {
      count = 1;
      predicate = condition(s);
    }
    if (pos !== 0 && pos !== s.length) throw new CriteriaError(`unexpected text at ${pos}`);
    if (count > MAX_CONDITIONS)
      return { ok: false, reason: `at most ${MAX_CONDITIONS} conditions are allowed` };
    return { ok: true, predicate, conditions: count };
  } catch (e) {
    if (e instanceof CriteriaError) return { ok: false, reason: e.message };
    throw e;
  }
}
