import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntryContent,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
  type StoredAuditEntry,
  verifyChain,
} from '../../../server/domain/audit-chain.js';

function chain(contents: Array<Omit<AuditEntryContent, 'seq' | 'prev_hash' | 'org_id'>>): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  contents.forEach((c, i) => {
    const content: AuditEntryContent = { ...c, org_id: 'org', seq: i + 1, prev_hash: prev };
    const hash = hashAuditEntry(content);
    out.push({ ...content, hash });
    prev = hash;
  });
  return out;
}

const entryArb = fc.record({
  entity_type: fc.constantFrom('expense' as const, 'report' as const),
  entity_id: fc.stringMatching(/^[0-9]{1,12}$/),
  action: fc.constantFrom('submitted', 'approved', 'updated'),
  actor_id: fc.stringMatching(/^[0-9]{1,12}$/),
  changes: fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.tuple(
      fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    ),
    { maxKeys: 3 },
  ),
  time: fc.constant('2026-11-25T10:00:00.000Z'),
});

describe('audit chain', () => {
  it('canonical JSON sorts keys at every depth and writes undefined as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,null]},"b":1}',
    );
  });

  it('the same entry hashes the same whatever the key order', () => {
    const a = {
      org_id: 'o',
      seq: 1,
      entity_type: 'report',
      entity_id: '1',
      action: 'x',
      actor_id: 'u',
      changes: { s: ['a', 'b'] },
      time: 't',
      prev_hash: GENESIS_HASH,
    } as AuditEntryContent;
    const b = Object.fromEntries(Object.entries(a).reverse()) as unknown as AuditEntryContent;
    expect(hashAuditEntry(a)).toBe(hashAuditEntry(b));
    expect(hashAuditEntry(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an intact chain verifies; the first entry links to 64 zeros', () => {
    const c = chain([
      { entity_type: 'report', entity_id: '1', action: 'submitted', actor_id: 'u', changes: {}, time: 't' },
      {
        entity_type: 'report',
        entity_id: '1',
        action: 'approved',
        actor_id: 'm',
        changes: { status: ['submitted', 'approved'] },
        time: 't',
      },
    ]);
    expect(c[0]!.prev_hash).toBe('0'.repeat(64));
    expect(verifyChain(c)).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it('any edit to any field of any entry is found at that entry', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom('action', 'actor_id', 'entity_id', 'time', 'changes', 'prev_hash', 'hash'),
        (entries, pick, field) => {
          const c = chain(entries);
          const i = pick % c.length;
          const target = c[i]!;
          const tampered: StoredAuditEntry =
            field === 'changes'
              ? { ...target, changes: { ...target.changes, injected: ['x', 'y'] } }
              : { ...target, [field]: `${String(target[field as keyof StoredAuditEntry])}x` };
          const copy = [...c];
          copy[i] = tampered;
          expect(verifyChain(copy)).toEqual({ ok: false, brokenAt: target.seq });
        },
      ),
    );
  });

  it('a removed entry breaks the chain where the gap is', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 2, maxLength: 8 }), fc.nat(), (entries, pick) => {
        const c = chain(entries);
        const i = pick % c.length;
        const result = verifyChain(c.filter((_, j) => j !== i));
        if (i === c.length - 1)
          expect(result).toEqual({ ok: true }); // truncation of the tail
        else expect(result).toEqual({ ok: false, brokenAt: i + 1 });
      }),
    );
  });
});
