/**
 * Zoho People → DealSpend: departments, employees (users), time-tracker clients (customers) and
 * projects. Employees with someone reporting to them become approvers, the others submitters;
 * Reporting_To sets each user's manager (the default approver), and emptying it in People clears
 * that manager. Active employees take the plan's free seats; the rest arrive inactive. Clients that
 * carry the name of an existing business customer are linked to it rather than duplicated.
 *
 * Daily runs take what changed since the previous run (`modifiedtime` for forms; the time tracker
 * has no such filter, so clients and projects are read in full and filtered by modifiedTime).
 */
import type { PeopleClient, PeopleProject } from '../../../sandbox/data/seed-types.js';
import { customerNameKey } from '../../domain/sync-duplicates.js';
import { allocateSeats, mapPeopleEmployee, normalizeTime } from '../../domain/sync-mapping.js';
import { readOrgSettings } from '../../modules/organizations/service.js';
import { readPeopleSettings } from '../integration-settings.js';
import { type LinkWrite, loadLinks, localIds, writeLinks } from '../links.js';
import { type Checkpoint, laterOf, type ModuleHandler, type StepEnv } from '../step-env.js';
import { nameMatches } from './customer-store.js';
import {
  applyManagerChanges,
  applyManagers,
  noManagerChanges,
  noteReportingTo,
  type PendingManager,
} from './user-store.js';

function sinceMs(cp: Checkpoint): number | undefined {
  return cp.since ? Date.parse(cp.since) : undefined;
}

const finishOrNext = (
  cp: Checkpoint,
  next: number | undefined,
  maxSeen: string | null,
  endPhase: Checkpoint['phase'],
): Checkpoint => (next ? { ...cp, sIndex: next, maxSeen } : { ...cp, phase: endPhase, maxSeen });

export const departmentsHandler: ModuleHandler = async (env, cp) => {
  if (cp.phase !== 'pull') return env.commit({ ...cp, phase: 'done' }, async () => {});
  const page = await env.people().formRecords('department', cp.sIndex ?? 1, sinceMs(cp));
  let maxSeen = cp.maxSeen;
  for (const r of page.records) maxSeen = laterOf(maxSeen, normalizeTime(r.ModifiedTime));
  await env.commit(finishOrNext(cp, page.next, maxSeen, 'done'), async (trx, out) => {
    const orgId = env.org.org_id;
    const now = env.now().toISOString();
    out.counts.fetched += page.records.length;
    const links = await loadLinks(
      trx,
      orgId,
      'people',
      'departments',
      page.records.map((r) => r.Zoho_ID),
    );
    const heads = await localIds(
      trx,
      orgId,
      'people',
      'employees',
      page.records.map((r) => String(r['Department_Lead.ID'] ?? '') || null),
    );
    const writes: LinkWrite[] = [];
    for (const r of page.records) {
      const name = String(r.Department ?? '').trim();
      if (!name) {
        out.fail(r.Zoho_ID, 'The department has no name.');
        continue;
      }
      const head = heads.get(String(r['Department_Lead.ID'] ?? '')) ?? null;
      const link = links.get(r.Zoho_ID);
      let id = link?.local_id;
      if (id) {
        const res = await trx
          .updateTable('departments')
          .set({ department_name: name, head_user_id: head, last_modified_time: now })
          .where('org_id', '=', orgId)
          .where('department_id', '=', id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) id = undefined;
        else out.counts.updated++;
      }
      if (!id) {
        const same = await trx
          .selectFrom('departments')
          .select('department_id')
          .where('org_id', '=', orgId)
          .where('department_name', '=', name)
          .executeTakeFirst();
        id = same?.department_id ?? env.newId();
        if (same) out.counts.updated++;
        else {
          await trx
            .insertInto('departments')
            .values({
              department_id: id,
              org_id: orgId,
              department_name: name,
              head_user_id: head,
              created_time: now,
              last_modified_time: now,
            })
            .execute();
          out.counts.created++;
        }
      }
      writes.push({
        external_id: r.Zoho_ID,
        local_id: id,
        external_modified_time: normalizeTime(r.ModifiedTime),
        local_modified_time: now,
        field_hashes: {},
      });
    }
    await writeLinks(trx, orgId, 'people', 'departments', writes);
  });
};

