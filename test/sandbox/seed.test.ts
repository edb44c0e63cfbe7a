import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSeed, DEAL_STAGES, sandboxAccounts, zohoTime } from '../../sandbox/data/seed.js';

describe('sandbox seed', () => {
  it('is deterministic: two builds are equal', () => {
    expect(buildSeed()).toEqual(buildSeed());
  });

  it('has the canonical Zylker users with their reporting lines', () => {
    const zylker = buildSeed().crmOrgs[0]!;
    expect(zylker.org.company_name).toBe('Zylker');
    expect(zylker.org.iso_code).toBe('USD');
    const byEmail = new Map(zylker.users.map((u) => [u.email, u]));
    const admin = byEmail.get('admin@zylker.example')!;
    const east = byEmail.get('manager@zylker.example')!;
    const west = byEmail.get('manager.west@zylker.example')!;
    const rep = byEmail.get('rep@zylker.example')!;
    expect(admin.full_name).toBe('Patricia Boyle');
    expect(admin.profile.name).toBe('Administrator');
    expect(east.full_name).toBe('Lucas Martin');
    expect(east.Reporting_To?.id).toBe(admin.id);
    expect(west.full_name).toBe('Nina Okafor');
    expect(west.Reporting_To?.id).toBe(admin.id);
    expect(rep.full_name).toBe('Rita Gomez');
    expect(rep.Reporting_To?.id).toBe(east.id);
    expect(zylker.users.filter((u) => u.Reporting_To?.id === west.id).length).toBeGreaterThan(1);
    expect(zylker.users.filter((u) => u.status !== 'active')).toHaveLength(2);
    expect(zylker.users.length).toBeGreaterThanOrEqual(14);
  });

  it('has about 60 accounts, 200 contacts and 120 deals across all stages, at least 20 Closed Lost', () => {
    const zylker = buildSeed().crmOrgs[0]!;
    expect(zylker.Accounts).toHaveLength(60);
    expect(zylker.Contacts).toHaveLength(200);
    expect(zylker.Deals).toHaveLength(120);
    const stages = new Set(zylker.Deals.map((d) => d.Stage));
    for (const s of DEAL_STAGES) expect(stages.has(s.value)).toBe(true);
    expect(zylker.Deals.filter((d) => d.Stage === 'Closed Lost').length).toBeGreaterThanOrEqual(20);
    expect(zylker.Contacts.some((c) => c.Account_Name === null)).toBe(true);
    expect(zylker.Contacts.some((c) => c.Zoho_Expense === true)).toBe(true);
    const accountIds = new Set(zylker.Accounts.map((a) => a.id));
    for (const d of zylker.Deals) expect(accountIds.has((d.Account_Name as { id: string }).id)).toBe(true);
  });

  it('makes the admin a member of both CRM orgs with one ZUID', () => {
    const seed = buildSeed();
    const [zylker, europe] = seed.crmOrgs;
    expect(europe!.org.iso_code).toBe('EUR');
    const a = zylker!.users.find((u) => u.email === 'admin@zylker.example')!;
    const b = europe!.users.find((u) => u.email === 'admin@zylker.example')!;
    expect(b.zuid).toBe(a.zuid);
    expect(sandboxAccounts(seed).filter((x) => x.email === 'admin@zylker.example')).toHaveLength(1);
  });

  it('gives every People employee a department and every report a manager who is an employee', () => {
    const { people } = buildSeed();
    const ids = new Set(people.employees.map((e) => e.Zoho_ID));
    const departments = new Set(people.departments.map((d) => d.Department));
    for (const e of people.employees) {
      expect(departments.has(e.Department)).toBe(true);
      if (e['Reporting_To.ID']) expect(ids.has(e['Reporting_To.ID'])).toBe(true);
    }
    expect(people.employees.find((e) => e.EmailID === 'rep@zylker.example')?.['Reporting_To.MailID']).toBe(
      'manager@zylker.example',
    );
    expect(people.clients.length).toBeGreaterThan(0);
    expect(people.projects.length).toBeGreaterThan(0);
  });

  it("formats record times exactly as Date would, in Zoho's offset form", () => {
    expect(zohoTime(Date.UTC(2026, 1, 28, 23, 59, 59, 999))).toBe('2026-02-28T23:59:59+00:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(zohoTime(ms)).toBe(new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00'));
      }),
      { numRuns: 2000 },
    );
  });
});
