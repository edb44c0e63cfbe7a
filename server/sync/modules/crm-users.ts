/**
 * Sync CRM Users: every CRM user becomes a DealSpend user (matched by email when one exists);
 * active ones while the plan's seats last (org setting seat_count), the rest inactive. CRM users
 * who are disabled or deleted in CRM are inactive here. Reporting_To sets each user's manager, and
 * emptying it in CRM clears that manager (a manager set in DealSpend for a user CRM never gave one
 * is kept).
 */
import type { CrmUser } from '../../../sandbox/data/seed-types.js';
import { allocateSeats, normalizeTime } from '../../domain/sync-mapping.js';
import { readOrgSettings } from '../../modules/organizations/service.js';
import { type LinkWrite, loadLinks, writeLinks } from '../links.js';
import type { Checkpoint, ModuleHandler, StepEnv } from '../step-env.js';
import {
  applyManagerChanges,
  applyManagers,
  noManagerChanges,
  noteReportingTo,
  type PendingManager,
} from './user-store.js';

export const crmUsersHandler: ModuleHandler = async (env, cp) => {
  if (cp.phase === 'pull') return pull(env, cp);
  if (cp.phase === 'finalize') {
    const pending = (cp.extra?.pending as PendingManager[] | undefined) ?? [];
    return env.commit({ ...cp, phase: 'done', extra: {} }, async (trx) => {
      await applyManagers(trx, env.org.org_id, 'crm', pending, env.now().toISOString());
    });
  }
  return env.commit({ ...cp, phase: 'done' }, async () => {});
};

async function pull(env: StepEnv, cp: Checkpoint): Promise<void> {
  const page = await env.crm().usersPage(cp.cursor?.page ?? 1);
  const next: Checkpoint = page.next ? { ...cp, cursor: page.next } : { ...cp, phase: 'finalize' };
  await env.commit(next, async (trx, out) => {
    const pending = await importCrmUsers(env, trx, page.records, out.counts, () => undefined);
    next.extra = { pending: [...((cp.extra?.pending as PendingManager[] | undefined) ?? []), ...pending] };
  });
}

/**
 * Creates or updates DealSpend users for CRM users (also used by the manual import, with roles).
 * Returns the managers still to resolve.
 */
export async function importCrmUsers(
  env: Pick<StepEnv, 'org' | 'now' | 'newId'>,
  trx: Parameters<typeof loadLinks>[0],
  users: readonly CrmUser[],
  counts: { fetched: number; created: number; updated: number; skipped: number },
  roleFor: (u: CrmUser) => 'submitter' | 'approver' | 'admin' | undefined,
): Promise<PendingManager[]> {
  const orgId = env.org.org_id;
  const now = env.now().toISOString();
  counts.fetched += users.length;
  const links = await loadLinks(
    trx,
    orgId,
    'crm',
    'users',
    users.map((u) => u.id),
  );
  const emails = users.map((u) => u.email.toLowerCase());
  const existing = emails.length
    ? await trx
        .selectFrom('users')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('email', 'in', emails)
        .execute()
    : [];
  const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u]));
  const byId = new Map(existing.map((u) => [u.user_id, u]));
  const linkedIds = [...links.values()].map((l) => l.local_id).filter((id) => !byId.has(id));
  if (linkedIds.length) {
    const more = await trx
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', 'in', linkedIds)
      .execute();
    for (const u of more) byId.set(u.user_id, u);
  }
  const locals = users.map((u) => {
    const link = links.get(u.id);
    return (link ? byId.get(link.local_id) : undefined) ?? byEmail.get(u.email.toLowerCase());
  });
  const seats = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const active = allocateSeats(
    users.map((u, i) => ({
      activeInSource: u.status === 'active',
      alreadyActive: locals[i]?.status === 'active',
    })),
    Number(seats.n),
    readOrgSettings(env.org).seat_count,
  );
  const writes: LinkWrite[] = [];
  const managers = noManagerChanges();
  for (const [i, u] of users.entries()) {
    const local = locals[i];
    const status = active[i] ? 'active' : 'inactive';
    const name = u.full_name || `${u.first_name} ${u.last_name}`.trim() || u.email;
    let userId: string;
    if (local) {
      userId = local.user_id;
      const role = roleFor(u);
      const changed =
        local.name !== name || local.status !== status || (role !== undefined && role !== local.user_role);
      // The signed-in admin is never deactivated by a sync.
      const keepActive = local.user_role === 'admin' && local.status === 'active';
      if (changed) {
        await trx
          .updateTable('users')
          .set({
            name,
            status: keepActive ? 'active' : status,
            ...(role && local.user_role !== 'admin' ? { user_role: role } : {}),
            zuid: local.zuid ?? u.zuid,
            last_modified_time: now,
          })
          .where('user_id', '=', local.user_id)
          .execute();
        counts.updated++;
      } else counts.skipped++;
    } else {
      userId = env.newId();
      await trx
        .insertInto('users')
        .values({
          user_id: userId,
          org_id: orgId,
          zuid: u.zuid || null,
          email: u.email.toLowerCase(),
          name,
          user_role: roleFor(u) ?? 'submitter',
          status,
          manager_id: null,
          department_id: null,
          employee_number: null,
          is_from_crm: 1,
          is_from_zoho_people: 0,
          created_time: now,
          last_modified_time: now,
        })
        .execute();
      counts.created++;
    }
    writes.push({
      external_id: u.id,
      local_id: userId,
      external_modified_time: normalizeTime(u.Modified_Time),
      local_modified_time: now,
      field_hashes: noteReportingTo(managers, links.get(u.id), {
        userId,
        managerExternalId: u.Reporting_To?.id || null,
        managerEmail: null,
      }),
    });
  }
  await writeLinks(trx, orgId, 'crm', 'users', writes);
  return applyManagerChanges(trx, orgId, 'crm', managers, now);
}
