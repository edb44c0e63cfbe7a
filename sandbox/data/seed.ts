/**
 * The sandbox's deterministic seed: the Zylker CRM org (USD) with ~15 users, 60 accounts, 200
 * contacts and 120 deals; a small second org "Zylker Europe" (EUR); and the matching Zoho People
 * data (employees, departments, time-tracker clients and projects).
 *
 * Everything derives from a fixed PRNG seed and a fixed base time, so two calls of buildSeed()
 * return equal data and the server's demo org, the tests and the benchmarks all see the same world.
 */
import type {
  CrmLookup,
  CrmOrgSeed,
  CrmRecord,
  CrmUser,
  PeopleClient,
  PeopleDepartment,
  PeopleEmployee,
  PeopleProject,
  SandboxAccount,
  SandboxSeed,
} from './seed-types.js';

/** The seed's "now": record times fall in the 12 months before it. Fixed so runs are reproducible. */
export const SEED_BASE_TIME = Date.UTC(2026, 10, 1, 9, 0, 0);
/** Fixed PRNG seed. */
export const SEED_RANDOM_SEED = 0x5eed_2026;

const DAY_MS = 86_400_000;

/**
 * Zoho's default "Standard" pipeline stages, as `actual_value` with their probability and
 * forecast_type (Zoho CRM fields metadata, Stage picklist). Classify deals by forecast_type.
 */
export const DEAL_STAGES = [
  { value: 'Qualification', probability: 10, forecast_type: 'Open' },
  { value: 'Needs Analysis', probability: 20, forecast_type: 'Open' },
  { value: 'Value Proposition', probability: 40, forecast_type: 'Open' },
  { value: 'Id. Decision Makers', probability: 60, forecast_type: 'Open' },
  { value: 'Perception Analysis', probability: 70, forecast_type: 'Open' },
  { value: 'Proposal/Price Quote', probability: 75, forecast_type: 'Open' },
  { value: 'Negotiation/Review', probability: 90, forecast_type: 'Open' },
  { value: 'Closed Won', probability: 100, forecast_type: 'Closed Won' },
  { value: 'Closed Lost', probability: 0, forecast_type: 'Closed Lost' },
  { value: 'Closed Lost to Competition', probability: 0, forecast_type: 'Closed Lost' },
] as const;

/** mulberry32: a tiny, well-distributed 32-bit PRNG; enough for fixtures, never for secrets. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Zoho's record times: ISO 8601 with an explicit offset and no milliseconds ("2026-03-04T10:20:30+00:00").
 * Computed with integer arithmetic (days → civil date, H. Hinnant's algorithm) rather than through
 * Date, because scale mode formats two times per generated record and Date#toISOString dominated a page.
 */
export function zohoTime(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  return `${y}-${pad2(m)}-${pad2(d)}T${pad2(hh)}:${pad2(mm)}:${pad2(rem % 60)}+00:00`;
}

function zohoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** People's AddedTime format ("05-Dec-2019 17:38:37", from Zoho People's getRecords sample). */
export function peopleTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())}`;
}

/**
 * Zoho record ids are 19-digit numeric strings. Ours: 7-digit org prefix, 1-digit kind, 11-digit
 * sequence, so scale mode can turn an index into an id (and back) without storing anything.
 */
export function crmId(orgPrefix: string, kind: number, seq: number): string {
  const digits = `${seq}`;
  return `${orgPrefix}${kind}${ZEROS.slice(digits.length)}${digits}`;
}

const ZEROS = '00000000000';

/** Id kinds (the digit after the org prefix). */
export const ID_KIND = { user: 1, role: 2, profile: 3, Accounts: 4, Contacts: 5, Deals: 6, view: 7 } as const;

interface PersonSpec {
  first: string;
  last: string;
  email: string;
  title: string;
  department: 'Management' | 'Sales East' | 'Sales West' | 'Finance';
  /** Index into the same list; null for the top. */
  manager: number | null;
  role: 'CEO' | 'Sales Manager' | 'Sales Representative' | 'Finance';
  admin: boolean;
  active: boolean;
  /** People status when inactive. */
  leftAs?: 'Resigned' | 'Terminated';
}

/** Zylker's staff: CRM users, Zoho Accounts sign-ins and People employees at once. */
const ZYLKER_PEOPLE: PersonSpec[] = [
  p('Patricia', 'Boyle', 'admin@zylker.example', 'Head of Sales', 'Management', null, 'CEO', true),
  p('Lucas', 'Martin', 'manager@zylker.example', 'Sales Manager East', 'Sales East', 0, 'Sales Manager'),
  p('Nina', 'Okafor', 'manager.west@zylker.example', 'Sales Manager West', 'Sales West', 0, 'Sales Manager'),
  p('Rita', 'Gomez', 'rep@zylker.example', 'Sales Representative', 'Sales East', 1, 'Sales Representative'),
  p(
    'Omar',
    'Haddad',
    'omar.haddad@zylker.example',
    'Sales Representative',
    'Sales East',
    1,
    'Sales Representative',
  ),
  p(
    'Grace',
    'Lee',
    'grace.lee@zylker.example',
    'Sales Representative',
    'Sales East',
    1,
    'Sales Representative',
  ),
  p(
    'Tom',
    'Becker',
    'tom.becker@zylker.example',
    'Account Executive',
    'Sales East',
    1,
    'Sales Representative',
  ),
  p(
    'Sofia',
    'Rossi',
    'sofia.rossi@zylker.example',
    'Sales Representative',
    'Sales West',
    2,
    'Sales Representative',
  ),
  p(
    'Ethan',
    'Brooks',
    'ethan.brooks@zylker.example',
    'Sales Representative',
    'Sales West',
    2,
    'Sales Representative',
  ),
  p(
    'Mei',
    'Chen',
    'mei.chen@zylker.example',
    'Sales Representative',
    'Sales West',
    2,
    'Sales Representative',
  ),
  p(
    'Carlos',
    'Mendes',
    'carlos.mendes@zylker.example',
    'Account Executive',
    'Sales West',
    2,
    'Sales Representative',
  ),
  p('Hannah', 'Wright', 'finance@zylker.example', 'Finance Manager', 'Finance', 0, 'Finance'),
  p('Aisha', 'Khan', 'aisha.khan@zylker.example', 'Accountant', 'Finance', 11, 'Finance'),
  {
    ...p(
      'Victor',
      'Ivanov',
      'victor.ivanov@zylker.example',
      'Sales Representative',
      'Sales East',
      1,
      'Sales Representative',
    ),
    active: false,
    leftAs: 'Resigned',
  },
  {
    ...p(
      'Laura',
      'Schmidt',
      'laura.schmidt@zylker.example',
      'Sales Representative',
      'Sales West',
      2,
      'Sales Representative',
    ),
    active: false,
    leftAs: 'Terminated',
  },
];

function p(
  first: string,
  last: string,
  email: string,
  title: string,
  department: PersonSpec['department'],
  manager: number | null,
  role: PersonSpec['role'],
  admin = false,
): PersonSpec {
  return { first, last, email, title, department, manager, role, admin, active: true };
}

/** ZUIDs are per person (shared across CRM orgs), as in Zoho Accounts. */
function zuidOf(index: number): string {
  return String(70_000_100 + index * 7);
}

const COMPANY_HEADS = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Cyberdyne',
  'Tyrell',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Massive',
  'Pied Piper',
  'Aperture',
  'Black Mesa',
  'Dunder',
];
const COMPANY_TAILS = [
  'Industries',
  'Logistics',
  'Labs',
  'Foods',
  'Systems',
  'Partners',
  'Retail',
  'Energy',
  'Health',
  'Media',
];
const INDUSTRIES = [
  'Technology',
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Finance',
  'Energy',
  'Media',
  'Logistics',
];
const CITIES: [string, string][] = [
  ['New York', 'United States'],
  ['Boston', 'United States'],
  ['Chicago', 'United States'],
  ['Austin', 'United States'],
  ['Seattle', 'United States'],
  ['San Francisco', 'United States'],
  ['Denver', 'United States'],
  ['Toronto', 'Canada'],
];
const FIRST_NAMES = [
  'James',
  'Mary',
  'John',
  'Linda',
  'Robert',
  'Susan',
  'Michael',
  'Karen',
  'David',
  'Nancy',
  'Paul',
  'Lisa',
  'Mark',
  'Betty',
  'Steven',
  'Sandra',
  'Kevin',
  'Ashley',
  'Brian',
  'Emily',
  'George',
  'Donna',
  'Ryan',
  'Carol',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
];
const CONTACT_TITLES = ['CFO', 'Purchasing Manager', 'VP Sales', 'Operations Lead', 'CTO', 'Office Manager'];
const DEAL_TYPES = ['New Business', 'Existing Business'];
const LEAD_SOURCES = [
  'Advertisement',
  'Cold Call',
  'Employee Referral',
  'Partner',
  'Web Download',
  'Trade Show',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

interface OrgSpec {
  prefix: string;
  org: CrmOrgSeed['org'];
  people: PersonSpec[];
  /** Person index in ZYLKER_PEOPLE (for the shared ZUID), per user. */
  zuidIndex: number[];
  accounts: number;
  contacts: number;
  deals: number;
  exchangeRate: number;
}

function buildUsers(spec: OrgSpec, created: number): CrmUser[] {
  const { prefix } = spec;
  const roleIds: Record<PersonSpec['role'], string> = {
    CEO: crmId(prefix, ID_KIND.role, 1),
    'Sales Manager': crmId(prefix, ID_KIND.role, 2),
    'Sales Representative': crmId(prefix, ID_KIND.role, 3),
    Finance: crmId(prefix, ID_KIND.role, 4),
  };
  return spec.people.map((person, i) => {
    const id = crmId(prefix, ID_KIND.user, i + 1);
    const manager = person.manager === null ? null : spec.people[person.manager];
    return {
      id,
      full_name: `${person.first} ${person.last}`,
      first_name: person.first,
      last_name: person.last,
      email: person.email,
      status: person.active ? 'active' : 'disabled',
      confirm: true,
      zuid: zuidOf(spec.zuidIndex[i] ?? i),
      role: { name: person.role, id: roleIds[person.role] },
      profile: person.admin
        ? { name: 'Administrator', id: crmId(prefix, ID_KIND.profile, 1) }
        : { name: 'Standard', id: crmId(prefix, ID_KIND.profile, 2) },
      Reporting_To:
        manager && person.manager !== null
          ? { name: `${manager.first} ${manager.last}`, id: crmId(prefix, ID_KIND.user, person.manager + 1) }
          : null,
      Created_Time: zohoTime(created + i * 3_600_000),
      Modified_Time: zohoTime(created + 30 * DAY_MS + i * 3_600_000),
    };
  });
}

function ownerOf(user: CrmUser): CrmRecord['Owner'] {
  return { name: user.full_name, id: user.id, email: user.email };
}

/** Record times: created somewhere in the past year, modified a little later (never after base). */
function recordTimes(rand: () => number): { created: number; modified: number } {
  const created = SEED_BASE_TIME - Math.floor(rand() * 360 * DAY_MS) - DAY_MS;
  const modified = Math.min(SEED_BASE_TIME - 60_000, created + Math.floor(rand() * 60 * DAY_MS));
  return { created: Math.floor(created / 1000) * 1000, modified: Math.floor(modified / 1000) * 1000 };
}

function buildOrg(spec: OrgSpec, rand: () => number): CrmOrgSeed {
  const users = buildUsers(spec, SEED_BASE_TIME - 400 * DAY_MS);
  // Records belong to the sales staff (reps and managers), active or not.
  const sellers = users.filter(
    (u) => u.role.name === 'Sales Representative' || u.role.name === 'Sales Manager',
  );
  const owners = sellers.length > 0 ? sellers : users;
  const currency = spec.org.iso_code;

  const accounts: CrmRecord[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < spec.accounts; i++) {
    let name = `${pick(rand, COMPANY_HEADS)} ${pick(rand, COMPANY_TAILS)}`;
    while (usedNames.has(name)) name = `${name} ${usedNames.size % 7 === 0 ? 'Group' : 'Inc'}`;
    usedNames.add(name);
    const owner = pick(rand, owners);
    const [city, country] = pick(rand, CITIES);
    const { created, modified } = recordTimes(rand);
    accounts.push({
      id: crmId(spec.prefix, ID_KIND.Accounts, i + 1),
      Account_Name: name,
      Owner: ownerOf(owner),
      Phone: `+1 555 01${String(i).padStart(2, '0')}`,
      Website: `https://www.${slug(name)}.example`,
      Industry: pick(rand, INDUSTRIES),
      Account_Type: pick(rand, ['Customer', 'Prospect', 'Partner'] as const),
      Billing_City: city,
      Billing_Country: country,
      Zoho_Expense: rand() < 0.3,
      Currency: currency,
      Exchange_Rate: spec.exchangeRate,
      Created_Time: zohoTime(created),
      Modified_Time: zohoTime(modified),
    });
  }

  const contacts: CrmRecord[] = [];
  const contactsByAccount = new Map<string, CrmRecord[]>();
  for (let i = 0; i < spec.contacts; i++) {
    const first = pick(rand, FIRST_NAMES);
    const last = pick(rand, LAST_NAMES);
    // About one contact in eight has no account (an "individual" customer).
    const account = rand() < 0.125 ? null : pick(rand, accounts);
    const domain = account ? `${slug(String(account.Account_Name))}.example` : 'mail.example';
    const { created, modified } = recordTimes(rand);
    const record: CrmRecord = {
      id: crmId(spec.prefix, ID_KIND.Contacts, i + 1),
      First_Name: first,
      Last_Name: last,
      Full_Name: `${first} ${last}`,
      Email: `${slug(first)}.${slug(last)}${i + 1}@${domain}`,
      Phone: `+1 555 02${String(i).padStart(3, '0')}`,
      Title: pick(rand, CONTACT_TITLES),
      Account_Name: account
        ? ({ name: String(account.Account_Name), id: account.id } satisfies CrmLookup)
        : null,
      Mailing_City: account ? account.Billing_City : pick(rand, CITIES)[0],
      Zoho_Expense: rand() < 0.25,
      Owner: account ? account.Owner : ownerOf(pick(rand, owners)),
      Currency: currency,
      Exchange_Rate: spec.exchangeRate,
      Created_Time: zohoTime(created),
      Modified_Time: zohoTime(modified),
    };
    contacts.push(record);
    if (account) {
      const list = contactsByAccount.get(account.id) ?? [];
      list.push(record);
      contactsByAccount.set(account.id, list);
    }
  }

  // Stage mix: 22% lost, a quarter won, the rest spread over the open stages; then shuffled.
  const stages: string[] = [];
  const lostCount = Math.max(1, Math.round(spec.deals * 0.22));
  const wonCount = Math.max(1, Math.round(spec.deals * 0.25));
  for (let i = 0; i < spec.deals; i++) {
    if (i < lostCount) stages.push(i % 6 === 5 ? 'Closed Lost to Competition' : 'Closed Lost');
    else if (i < lostCount + wonCount) stages.push('Closed Won');
    else stages.push(DEAL_STAGES[(i - lostCount - wonCount) % 7]!.value);
  }
  for (let i = stages.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [stages[i], stages[j]] = [stages[j]!, stages[i]!];
  }

  const deals: CrmRecord[] = [];
  for (let i = 0; i < spec.deals; i++) {
    const account = pick(rand, accounts);
    const people = contactsByAccount.get(account.id) ?? [];
    const contact = people.length > 0 && rand() < 0.85 ? pick(rand, people) : null;
    const stage = stages[i]!;
    const meta = DEAL_STAGES.find((s) => s.value === stage)!;
    const closing =
      SEED_BASE_TIME - Math.floor(rand() * 365 * DAY_MS) + (meta.forecast_type === 'Open' ? 90 * DAY_MS : 0);
    const { created, modified } = recordTimes(rand);
    const amount = Math.round((2_000 + rand() * 148_000) / 50) * 50;
    deals.push({
      id: crmId(spec.prefix, ID_KIND.Deals, i + 1),
      Deal_Name: `${account.Account_Name} - ${pick(rand, ['Renewal', 'Expansion', 'Pilot', 'Licences', 'Services', 'Hardware'])} ${i + 1}`,
      Account_Name: { name: String(account.Account_Name), id: account.id },
      Contact_Name: contact ? { name: String(contact.Full_Name), id: contact.id } : null,
      Stage: stage,
      Probability: meta.probability,
      Amount: amount,
      Closing_Date: zohoDate(Math.min(closing, SEED_BASE_TIME + 180 * DAY_MS)),
      Pipeline: 'Standard (Standard)',
      Type: pick(rand, DEAL_TYPES),
      Lead_Source: pick(rand, LEAD_SOURCES),
      Owner: account.Owner,
      Currency: currency,
      Exchange_Rate: spec.exchangeRate,
      Created_Time: zohoTime(created),
      Modified_Time: zohoTime(modified),
    });
  }

  return { org: spec.org, users, Accounts: accounts, Contacts: contacts, Deals: deals };
}

