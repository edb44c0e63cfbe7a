import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import { DIALECTS } from '../helpers/dialects.js';
import { insertExpense } from '../helpers/fixtures.js';
import { as } from '../helpers/test-app.js';
import {
  enqueueDailySyncs,
  openSyncWorld,
  type SyncWorld,
  someCategoryId,
  userByEmail,
} from './sync-world.js';

const seed = buildSeed();
const people = seed.people;

/** People connected and its departments synced: what employees need first. */
async function connectPeopleWithDepartments(w: SyncWorld) {
  await w.connect('people');
  await w.api('PUT', '/integrations/people/settings', { departments: { enabled: true } });
  await w.drain();
}

/** A new starter in People with no manager (no.manager@zylker.example); returns the employee. */
async function addStarterWithoutManager(w: SyncWorld) {
  const created = await w.control('POST', '/people/employees', {
    EmployeeID: 'Z998',
    FirstName: 'No',
    LastName: 'Manager',
    EmailID: 'no.manager@zylker.example',
    Department: people.departments[0]!.Department,
  });
  return created.employee;
}

/** Empties Rita's Reporting_To in People. */
async function clearRitasManagerInPeople(w: SyncWorld) {
  const ritaInPeople = people.employees.find((e) => e.EmailID === 'rep@zylker.example')!;
  await w.control('PATCH', `/people/employees/${ritaInPeople.Zoho_ID}`, {
    Reporting_To: '',
    'Reporting_To.ID': '',
    'Reporting_To.MailID': '',
  });
}