export const employeesHandler: ModuleHandler = async (env, cp) => {
  if (cp.phase === 'finalize') {
    const pending = (cp.extra?.pending as PendingManager[] | undefined) ?? [];
    return env.commit({ ...cp, phase: 'done', extra: {} }, async (trx) => {
      await applyManagers(trx, env.org.org_id, 'people', pending, env.now().toISOString());
    });
  }
  if (cp.phase !== 'pull') return env.commit({ ...cp, phase: 'done' }, async () => {});
  const settings = readPeopleSettings(env.integration.settings);
  const page = await env.people().formRecords('employee', cp.sIndex ?? 1, sinceMs(cp));
  let maxSeen = cp.maxSeen;
  for (const r of page.records) maxSeen = laterOf(maxSeen, normalizeTime(r.ModifiedTime));
  const next = finishOrNext(cp, page.next, maxSeen, 'finalize');
  await env.commit(next, async (trx, out) => {
    const orgId = env.org.org_id;
    const now = env.now().toISOString();
    out.counts.fetched += page.records.length;
    const mapped = page.records.map((r) => ({ r, m: mapPeopleEmployee(r, settings.users.field_map) }));
    const links = await loadLinks(
      trx,
      orgId,
      'people',
      'employees',
      page.records.map((r) => r.Zoho_ID),
    );
    const departments = await localIds(
      trx,
      orgId,
      'people',
      'departments',
      mapped.map(({ m }) => (m.ok ? m.departmentExternalId : null)),
    );
    const emails = mapped.flatMap(({ m }) => (m.ok ? [m.email] : []));
    const existing = emails.length
      ? await trx
          .selectFrom('users')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('email', 'in', emails)
          .execute()
      : [];
    const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u]));
    const linked = [...links.values()].map((l) => l.local_id);
    const byId = new Map(
      (linked.length
        ? await trx
            .selectFrom('users')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('user_id', 'in', linked)
            .execute()
        : []
      ).map((u) => [u.user_id, u]),
    );
    const locals = mapped.map(({ r, m }) => {
      const link = links.get(r.Zoho_ID);
      return (link ? byId.get(link.local_id) : undefined) ?? (m.ok ? byEmail.get(m.email) : undefined);
    });
    // As with CRM users, active employees take the plan's free seats; the rest arrive inactive.
    const seatsInUse = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const seated = allocateSeats(
      mapped.map(({ m }, i) => ({
        activeInSource: m.ok && m.active,
        alreadyActive: locals[i]?.status === 'active',
      })),
      Number(seatsInUse.n),
      readOrgSettings(env.org).seat_count,
    );
    const writes: LinkWrite[] = [];
    const managers = noManagerChanges();
    for (const [i, { r, m }] of mapped.entries()) {
      if (!m.ok) {
        out.fail(r.Zoho_ID, 'The employee has no email address.');
        continue;
      }
      const link = links.get(r.Zoho_ID);
      const local = locals[i];
      const departmentId = m.departmentExternalId ? (departments.get(m.departmentExternalId) ?? null) : null;
      const status = seated[i] ? 'active' : 'inactive';
      let userId: string;
      if (local) {
        userId = local.user_id;
        const keepActive = local.user_role === 'admin' && local.status === 'active';
        await trx
          .updateTable('users')
          .set({
            name: m.name,
            employee_number: m.employeeNumber,
            department_id: departmentId ?? local.department_id,
            status: keepActive ? 'active' : status,
            last_modified_time: now,
          })
          .where('user_id', '=', local.user_id)
          .execute();
        out.counts.updated++;
      } else {
        userId = env.newId();
        await trx
          .insertInto('users')
          .values({
            user_id: userId,
            org_id: orgId,
            zuid: null,
            email: m.email,
            name: m.name,
            user_role: 'submitter',
            status,
            manager_id: null,
            department_id: departmentId,
            employee_number: m.employeeNumber,
            is_from_crm: 0,
            is_from_zoho_people: 1,
            created_time: now,
            last_modified_time: now,
          })
          .execute();
        out.counts.created++;
      }
      writes.push({
        external_id: r.Zoho_ID,
        local_id: userId,
        external_modified_time: normalizeTime(r.ModifiedTime),
        local_modified_time: now,
        field_hashes: noteReportingTo(managers, link, {
          userId,
          managerExternalId: m.managerExternalId,
          managerEmail: m.managerEmail,
        }),
      });
    }
    await writeLinks(trx, orgId, 'people', 'employees', writes);
    const unresolved = await applyManagerChanges(trx, orgId, 'people', managers, now);
    next.extra = { pending: [...((cp.extra?.pending as PendingManager[] | undefined) ?? []), ...unresolved] };
  });
};

/**
 * Time-tracker clients and projects are paged the same way: records newer than the last run are
 * applied, older ones counted as skipped, and the newest modified time seen becomes the next marker.
 */
function timeTrackerHandler<T extends { modifiedTime: unknown }>(
  fetchPage: (env: StepEnv, sIndex: number) => Promise<{ records: T[]; next: number | undefined }>,
  apply: (
    env: StepEnv,
    trx: Parameters<typeof loadLinks>[0],
    records: readonly T[],
    counts: { created: number; updated: number },
    fail: (id: string, reason: string) => void,
  ) => Promise<void>,
): ModuleHandler {
  return async (env, cp) => {
    if (cp.phase !== 'pull') return env.commit({ ...cp, phase: 'done' }, async () => {});
    const page = await fetchPage(env, cp.sIndex ?? 0);
    const since = cp.since;
    const fresh = page.records.filter((r) => !since || (normalizeTime(r.modifiedTime) ?? '') > since);
    let maxSeen = cp.maxSeen;
    for (const r of page.records) maxSeen = laterOf(maxSeen, normalizeTime(r.modifiedTime));
    await env.commit(finishOrNext(cp, page.next, maxSeen, 'done'), async (trx, out) => {
      out.counts.fetched += page.records.length;
      out.counts.skipped += page.records.length - fresh.length;
      await apply(env, trx, fresh, out.counts, out.fail);
    });
  };
}

