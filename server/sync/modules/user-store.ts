/**
 * Local writes for synced users (CRM users and People employees): managers found on a later page
 * are carried in the checkpoint and set when the job finalises; managers become approvers, but a
 * role an admin set by hand (admin, or any role of a user not created by a sync) is never changed.
 * A manager the source stops naming is cleared (clearManagers); the former manager keeps their role.
 *
 * Each user's link keeps a hash of the Reporting_To its source last sent (noteReportingTo), so a sync
 * can tell an emptied Reporting_To (the manager is cleared) from one the source never had (a manager
 * set in DealSpend is kept). A link written before that hash was kept says nothing either way, so an
 * empty Reporting_To on it clears nothing: after an upgrade, a manager set by hand survives.
 */
import { hashValue } from '../../domain/sync-conflicts.js';
import type { Db } from '../links.js';

export interface PendingManager {
  userId: string;
  managerExternalId: string | null;
  managerEmail: string | null;
}

/** What a page of source records says about managers: the ones to set, and the users who lost theirs. */
export interface ManagerChanges {
  pending: PendingManager[];
  cleared: string[];
}

export function noManagerChanges(): ManagerChanges {
  return { pending: [], cleared: [] };
}

const NO_REPORTING_TO = hashValue(null);

/** The hash of the Reporting_To the link's source last sent; undefined when the link has no record of it. */
function reportingToHash(fieldHashes: string): string | undefined {
  try {
    return (JSON.parse(fieldHashes) as Record<string, string | undefined>).Reporting_To;
  } catch {
    return undefined;
  }
}

/**
 * Notes the Reporting_To a source record sends for a user: a manager to set, or, when it is empty
 * while the user's link says the source named someone last time, a manager to clear. A link without
 * a record of what was sent (new, or written before this was recorded) counts as unknown: an empty
 * Reporting_To then clears nothing, since the manager may have been set by hand for someone the
 * source never gave one. Returns the field hashes to keep on the link, which record what was sent.
 */
export function noteReportingTo(
  changes: ManagerChanges,
  link: { field_hashes: string } | undefined,
  manager: PendingManager,
): Record<string, string> {
  const reportingTo = manager.managerExternalId || manager.managerEmail || null;
  if (reportingTo) changes.pending.push(manager);
  else {
    const lastSent = link ? reportingToHash(link.field_hashes) : undefined;
    if (lastSent !== undefined && lastSent !== NO_REPORTING_TO) changes.cleared.push(manager.userId);
  }
  return { Reporting_To: hashValue(reportingTo) };
}

/** Clears the managers noted as gone, then sets the named ones. Returns the managers still to resolve. */
export async function applyManagerChanges(
  db: Db,
  orgId: string,
  system: 'crm' | 'people',
  changes: ManagerChanges,
  now: string,
): Promise<PendingManager[]> {
  await clearManagers(db, orgId, changes.cleared, now);
  return applyManagers(db, orgId, system, changes.pending, now);
}

export async function applyManagers(
  db: Db,
  orgId: string,
  system: 'crm' | 'people',
  pending: readonly PendingManager[],
  now: string,
): Promise<PendingManager[]> {
  const unresolved: PendingManager[] = [];
  if (pending.length === 0) return unresolved;
  const extIds = pending.map((p) => p.managerExternalId).filter((x): x is string => !!x);
  const emails = pending.map((p) => p.managerEmail).filter((x): x is string => !!x);
  const byExt = new Map<string, string>();
  for (let i = 0; i < extIds.length; i += 500) {
    const rows = await db
      .selectFrom('sync_links')
      .select(['external_id', 'local_id'])
      .where('org_id', '=', orgId)
      .where('system', '=', system)
      .where('module', '=', system === 'crm' ? 'users' : 'employees')
      .where('external_id', 'in', extIds.slice(i, i + 500))
      .execute();
    for (const r of rows) byExt.set(r.external_id, r.local_id);
  }
  const byEmail = new Map<string, string>();
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['user_id', 'email'])
      .where('org_id', '=', orgId)
      .where('email', 'in', emails.slice(i, i + 500))
      .execute();
    for (const r of rows) byEmail.set(r.email.toLowerCase(), r.user_id);
  }
  const managers = new Set<string>();
  for (const p of pending) {
    const managerId =
      (p.managerExternalId ? byExt.get(p.managerExternalId) : undefined) ??
      (p.managerEmail ? byEmail.get(p.managerEmail) : undefined);
    if (!managerId) {
      unresolved.push(p);
      continue;
    }
    if (managerId === p.userId) continue;
    managers.add(managerId);
    await db
      .updateTable('users')
      .set({ manager_id: managerId, last_modified_time: now })
      .where('org_id', '=', orgId)
      .where('user_id', '=', p.userId)
      .where((eb) => eb.or([eb('manager_id', 'is', null), eb('manager_id', '!=', managerId)]))
      .execute();
  }
  if (managers.size > 0) {
    await db
      .updateTable('users')
      .set({ user_role: 'approver', last_modified_time: now })
      .where('org_id', '=', orgId)
      .where('user_id', 'in', [...managers])
      .where('user_role', '=', 'submitter')
      .where((eb) => eb.or([eb('is_from_crm', '=', 1), eb('is_from_zoho_people', '=', 1)]))
      .execute();
  }
  return unresolved;
}

/** Users whose source no longer names a manager: they have none (a report then needs a chosen approver). */
export async function clearManagers(
  db: Db,
  orgId: string,
  userIds: readonly string[],
  now: string,
): Promise<void> {
  for (let i = 0; i < userIds.length; i += 500) {
    await db
      .updateTable('users')
      .set({ manager_id: null, last_modified_time: now })
      .where('org_id', '=', orgId)
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .where('manager_id', 'is not', null)
      .execute();
  }
}
