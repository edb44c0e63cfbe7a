/**
 * Writes scale-mode records straight to UTF-8 JSON bytes. A module describes each field's value as
 * parts (constant JSON text, a zero-padded number, one of a few constant texts, a Zoho time), each
 * number an affine map of the record index; a field list compiles once into a function that
 * writes a record from its index alone.
 *
 * Why: JSON.stringify of 200 generated record objects was most of a page's cost, and a page
 * built from strings with `+` is a rope of thousands of pieces that Buffer.byteLength and the
 * socket write must flatten. Here a page is written once, byte by byte, into one buffer.
 */
import { zohoTime } from '../data/seed.js';

/**
 * A number worked out from the record index i: floor(i / div), then modulo `mod` (0: none), then
 * times `mul` plus `add`. Every generated value is one of these, so the compiled writer needs no
 * calls back into module code.
 */
export interface IndexMap {
  div: number;
  mod: number;
  mul: number;
  add: number;
}

export const indexMap = ({ div = 1, mod = 0, mul = 1, add = 0 }: Partial<IndexMap> = {}): IndexMap => ({
  div,
  mod,
  mul,
  add,
});

/** One piece of a field's JSON value. Texts must already be valid JSON fragments. */
export type JsonPart =
  | { kind: 'text'; text: string }
  /** A non-negative integer in decimal, zero-padded to at least `width` digits. */
  | { kind: 'digits'; of: IndexMap; width: number }
  /** One of several constant JSON texts, chosen by the mapped index. */
  | { kind: 'pick'; of: IndexMap; texts: readonly string[] }
  /** The Zoho date-time ("2026-11-01T08:59:59+00:00") or date ("2026-11-01") of an instant (ms), unquoted. */
  | { kind: 'time'; of: IndexMap; dateOnly: boolean };

export const text = (t: string): JsonPart => ({ kind: 'text', text: t });
export const digits = (of: IndexMap, width = 1): JsonPart => ({ kind: 'digits', of, width });
export const pick = (of: IndexMap, texts: readonly string[]): JsonPart => ({ kind: 'pick', of, texts });
export const time = (of: IndexMap, dateOnly = false): JsonPart => ({ kind: 'time', of, dateOnly });

/**
 * Writes one record (by index) at `at` and returns the end; `view` is a DataView over `into`'s
 * bytes (see viewOf), for four-byte stores.
 */
export type RecordWriter = ((into: Buffer, view: DataView, at: number, i: number) => number) & {
  /** The most bytes one record can take. */
  maxBytes: number;
  /** Whether every byte written is ASCII (then latin1 decoding equals UTF-8's). */
  ascii: boolean;
};

/** The DataView a RecordWriter takes for `into`. */
export function viewOf(into: Buffer): DataView {
  return new DataView(into.buffer, into.byteOffset, into.byteLength);
}

/** Digits of the largest safe integer; the bound for a `digits` part. */
const MAX_DIGITS = 16;
/** Texts up to this long are written as unrolled stores (four bytes at a time); longer ones with one copy. */
const UNROLL_MAX = 64;

/**
 * Compiles `{"id":…,"<field>":…}` for the given id parts and (field name, value parts) pairs, in
 * order, into a writer of records 0 to `records` - 1. Adjacent texts merge, so a record is a
 * handful of stores and digit writes.
 *
 * The writer is generated code (as fast-json-stringify does), so that each part is its own
 * straight-line, inlinable code instead of a step of an interpreter, which cost five times more.
 * The generated source holds only numbers checked here; every text reaches it as a buffer argument.
 */
