/**
 * Pure mapping from Zoho CRM / Zoho People records (their own field API names) to DealSpend values.
 * No I/O: callers resolve lookups (owner, account, department) through the link table.
 */
import { parseAmount } from './money.js';

/** DealSpend customer fields a CRM field can be mapped to; `custom:<label>` targets a custom field. */
export const CUSTOMER_TARGET_FIELDS = [
  'contact_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'company_name',
] as const;
export type CustomerTarget = (typeof CUSTOMER_TARGET_FIELDS)[number] | `custom:${string}`;
export type FieldMap = Readonly<Record<string, string>>;

export const DEFAULT_FIELD_MAPS: Readonly<Record<'Accounts' | 'Contacts', FieldMap>> = {
  Accounts: { Account_Name: 'contact_name', Phone: 'phone' },
  Contacts: { First_Name: 'first_name', Last_Name: 'last_name', Email: 'email', Phone: 'phone' },
};

/** DealSpend user fields a People field can be mapped to. */
export const USER_TARGET_FIELDS = ['email', 'first_name', 'last_name', 'employee_number'] as const;
export const DEFAULT_PEOPLE_FIELD_MAP: FieldMap = {
  EmailID: 'email',
  FirstName: 'first_name',
  LastName: 'last_name',
  EmployeeID: 'employee_number',
};

export function isValidTarget(target: string, allowed: readonly string[]): boolean {
  return allowed.includes(target) || /^custom:[A-Za-z0-9 _-]{1,60}$/.test(target);
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') {
    const name = (v as { name?: unknown }).name;
    return typeof name === 'string' ? name : JSON.stringify(v);
  }
  const s = String(v).trim();
  return s === '' ? null : s;
}

function lookupId(v: unknown): string | null {
  if (v && typeof v === 'object' && 'id' in v) {
    const id = (v as { id: unknown }).id;
    return id === null || id === undefined ? null : String(id);
  }
  return null;
}

export type CustomerMapping =
  | {
      ok: true;
      subType: 'business' | 'individual';
      /** Mapped values keyed by DealSpend field (custom fields as `custom:<label>`). */
      values: Record<string, string | null>;
      /** For a contact: the CRM account it belongs to. */
      accountExternalId: string | null;
    }
  | { ok: false; reason: 'NO_NAME' };

/** CRM Accounts → business customers; CRM Contacts → individuals (contact persons of their account). */
export function mapCrmCustomer(
  module: 'Accounts' | 'Contacts',
  record: Readonly<Record<string, unknown>>,
  fieldMap: FieldMap,
): CustomerMapping {
  const values: Record<string, string | null> = {};
  for (const [crmField, target] of Object.entries(fieldMap)) values[target] = text(record[crmField]);
  if (module === 'Accounts') {
    values.contact_name ??= text(record.Account_Name);
    values.company_name ??= text(record.Account_Name);
    if (!values.contact_name) return { ok: false, reason: 'NO_NAME' };
    return { ok: true, subType: 'business', values, accountExternalId: null };
  }
  const full =
    text(record.Full_Name) ??
    ([values.first_name ?? text(record.First_Name), values.last_name ?? text(record.Last_Name)]
      .filter(Boolean)
      .join(' ') ||
      null);
  values.contact_name ??= full;
  if (!values.contact_name) return { ok: false, reason: 'NO_NAME' };
  const account = record.Account_Name;
  values.company_name ??= text(account);
  return { ok: true, subType: 'individual', values, accountExternalId: lookupId(account) };
}

export type ForecastType = 'Open' | 'Closed Won' | 'Closed Lost';

export type DealMapping =
  | {
      ok: true;
      deal: {
        deal_name: string;
        stage: string;
        forecast_type: ForecastType;
        amount: number | null;
        currency_code: string;
        closing_date: string | null;
      };
      ownerExternalId: string | null;
      accountExternalId: string | null;
      contactExternalId: string | null;
    }
  | { ok: false; reason: 'NO_NAME' | 'INVALID_AMOUNT' };

/**
 * CRM Deals → deals. The forecast type comes from the Stage picklist metadata (`forecast_type`),
 * never from the stage's name, because orgs rename and add stages.
 */