const ZYLKER_PREFIX = '4876876';
const EUROPE_PREFIX = '5527310';

/** Zylker Europe's staff: Patricia (the multi-org user) plus two local people. */
const EUROPE_PEOPLE: PersonSpec[] = [
  ZYLKER_PEOPLE[0]!,
  p('Jonas', 'Weber', 'jonas.weber@zylker-europe.example', 'Sales Manager', 'Sales West', 0, 'Sales Manager'),
  p(
    'Elena',
    'Ricci',
    'elena.ricci@zylker-europe.example',
    'Sales Representative',
    'Sales West',
    1,
    'Sales Representative',
  ),
];

function buildPeople(zylker: CrmOrgSeed): SandboxSeed['people'] {
  const empId = (i: number) => `ZY${String(i + 1).padStart(3, '0')}`;
  const zohoIdOf = (i: number) => `61234000000${String(100 + i * 2).padStart(6, '0')}`;
  const departmentNames = ['Management', 'Sales East', 'Sales West', 'Finance'] as const;
  const leads: Record<(typeof departmentNames)[number], number> = {
    Management: 0,
    'Sales East': 1,
    'Sales West': 2,
    Finance: 11,
  };
  const deptId = (d: string) =>
    `61234000000${String(900 + departmentNames.indexOf(d as never) * 3).padStart(6, '0')}`;
  const added = SEED_BASE_TIME - 420 * DAY_MS;
  const departments: PeopleDepartment[] = departmentNames.map((name, i) => {
    const lead = ZYLKER_PEOPLE[leads[name]]!;
    return {
      Zoho_ID: deptId(name),
      Department: name,
      Department_Lead: `${lead.first} ${lead.last} ${empId(leads[name])}`,
      'Department_Lead.ID': zohoIdOf(leads[name]),
      Parent_Department: name === 'Management' ? '' : 'Management',
      ModifiedTime: String(added + i * 60_000),
      AddedTime: peopleTime(added + i * 60_000),
    };
  });
  const employees: PeopleEmployee[] = ZYLKER_PEOPLE.map((person, i) => {
    const manager = person.manager === null ? null : ZYLKER_PEOPLE[person.manager]!;
    const t = added + DAY_MS + i * 3_600_000;
    return {
      Zoho_ID: zohoIdOf(i),
      EmployeeID: empId(i),
      FirstName: person.first,
      LastName: person.last,
      EmailID: person.email,
      Department: person.department,
      'Department.ID': deptId(person.department),
      // People shows a reporting manager as "First Last EmployeeID".
      Reporting_To:
        manager && person.manager !== null ? `${manager.first} ${manager.last} ${empId(person.manager)}` : '',
      'Reporting_To.ID': person.manager !== null ? zohoIdOf(person.manager) : '',
      'Reporting_To.MailID': manager ? manager.email : '',
      Designation: person.title,
      Employeestatus: person.active ? 'Active' : (person.leftAs ?? 'Resigned'),
      Zoho_CRM_User_ID: zylker.users[i]?.id ?? '',
      ModifiedTime: String(t + 20 * DAY_MS),
      AddedTime: peopleTime(t),
    };
  });
  // Time-tracker clients mirror some CRM accounts (so customer de-duplication has something to do).
  const clientAccounts = zylker.Accounts.slice(0, 6);
  const clients: PeopleClient[] = clientAccounts.map((a, i) => ({
    clientId: `61234000001${String(200 + i).padStart(6, '0')}`,
    clientName: String(a.Account_Name),
    emailId: `accounts@${slug(String(a.Account_Name))}.example`,
    currency: 'USD',
    modifiedTime: String(added + 2 * DAY_MS + i * 60_000),
  }));
  const projects: PeopleProject[] = [];
  for (let i = 0; i < 8; i++) {
    const client = clients[i % clients.length]!;
    projects.push({
      projectId: `61234000002${String(300 + i).padStart(6, '0')}`,
      projectName: `${client.clientName} ${['Rollout', 'Onboarding', 'Audit', 'Migration'][i % 4]}`,
      clientId: client.clientId,
      projectStatus: i % 3 === 2 ? 'Completed' : 'In Progress',
      modifiedTime: String(added + 3 * DAY_MS + i * 60_000),
    });
  }
  return { employees, departments, clients, projects };
}