describe.each(DIALECTS)('Zoho People integration (%s)', (dialect) => {
  it('departments first, then users with field mapping: managers become approvers and default approvers', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('people');
    const status = await w.api('GET', '/integrations/people');
    expect(status.body.integration.status).toBe('connected');

    expect(
      (await w.api('PUT', '/integrations/people/settings', { departments: { enabled: true } })).status,
    ).toBe(200);
    await w.drain();
    const departments = await w.db
      .selectFrom('departments')
      .selectAll()
      .where('org_id', '=', w.orgId)
      .execute();
    expect(departments).toHaveLength(people.departments.length);

    const bad = await w.api('PUT', '/integrations/people/settings', {
      users: { enabled: true, field_map: { FirstName: 'first_name' } },
    });
    expect(bad.status).toBe(400);
    const res = await w.api('PUT', '/integrations/people/settings', {
      users: {
        enabled: true,
        field_map: {
          EmailID: 'email',
          FirstName: 'first_name',
          LastName: 'last_name',
          EmployeeID: 'employee_number',
        },
      },
    });
    expect(res.status).toBe(200);
    await w.drain();
    const users = await w.db.selectFrom('users').selectAll().where('org_id', '=', w.orgId).execute();
    expect(users).toHaveLength(people.employees.length);
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const managers = new Set(people.employees.map((e) => e['Reporting_To.MailID']).filter(Boolean));
    for (const e of people.employees) {
      const u = byEmail.get(e.EmailID.toLowerCase())!;
      expect(u.employee_number).toBe(e.EmployeeID);
      if (e['Reporting_To.MailID']) expect(u.manager_id).toBe(byEmail.get(e['Reporting_To.MailID'])?.user_id);
      if (u.email === 'admin@zylker.example') expect(u.user_role).toBe('admin');
      else expect(u.user_role).toBe(managers.has(e.EmailID) ? 'approver' : 'submitter');
      expect(u.status).toBe(e.Employeestatus === 'Active' || u.user_role === 'admin' ? 'active' : 'inactive');
      expect(u.department_id).not.toBeNull();
    }
  });

  it("active employees take the plan's free seats; those past them arrive inactive, and a freed seat is taken at the next sync", async () => {
    const w = await openSyncWorld(dialect);
    await w.db
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ potentials_mode: 'all', seat_count: 5 }) })
      .execute();
    await connectPeopleWithDepartments(w);
    await w.api('PUT', '/integrations/people/settings', { users: { enabled: true } });
    await w.drain();
    const users = () => w.db.selectFrom('users').selectAll().where('org_id', '=', w.orgId).execute();
    const first = await users();
    expect(first).toHaveLength(people.employees.length);
    const active = first.filter((u) => u.status === 'active');
    expect(active).toHaveLength(5);
    // The admin who connected People kept their seat.
    expect(active.map((u) => u.email)).toContain('admin@zylker.example');
    // One of them leaves (made inactive in DealSpend): Instant Sync gives the seat to the next one.
    const leaver = active.find((u) => u.user_role !== 'admin')!;
    await w.db
      .updateTable('users')
      .set({ status: 'inactive' })
      .where('user_id', '=', leaver.user_id)
      .execute();
    expect((await w.api('POST', '/integrations/people/sync', { module: 'employees' })).status).toBe(202);
    await w.drain();
    expect((await users()).filter((u) => u.status === 'active')).toHaveLength(5);
  });

  it('clients become customers (linked to a same-name customer) and projects link to them', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('people');
    await w.api('PUT', '/integrations/people/settings', {
      clients: { enabled: true },
      projects: { enabled: true },
    });
    await w.drain();
    const customers = await w.db.selectFrom('contacts').selectAll().where('org_id', '=', w.orgId).execute();
    expect(customers).toHaveLength(people.clients.length);
    const projects = await w.db.selectFrom('projects').selectAll().where('org_id', '=', w.orgId).execute();
    expect(projects).toHaveLength(people.projects.length);
    expect(projects.every((p) => customers.some((c) => c.contact_id === p.customer_id))).toBe(true);
    expect(projects.filter((p) => p.status === 'inactive')).toHaveLength(
      people.projects.filter((p) => p.projectStatus === 'Completed').length,
    );
  });

  it('a client is linked to the business customer of the same name whatever its case and inner spaces', async () => {
    const w = await openSyncWorld(dialect);
    const client = people.clients[0]!;
    const spelt = `  ${client.clientName.toUpperCase().replace(/ /g, '   ')} `;
    const made = await w.api('POST', '/contacts', { contact_name: spelt, customer_sub_type: 'business' });
    expect(made.status).toBe(201);
    await w.connect('people');
    await w.api('PUT', '/integrations/people/settings', { clients: { enabled: true } });
    await w.drain();
    const customers = await w.db.selectFrom('contacts').selectAll().where('org_id', '=', w.orgId).execute();
    expect(customers).toHaveLength(people.clients.length);
    for (const c of customers) expect(c.name_key).toBe(customerNameKey(c.contact_name));
    const link = await w.db
      .selectFrom('sync_links')
      .selectAll()
      .where('org_id', '=', w.orgId)
      .where('module', '=', 'clients')
      .where('external_id', '=', client.clientId)
      .executeTakeFirstOrThrow();
    expect(link.local_id).toBe(made.body.contact.contact_id);
  });

  it('a daily sync imports only what is new; Instant Sync reads everything; history is newest first', async () => {
    const w = await openSyncWorld(dialect);
    await connectPeopleWithDepartments(w);
    await w.api('PUT', '/integrations/people/settings', { users: { enabled: true } });
    await w.drain();
    await w.control('POST', '/people/employees', {
      EmployeeID: 'Z999',
      FirstName: 'New',
      LastName: 'Starter',
      EmailID: 'new.starter@zylker.example',
      Department: people.departments[0]!.Department,
    });
    await enqueueDailySyncs(w);
    await w.drain();
    const history = (await w.api('GET', '/integrations/people/synchistory?module=employees')).body.sync_runs;
    expect(history[0].trigger).toBe('daily');
    expect(history[0].created).toBe(1);
    expect(history[0].fetched).toBeLessThan(people.employees.length);
    expect(
      await w.db
        .selectFrom('users')
        .select('user_id')
        .where('email', '=', 'new.starter@zylker.example')
        .execute(),
    ).toHaveLength(1);

    const instant = await w.api('POST', '/integrations/people/sync', {});
    expect(instant.status).toBe(202);
    await w.drain();
    const after = (await w.api('GET', '/integrations/people/synchistory')).body.sync_runs;
    expect(after[0].trigger).toBe('instant');
    const emp = after.find((r: { module: string }) => r.module === 'employees');
    expect(emp.fetched).toBe(people.employees.length + 1);
    expect(emp.created).toBe(0);
  });

  it('a field map saved without syncing applies to every employee at the next daily sync', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('people');
    await w.api('PUT', '/integrations/people/settings', {
      users: {
        enabled: true,
        field_map: { EmailID: 'email', FirstName: 'first_name', LastName: 'last_name' },
      },
    });
    await w.drain();
    const before = await w.db.selectFrom('users').selectAll().where('is_from_zoho_people', '=', 1).execute();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((u) => u.employee_number === null)).toBe(true);
    const res = await w.api('PUT', '/integrations/people/settings', {
      users: { field_map: { EmailID: 'email', FirstName: 'first_name', EmployeeID: 'employee_number' } },
    });
    expect(res.status).toBe(200);
    await enqueueDailySyncs(w);
    await w.drain();
    const run = (await w.api('GET', '/integrations/people/synchistory?module=employees')).body.sync_runs[0];
    expect(run.trigger).toBe('daily');
    expect(run.fetched).toBe(people.employees.length);
    const users = await w.db.selectFrom('users').selectAll().where('org_id', '=', w.orgId).execute();
    for (const e of people.employees) {
      expect(users.find((u) => u.email === e.EmailID.toLowerCase())?.employee_number).toBe(e.EmployeeID);
    }
  });

  it('Reporting_To emptied in People clears the manager; a manager People never named is kept', async () => {
    const w = await openSyncWorld(dialect);
    await connectPeopleWithDepartments(w);
    // A new starter People gives no manager; an admin sets one in DealSpend.
    const starter = await addStarterWithoutManager(w);
    await w.api('PUT', '/integrations/people/settings', { users: { enabled: true } });
    await w.drain();
    const user = (email: string) => userByEmail(w, email);
    const lucas = await user('manager@zylker.example');
    const nina = await user('manager.west@zylker.example');
    const rita = await user('rep@zylker.example');
    expect(rita.manager_id).toBe(lucas.user_id);
    const newcomer = await user('no.manager@zylker.example');
    expect(newcomer.manager_id).toBeNull();
    await w.db
      .updateTable('users')
      .set({ manager_id: nina.user_id })
      .where('user_id', '=', newcomer.user_id)
      .execute();

    await clearRitasManagerInPeople(w);
    await w.control('PATCH', `/people/employees/${starter.Zoho_ID}`, { Designation: 'Analyst' });
    await enqueueDailySyncs(w);
    await w.drain();
    const run = (await w.api('GET', '/integrations/people/synchistory?module=employees')).body.sync_runs[0];
    expect(run.trigger).toBe('daily');
    expect(run.fetched).toBeLessThan(people.employees.length);

    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await w.api('GET', `/users/${rita.user_id}`)).body.user.manager_id).toBeNull();
    expect((await user('no.manager@zylker.example')).manager_id).toBe(nina.user_id);
    expect((await user('omar.haddad@zylker.example')).manager_id).toBe(lucas.user_id);

    // No default approver any more: Rita's report needs one chosen at submit.
    const expense = await insertExpense(w.db, {
      org_id: w.orgId,
      user_id: rita.user_id,
      category_id: await someCategoryId(w),
    });
    const asRita = { headers: as('rep@zylker.example') };
    const report = await w.app.inject({
      method: 'POST',
      url: '/api/v1/expensereports',
      ...asRita,
      payload: { report_name: 'Visit', expense_ids: [expense.expense_id] },
    });
    expect(report.statusCode, report.body).toBe(201);
    const submit = (payload: object) =>
      w.app.inject({
        method: 'POST',
        url: `/api/v1/expensereports/${report.json().expense_report.report_id}/submit`,
        ...asRita,
        payload,
      });
    expect((await submit({})).json().code).toBe(4008);
    expect((await submit({ approver_id: lucas.user_id })).statusCode).toBe(200);

    // An Instant Sync reads every employee again and changes neither.
    await w.api('POST', '/integrations/people/sync', { module: 'employees' });
    await w.drain();
    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await user('no.manager@zylker.example')).manager_id).toBe(nina.user_id);
  });

  it('after an upgrade, links with no record of Reporting_To keep a manager set by hand for an employee People gives none', async () => {
    const w = await openSyncWorld(dialect);
    await connectPeopleWithDepartments(w);
    await addStarterWithoutManager(w);
    await w.api('PUT', '/integrations/people/settings', { users: { enabled: true } });
    await w.drain();
    const user = (email: string) => userByEmail(w, email);
    const lucas = await user('manager@zylker.example');
    const nina = await user('manager.west@zylker.example');
    const newcomer = await user('no.manager@zylker.example');
    // The links as a release before the Reporting_To record wrote them; an admin sets a manager.
    await w.db
      .updateTable('sync_links')
      .set({ field_hashes: '{}' })
      .where('org_id', '=', w.orgId)
      .where('module', '=', 'employees')
      .execute();
    await w.db
      .updateTable('users')
      .set({ manager_id: nina.user_id })
      .where('user_id', '=', newcomer.user_id)
      .execute();
    const instantSync = async () => {
      await w.api('POST', '/integrations/people/sync', { module: 'employees' });
      await w.drain();
      const run = (await w.api('GET', '/integrations/people/synchistory?module=employees')).body.sync_runs[0];
      expect(run.status).toBe('completed');
    };

    await instantSync();
    expect((await user('no.manager@zylker.example')).manager_id).toBe(nina.user_id);
    expect((await user('rep@zylker.example')).manager_id).toBe(lucas.user_id);
    // That sync recorded what People sent: emptying Rita's Reporting_To now clears her manager.
    await clearRitasManagerInPeople(w);
    await instantSync();
    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await user('no.manager@zylker.example')).manager_id).toBe(nina.user_id);
  });

  it('Disable Sync per module stops that module only', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('people');
    await w.api('PUT', '/integrations/people/settings', {
      departments: { enabled: true },
      clients: { enabled: true },
    });
    await w.drain();
    await w.api('PUT', '/integrations/people/settings', { clients: { enabled: false } });
    const res = await w.api('POST', '/integrations/people/sync', {});
    expect(res.body.job_ids).toHaveLength(1);
    expect((await w.api('POST', '/integrations/people/sync', { module: 'clients' })).status).toBe(400);
  });

  it('Disable Sync of a module cancels its queued job; the other modules still run', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('people');
    await w.api('PUT', '/integrations/people/settings', {
      departments: { enabled: true },
      clients: { enabled: true },
    });
    const modules = async () =>
      Object.fromEntries(
        (await w.api('GET', '/integrations/people')).body.integration.modules.map(
          (m: { module: string; state: string }) => [m.module, m.state],
        ),
      );
    expect(await modules()).toMatchObject({ departments: 'queued', clients: 'queued' });
    expect(
      (await w.api('PUT', '/integrations/people/settings', { clients: { enabled: false } })).status,
    ).toBe(200);
    const jobs = await w.db.selectFrom('sync_jobs').select(['module', 'status']).orderBy('job_id').execute();
    expect(jobs).toEqual([
      { module: 'departments', status: 'queued' },
      { module: 'clients', status: 'cancelled' },
    ]);
    expect(await modules()).toMatchObject({ departments: 'queued', clients: 'idle' });
    await w.drain();
    expect(await w.db.selectFrom('departments').select('department_id').execute()).toHaveLength(
      people.departments.length,
    );
    expect(await w.db.selectFrom('contacts').select('contact_id').execute()).toHaveLength(0);
    const runs = (await w.api('GET', '/integrations/people/synchistory')).body.sync_runs;
    expect(runs.map((r: { module: string }) => r.module)).toEqual(['departments']);

    // A job enqueued from settings read just before Disable Sync (the daily check) does not run either.
    const { enqueueJob } = await import('../../server/sync/jobs.js');
    const integration = await w.db
      .selectFrom('integrations')
      .select('integration_id')
      .where('system', '=', 'people')
      .executeTakeFirstOrThrow();
    const late = await enqueueJob(
      w.db,
      { orgId: w.orgId, integrationId: integration.integration_id, module: 'clients', trigger: 'daily' },
      new Date(),
      w.app.ctx.ids,
    );
    await w.drain();
    expect(await w.db.selectFrom('contacts').select('contact_id').execute()).toHaveLength(0);
    const lateJob = await w.db
      .selectFrom('sync_jobs')
      .select('status')
      .where('job_id', '=', late)
      .executeTakeFirstOrThrow();
    expect(lateJob.status).toBe('cancelled');
  });
});