export function mapCrmDeal(
  record: Readonly<Record<string, unknown>>,
  forecastByStage: ReadonlyMap<string, string>,
  orgCurrency: string,
): DealMapping {
  const name = text(record.Deal_Name);
  if (!name) return { ok: false, reason: 'NO_NAME' };
  const stage = text(record.Stage) ?? 'Qualification';
  const f = forecastByStage.get(stage);
  const forecast: ForecastType = f === 'Closed Won' || f === 'Closed Lost' ? f : 'Open';
  const currency = text(record.Currency) ?? orgCurrency;
  let amount: number | null = null;
  if (record.Amount !== null && record.Amount !== undefined && record.Amount !== '') {
    const parsed = parseAmount(record.Amount as string | number, currency);
    if (!parsed.ok) return { ok: false, reason: 'INVALID_AMOUNT' };
    amount = parsed.minor;
  }
  const closing = text(record.Closing_Date);
  return {
    ok: true,
    deal: {
      deal_name: name,
      stage,
      forecast_type: forecast,
      amount,
      currency_code: currency,
      closing_date: closing && /^\d{4}-\d{2}-\d{2}$/.test(closing) ? closing : null,
    },
    ownerExternalId: lookupId(record.Owner),
    accountExternalId: lookupId(record.Account_Name),
    contactExternalId: lookupId(record.Contact_Name),
  };
}

/**
 * Seats: CRM users are imported active while seats remain, the rest inactive (seed: "The number of
 * active members imported will depend upon your subscription plan"). Users already active keep
 * their seat; CRM users that are not active in CRM never take one.
 * @returns for each incoming user (same order) whether it is active in DealSpend.
 */
export function allocateSeats(
  incoming: ReadonlyArray<{ activeInSource: boolean; alreadyActive: boolean }>,
  seatsInUse: number,
  seatCount: number,
): boolean[] {
  let free = Math.max(0, seatCount - seatsInUse);
  return incoming.map((u) => {
    if (!u.activeInSource) return false;
    if (u.alreadyActive) return true;
    if (free > 0) {
      free--;
      return true;
    }
    return false;
  });
}

/**
 * People employees who have someone reporting to them become approvers, the others submitters
 * (seed: "Employees who have users reporting to them will be added as Approvers"). Managers are
 * found through `Reporting_To.ID` (or `.MailID`), never by parsing the display string.
 */
export function managerKeys(employees: ReadonlyArray<Readonly<Record<string, unknown>>>): Set<string> {
  const keys = new Set<string>();
  for (const e of employees) {
    const id = text(e['Reporting_To.ID']);
    const mail = text(e['Reporting_To.MailID']);
    if (id) keys.add(`id:${id}`);
    if (mail) keys.add(`mail:${mail.toLowerCase()}`);
  }
  return keys;
}

export function roleForEmployee(
  employee: Readonly<Record<string, unknown>>,
  managers: ReadonlySet<string>,
): 'approver' | 'submitter' {
  const id = text(employee.Zoho_ID);
  const mail = text(employee.EmailID);
  return (id && managers.has(`id:${id}`)) || (mail && managers.has(`mail:${mail.toLowerCase()}`))
    ? 'approver'
    : 'submitter';
}

export type EmployeeMapping =
  | {
      ok: true;
      email: string;
      name: string;
      employeeNumber: string | null;
      active: boolean;
      departmentExternalId: string | null;
      managerExternalId: string | null;
      managerEmail: string | null;
    }
  | { ok: false; reason: 'NO_EMAIL' };

export function mapPeopleEmployee(
  record: Readonly<Record<string, unknown>>,
  fieldMap: FieldMap,
): EmployeeMapping {
  const v: Record<string, string | null> = {};
  for (const [field, target] of Object.entries(fieldMap)) v[target] = text(record[field]);
  const email = (v.email ?? text(record.EmailID))?.toLowerCase();
  if (!email?.includes('@')) return { ok: false, reason: 'NO_EMAIL' };
  const name = [v.first_name ?? text(record.FirstName), v.last_name ?? text(record.LastName)]
    .filter(Boolean)
    .join(' ');
  return {
    ok: true,
    email,
    name: name || email,
    employeeNumber: v.employee_number ?? null,
    active: (text(record.Employeestatus) ?? 'Active') === 'Active',
    departmentExternalId: text(record['Department.ID']),
    managerExternalId: text(record['Reporting_To.ID']),
    managerEmail: text(record['Reporting_To.MailID'])?.toLowerCase() ?? null,
  };
}

/** Zoho's Modified_Time ("2026-03-04T10:20:30+05:30") → ISO UTC; People's epoch-ms strings too. */
export function normalizeTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const s = String(value);
  const ms = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