export function compileRecordWriter(
  records: number,
  idParts: JsonPart[],
  fields: [string, JsonPart[]][],
): RecordWriter {
  const parts: JsonPart[] = [text('{"id":'), ...idParts];
  for (const [name, value] of fields) parts.push(text(`,${JSON.stringify(name)}:`), ...value);
  parts.push(text('}'));
  const merged: JsonPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') merged[merged.length - 1] = text(last.text + p.text);
    else merged.push(p);
  }

  const buffers: Buffer[] = [];
  const choices: Buffer[][] = [];
  const lines: string[] = [];
  /** Time parts already written in this record, by date-only flag and value source. */
  const times = new Map<string, number>();
  let maxBytes = 0;
  let ascii = true;
  for (const p of merged) {
    if (p.kind === 'text') {
      const b = Buffer.from(p.text);
      maxBytes += b.length;
      ascii &&= isAscii(b);
      if (b.length <= UNROLL_MAX) {
        lines.push(`${unrolledStores(b)} p += ${b.length};`);
      } else {
        lines.push(`into.set(B[${buffers.length}], p); p += ${b.length};`);
        buffers.push(b);
      }
      continue;
    }
    const value = valueSource(p.of);
    if (p.kind !== 'time' && (p.of.mul < 0 || p.of.add < 0))
      throw new Error('index maps here must not go below 0');
    if (p.kind === 'pick') {
      if (maxValue(p.of, records) >= p.texts.length)
        throw new Error('a pick index map must stay within its texts');
      const texts = p.texts.map((t) => Buffer.from(t));
      maxBytes += Math.max(...texts.map((b) => b.length));
      ascii &&= texts.every(isAscii);
      lines.push(`p = copy(into, p, C[${choices.length}][${value}]);`);
      choices.push(texts);
    } else if (p.kind === 'digits') {
      if (!Number.isInteger(p.width) || p.width < 1 || p.width > MAX_DIGITS) {
        throw new Error(`bad digits width ${p.width}`);
      }
      maxBytes += MAX_DIGITS;
      const max = maxValue(p.of, records);
      lines.push(
        max < 10 ** p.width && max < 2 ** 31
          ? fixedDigitsSource(value, p.width)
          : `p = writeDigits(into, p, ${value}, ${p.width});`,
      );
    } else {
      // Years past 9999 only lengthen the date; 40 bytes is ample.
      maxBytes += 40;
      const key = `${p.dateOnly}:${value}`;
      const previous = times.get(key);
      if (previous !== undefined) {
        // Created_Time and Modified_Time are often the same instant: copy the bytes written before.
        lines.push(`for (let k = t${previous}; k < e${previous}; k++) into[p++] = into[k];`);
      } else {
        times.set(key, times.size);
        const fn = p.dateOnly ? 'writeDate' : 'writeTime';
        lines.push(
          `const t${times.size - 1} = p; p = ${fn}(into, p, ${value}); const e${times.size - 1} = p;`,
        );
      }
    }
  }
  const clock = createTimeWriter();
  const make = new Function(
    'B',
    'C',
    'D',
    'copy',
    'writeDigits',
    'writeTime',
    'writeDate',
    `return function writeRecord(into, view, p, i) {\n${lines.join('\n')}\nreturn p;\n};`,
  ) as (...args: unknown[]) => (into: Buffer, view: DataView, at: number, i: number) => number;
  const write = make(buffers, choices, PAIRS, copy, writeDigits, clock.writeTime, clock.writeDate);
  return Object.assign(write, { maxBytes, ascii });
}

/** Source for an IndexMap's value of `i` (an int32 index); only checked numbers go in. */
function valueSource(m: IndexMap): string {
  for (const n of [m.div, m.mod, m.mul, m.add]) {
    if (!Number.isSafeInteger(n)) throw new Error(`index maps take whole numbers, not ${n}`);
  }
  if (m.div < 1 || m.mod < 0)
    throw new Error('index maps divide by 1 or more and take a modulo of 0 or more');
  // i, div and mod are int32, so `/ … | 0` and `%` stay in integer arithmetic.
  let n = m.div === 1 ? 'i' : `((i / ${m.div}) | 0)`;
  if (m.mod !== 0) n = `(${n} % ${m.mod})`;
  if (m.mul !== 1) n = `${n} * ${m.mul}`;
  return m.add === 0 ? n : `(${n} + ${m.add})`;
}

/** The largest value an IndexMap (with mul ≥ 0) takes over indexes 0 to records - 1. */
function maxValue(m: IndexMap, records: number): number {
  let n = Math.floor(Math.max(0, records - 1) / m.div);
  if (m.mod !== 0) n = Math.min(n, m.mod - 1);
  return m.mul >= 0 ? n * m.mul + m.add : Number.POSITIVE_INFINITY;
}