export const clientsHandler: ModuleHandler = timeTrackerHandler(
  (env, sIndex) => env.people().clients(sIndex),
  applyClients,
);

async function applyClients(
  env: StepEnv,
  trx: Parameters<typeof loadLinks>[0],
  clients: readonly PeopleClient[],
  counts: { created: number; updated: number },
  fail: (id: string, reason: string) => void,
): Promise<void> {
  const orgId = env.org.org_id;
  const now = env.now().toISOString();
  const links = await loadLinks(
    trx,
    orgId,
    'people',
    'clients',
    clients.map((c) => c.clientId),
  );
  const writes: LinkWrite[] = [];
  for (const c of clients) {
    const name = String(c.clientName ?? '').trim();
    if (!name) {
      fail(c.clientId, 'The client has no name.');
      continue;
    }
    let id = links.get(c.clientId)?.local_id;
    if (id) {
      const res = await trx
        .updateTable('contacts')
        .set({
          contact_name: name,
          name_key: customerNameKey(name),
          company_name: name,
          email: c.emailId || null,
          status: 'active',
          last_modified_time: now,
        })
        .where('org_id', '=', orgId)
        .where('contact_id', '=', id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) id = undefined;
      else counts.updated++;
    }
    if (!id) {
      const same = await trx
        .selectFrom('contacts')
        .select('contact_id')
        .where('org_id', '=', orgId)
        .where(nameMatches([name]))
        .where('customer_sub_type', '=', 'business')
        .orderBy('contact_id')
        .executeTakeFirst();
      if (same) {
        id = same.contact_id;
        counts.updated++;
      } else {
        id = env.newId();
        await trx
          .insertInto('contacts')
          .values({
            contact_id: id,
            org_id: orgId,
            contact_name: name,
            name_key: customerNameKey(name),
            customer_sub_type: 'business',
            first_name: null,
            last_name: null,
            email: c.emailId || null,
            phone: null,
            company_name: name,
            account_id: null,
            status: 'active',
            custom_fields: '{}',
            created_time: now,
            last_modified_time: now,
          })
          .execute();
        counts.created++;
      }
    }
    writes.push({
      external_id: c.clientId,
      local_id: id,
      external_modified_time: normalizeTime(c.modifiedTime),
      local_modified_time: now,
      field_hashes: {},
    });
  }
  await writeLinks(trx, orgId, 'people', 'clients', writes);
}

export const projectsHandler: ModuleHandler = timeTrackerHandler(
  (env, sIndex) => env.people().projects(sIndex),
  applyProjects,
);

async function applyProjects(
  env: StepEnv,
  trx: Parameters<typeof loadLinks>[0],
  projects: readonly PeopleProject[],
  counts: { created: number; updated: number },
  fail: (id: string, reason: string) => void,
): Promise<void> {
  const orgId = env.org.org_id;
  const now = env.now().toISOString();
  const links = await loadLinks(
    trx,
    orgId,
    'people',
    'projects',
    projects.map((p) => p.projectId),
  );
  const customers = await localIds(
    trx,
    orgId,
    'people',
    'clients',
    projects.map((p) => p.clientId || null),
  );
  const writes: LinkWrite[] = [];
  for (const p of projects) {
    const name = String(p.projectName ?? '').trim();
    if (!name) {
      fail(p.projectId, 'The project has no name.');
      continue;
    }
    const row = {
      project_name: name,
      customer_id: p.clientId ? (customers.get(p.clientId) ?? null) : null,
      status: p.projectStatus === 'Completed' ? ('inactive' as const) : ('active' as const),
    };
    let id = links.get(p.projectId)?.local_id;
    if (id) {
      const res = await trx
        .updateTable('projects')
        .set({ ...row, last_modified_time: now })
        .where('org_id', '=', orgId)
        .where('project_id', '=', id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) id = undefined;
      else counts.updated++;
    }
    if (!id) {
      id = env.newId();
      await trx
        .insertInto('projects')
        .values({
          project_id: id,
          org_id: orgId,
          ...row,
          description: '',
          created_time: now,
          last_modified_time: now,
        })
        .execute();
      counts.created++;
    }
    writes.push({
      external_id: p.projectId,
      local_id: id,
      external_modified_time: normalizeTime(p.modifiedTime),
      local_modified_time: now,
      field_hashes: {},
    });
  }
  await writeLinks(trx, orgId, 'people', 'projects', writes);
}
