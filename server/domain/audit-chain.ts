/**
 * The audit log is a hash chain per organisation: entry n carries the hash of entry n−1
 * (`prev_hash`, 64 zeros for the first), and its own `hash` is SHA-256 over a canonical JSON of
 * every field including `prev_hash`. Changing, removing or re-ordering any stored entry breaks
 * the chain from that entry on, which `verifyChain` reports.
 *
 * Canonical JSON: object keys sorted, no whitespace, `undefined` written as null, so the same
 * entry always hashes the same on every database and Node version.
 */
import { createHash } from 'node:crypto';

/** prev_hash of the first entry of an organisation. */
export const GENESIS_HASH = '0'.repeat(64);

/** old → new per field, e.g. `{ status: ['submitted', 'approved'] }`. */
export type AuditChanges = Record<string, [unknown, unknown]>;

/** An entry as stored, minus its own hash. */
export interface AuditEntryContent {
  org_id: string;
  seq: number;
  entity_type: 'expense' | 'report';
  entity_id: string;
  action: string;
  actor_id: string;
  changes: AuditChanges;
  time: string;
  prev_hash: string;
}

/** JSON with sorted keys and no whitespace; `undefined` becomes null, non-finite numbers throw. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
}

/** SHA-256 (hex) of the canonical JSON of an entry, prev_hash included. */
export function hashAuditEntry(entry: AuditEntryContent): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export interface StoredAuditEntry extends AuditEntryContent {
  hash: string;
}

export type ChainCheck = { ok: true } | { ok: false; brokenAt: number };

/**
 * Checks an organisation's entries (in any order): sequence numbers must run 1, 2, 3 … without a
 * gap, each prev_hash must equal the hash before it, and each hash must match its content.
 * `brokenAt` is the first sequence number where one of these fails.
 */
export function verifyChain(entries: readonly StoredAuditEntry[]): ChainCheck {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev = GENESIS_HASH;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as StoredAuditEntry;
    const expectedSeq = i + 1;
    if (e.seq !== expectedSeq) return { ok: false, brokenAt: Math.min(e.seq, expectedSeq) };
    const { hash, ...content } = e;
    if (e.prev_hash !== prev || hashAuditEntry(content) !== hash) return { ok: false, brokenAt: e.seq };
    prev = hash;
  }
  return { ok: true };
}