/** Source writing exactly `width` digits of `value`, known to be below 10^width and 2^31. */
function fixedDigitsSource(value: string, width: number): string {
  const out = [`{ let w = ${value};`];
  let k = width;
  for (; k >= 2; k -= 2) {
    out.push(
      `{ const q = (w / 100) | 0; const r = (w - q * 100) * 2; into[p + ${k - 1}] = D[r + 1]; into[p + ${k - 2}] = D[r]; w = q; }`,
    );
  }
  if (k === 1) out.push('into[p] = 48 + w;');
  out.push(`p += ${width}; }`);
  return out.join(' ');
}

/** Source storing `b` at p: four bytes at a time (little-endian words), then the rest. */
function unrolledStores(b: Buffer): string {
  const out: string[] = [];
  let k = 0;
  for (; k + 4 <= b.length; k += 4) out.push(`view.setUint32(p + ${k}, ${b.readUInt32LE(k)}, true);`);
  for (; k < b.length; k++) out.push(`into[p + ${k}] = ${b[k]};`);
  return out.join(' ');
}

function isAscii(b: Buffer): boolean {
  return b.every((byte) => byte < 0x80);
}

function copy(into: Buffer, at: number, from: Buffer): number {
  const n = from.length;
  // Short pieces copy faster in a loop than through TypedArray#set's call.
  if (n < 32) for (let k = 0; k < n; k++) into[at + k] = from[k]!;
  else into.set(from, at);
  return at + n;
}

/** "00" to "99" as ASCII, two bytes each, so digits are written two at a time. */
const PAIRS = Buffer.from(Array.from({ length: 100 }, (_, k) => `${k}`.padStart(2, '0')).join(''), 'latin1');
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

function writeDigits(into: Buffer, at: number, value: number, width: number): number {
  let n = width;
  while (n < MAX_DIGITS && value >= POW10[n]!) n++;
  let k = at + n;
  let v = value;
  // Float division above int32; whole-number division below it.
  while (v >= 2 ** 31) {
    const q = Math.floor(v / 100);
    const r = (v - q * 100) * 2;
    into[--k] = PAIRS[r + 1]!;
    into[--k] = PAIRS[r]!;
    v = q;
  }
  let w = v | 0;
  while (k - at >= 2) {
    const q = (w / 100) | 0;
    const r = (w - q * 100) * 2;
    into[--k] = PAIRS[r + 1]!;
    into[--k] = PAIRS[r]!;
    w = q;
  }
  if (k > at) into[--k] = 48 + w;
  return at + n;
}

function writePair(into: Buffer, at: number, value: number): void {
  into[at] = PAIRS[value * 2]!;
  into[at + 1] = PAIRS[value * 2 + 1]!;
}

/**
 * Writes zohoTime(ms), or its date, byte by byte. A page's records fall on one or two days, so the
 * date's bytes are kept for the last day seen and only the time of day is worked out each time.
 */
function createTimeWriter() {
  let day = Number.NaN;
  let date = Buffer.alloc(0);
  const writeDate = (into: Buffer, at: number, ms: number): number => {
    const d = Math.floor(ms / 86_400_000);
    if (d !== day) {
      day = d;
      date = Buffer.from(zohoTime(d * 86_400_000).slice(0, -15));
    }
    return copy(into, at, date);
  };
  const writeTime = (into: Buffer, at: number, ms: number): number => {
    const p = writeDate(into, at, ms);
    const secs = (Math.floor(ms / 1000) - day * 86_400) | 0;
    const minutes = (secs / 60) | 0;
    into[p] = 84; // T
    writePair(into, p + 1, (minutes / 60) | 0);
    into[p + 3] = 58; // :
    writePair(into, p + 4, minutes % 60);
    into[p + 6] = 58;
    writePair(into, p + 7, secs % 60);
    into[p + 9] = 43; // +00:00
    into[p + 10] = 48;
    into[p + 11] = 48;
    into[p + 12] = 58;
    into[p + 13] = 48;
    into[p + 14] = 48;
    return p + 15;
  };
  return { writeDate, writeTime };
}