/** Builds the full deterministic seed. Pure: equal output on every call. */
export function buildSeed(): SandboxSeed {
  const rand = createPrng(SEED_RANDOM_SEED);
  const zylker = buildOrg(
    {
      prefix: ZYLKER_PREFIX,
      org: {
        id: '60012345678',
        zgid: '60012345678',
        company_name: 'Zylker',
        domain_name: 'org60012345678',
        primary_email: 'admin@zylker.example',
        currency: 'US Dollar - USD',
        iso_code: 'USD',
        currency_symbol: '$',
        time_zone: 'GMT',
        country_code: 'US',
      },
      people: ZYLKER_PEOPLE,
      zuidIndex: ZYLKER_PEOPLE.map((_, i) => i),
      accounts: 60,
      contacts: 200,
      deals: 120,
      exchangeRate: 1,
    },
    rand,
  );
  const europe = buildOrg(
    {
      prefix: EUROPE_PREFIX,
      org: {
        id: '60087654321',
        zgid: '60087654321',
        company_name: 'Zylker Europe',
        domain_name: 'org60087654321',
        primary_email: 'admin@zylker.example',
        currency: 'Euro - EUR',
        iso_code: 'EUR',
        currency_symbol: '€',
        time_zone: 'GMT',
        country_code: 'DE',
      },
      people: EUROPE_PEOPLE,
      zuidIndex: [0, 100, 101],
      accounts: 5,
      contacts: 8,
      deals: 6,
      exchangeRate: 1,
    },
    rand,
  );
  return { crmOrgs: [zylker, europe], people: buildPeople(zylker) };
}

/** The id prefix of each seeded org (by org id), for code that mints new record ids. */
export const ORG_ID_PREFIX: Readonly<Record<string, string>> = {
  '60012345678': ZYLKER_PREFIX,
  '60087654321': EUROPE_PREFIX,
};

/** Zoho Accounts sign-ins: every CRM user of every org (one per ZUID) plus People-only staff. */
export function sandboxAccounts(seed: SandboxSeed): SandboxAccount[] {
  const byZuid = new Map<string, SandboxAccount>();
  for (const org of seed.crmOrgs) {
    for (const u of org.users) {
      if (byZuid.has(u.zuid)) continue;
      byZuid.set(u.zuid, {
        zuid: u.zuid,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        display_name: u.full_name,
      });
    }
  }
  const emails = new Set([...byZuid.values()].map((a) => a.email));
  for (const e of seed.people.employees) {
    if (emails.has(e.EmailID)) continue;
    byZuid.set(`people-${e.Zoho_ID}`, {
      zuid: String(80_000_000 + Number(e.Zoho_ID.slice(-6))),
      email: e.EmailID,
      first_name: e.FirstName,
      last_name: e.LastName,
      display_name: `${e.FirstName} ${e.LastName}`,
    });
  }
  return [...byZuid.values()];
}
