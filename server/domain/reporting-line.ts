/**
 * Reporting lines: who may be a user's manager, and who must stay an admin.
 *
 * A reporting line is the chain user → manager → manager's manager → …. Reports are routed up that
 * chain, so it must end (no loops) and stay inside one organisation. The directory is passed in as
 * plain rows, so the rules can be checked without a database.
 */

export interface DirectoryEntry {
  user_id: string;
  manager_id: string | null;
}

export type ManagerCheck = { ok: true } | { ok: false; reason: 'SELF' | 'UNKNOWN_MANAGER' | 'CYCLE' };

/**
 * May `managerId` become the manager of `userId`? (null always may: it clears the manager.)
 * `directory` is every user of the organisation (the user itself may be absent when it is new).
 * @example checkManager([{user_id:'a',manager_id:null},{user_id:'b',manager_id:'a'}], 'a', 'b')
 *   // { ok: false, reason: 'CYCLE' }: b already reports to a
 */
export function checkManager(
  directory: readonly DirectoryEntry[],
  userId: string,
  managerId: string | null,
): ManagerCheck {
  if (managerId === null) return { ok: true };
  if (managerId === userId) return { ok: false, reason: 'SELF' };
  const managerOf = new Map(directory.map((u) => [u.user_id, u.manager_id]));
  if (!managerOf.has(managerId)) return { ok: false, reason: 'UNKNOWN_MANAGER' };
  // Walk up from the new manager; meeting the user means the user would manage itself.
  // `seen` also stops on loops already in the data, so the walk always ends.
  const seen = new Set<string>();
  let cursor: string | null | undefined = managerId;
  while (cursor != null && !seen.has(cursor)) {
    if (cursor === userId) return { ok: false, reason: 'CYCLE' };
    seen.add(cursor);
    cursor = managerOf.get(cursor);
  }
  return { ok: true };
}

export interface AdminEntry {
  user_id: string;
  user_role: 'submitter' | 'approver' | 'admin';
  status: 'active' | 'inactive';
}

/**
 * Does the organisation still have an active admin after `userId` takes the given role and status?
 * Used to refuse deactivating or demoting the last active admin.
 */
export function keepsActiveAdmin(
  directory: readonly AdminEntry[],
  userId: string,
  next: Pick<AdminEntry, 'user_role' | 'status'>,
): boolean {
  return directory.some((u) => {
    const after = u.user_id === userId ? next : u;
    return after.user_role === 'admin' && after.status === 'active';
  });
}
