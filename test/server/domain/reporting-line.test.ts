import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkManager,
  type DirectoryEntry,
  keepsActiveAdmin,
} from '../../../server/domain/reporting-line.js';

/** Follows manager links from `start`; true if it ever returns to a user already visited. */
function hasLoop(directory: DirectoryEntry[], start: string): boolean {
  const managerOf = new Map(directory.map((u) => [u.user_id, u.manager_id]));
  const seen = new Set<string>();
  let cursor: string | null | undefined = start;
  while (cursor != null) {
    if (seen.has(cursor)) return true;
    seen.add(cursor);
    cursor = managerOf.get(cursor);
  }
  return false;
}

/** A loop-free directory: each user's manager (if any) comes earlier in the list. */
const forestArb = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc
      .array(fc.option(fc.nat(), { nil: null }), { minLength: n, maxLength: n })
      .map((picks): DirectoryEntry[] =>
        picks.map((p, i) => ({ user_id: `u${i}`, manager_id: p === null || i === 0 ? null : `u${p % i}` })),
      ),
  );

describe('checkManager', () => {
  const line: DirectoryEntry[] = [
    { user_id: 'ceo', manager_id: null },
    { user_id: 'vp', manager_id: 'ceo' },
    { user_id: 'rep', manager_id: 'vp' },
  ];

  it('accepts a manager above the user in the line', () => {
    expect(checkManager(line, 'rep', 'ceo')).toEqual({ ok: true });
  });

  it('refuses a manager who reports (directly or not) to the user', () => {
    expect(checkManager(line, 'ceo', 'rep')).toEqual({ ok: false, reason: 'CYCLE' });
    expect(checkManager(line, 'vp', 'rep')).toEqual({ ok: false, reason: 'CYCLE' });
  });

  it('refuses the user as their own manager, and a manager outside the directory', () => {
    expect(checkManager(line, 'vp', 'vp')).toEqual({ ok: false, reason: 'SELF' });
    expect(checkManager(line, 'vp', 'stranger')).toEqual({ ok: false, reason: 'UNKNOWN_MANAGER' });
  });

  it('always accepts clearing the manager', () => {
    expect(checkManager(line, 'rep', null)).toEqual({ ok: true });
  });

  it('property: an accepted manager never creates a loop in a loop-free directory', () => {
    fc.assert(
      fc.property(forestArb, fc.nat(), fc.nat(), (dir, a, b) => {
        const user = dir[a % dir.length]!.user_id;
        const manager = dir[b % dir.length]!.user_id;
        const verdict = checkManager(dir, user, manager);
        const after = dir.map((u) => (u.user_id === user ? { ...u, manager_id: manager } : u));
        expect(verdict.ok).toBe(!hasLoop(after, user));
      }),
    );
  });

  it('property: the check ends even when the stored data already loops', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), (n) => {
        const ring = Array.from({ length: n }, (_, i) => ({
          user_id: `r${i}`,
          manager_id: `r${(i + 1) % n}`,
        }));
        const dir = [...ring, { user_id: 'new', manager_id: null }];
        expect(checkManager(dir, 'new', 'r0')).toEqual({ ok: true });
      }),
    );
  });
});

describe('keepsActiveAdmin', () => {
  const roleArb = fc.constantFrom('submitter' as const, 'approver' as const, 'admin' as const);
  const statusArb = fc.constantFrom('active' as const, 'inactive' as const);

  it('refuses demoting or deactivating the only active admin', () => {
    const dir = [
      { user_id: 'a', user_role: 'admin' as const, status: 'active' as const },
      { user_id: 'b', user_role: 'admin' as const, status: 'inactive' as const },
    ];
    expect(keepsActiveAdmin(dir, 'a', { user_role: 'approver', status: 'active' })).toBe(false);
    expect(keepsActiveAdmin(dir, 'a', { user_role: 'admin', status: 'inactive' })).toBe(false);
    expect(keepsActiveAdmin(dir, 'b', { user_role: 'submitter', status: 'inactive' })).toBe(true);
  });

  it('property: the answer is exactly "some active admin remains after the change"', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ user_role: roleArb, status: statusArb }), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        roleArb,
        statusArb,
        (rows, pick, role, status) => {
          const dir = rows.map((r, i) => ({ ...r, user_id: `u${i}` }));
          const target = dir[pick % dir.length]!.user_id;
          const after = dir.map((u) => (u.user_id === target ? { ...u, user_role: role, status } : u));
          const expected = after.some((u) => u.user_role === 'admin' && u.status === 'active');
          expect(keepsActiveAdmin(dir, target, { user_role: role, status })).toBe(expected);
        },
      ),
    );
  });
});
