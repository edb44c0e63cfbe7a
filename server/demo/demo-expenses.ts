/**
 * Six months of demo spending on deals: a few hundred expenses in several currencies, most of them
 * grouped into one report per rep, deal and month. Each report is walked through the real report
 * state machine (submit to the rep's manager, approve, reject, reimburse by the admin), so statuses,
 * approval history and the audit chain are exactly what the API would have produced.
 */
import type { Insertable, Transaction } from 'kysely';
import type {
  ApprovalHistoryTable,
  Database,
  DealRow,
  NewExpense,
  NewReport,
  OrganizationRow,
  UserRow,
} from '../db/schema.js';
import {
  type AuditEntryContent,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
} from '../domain/audit-chain.js';
import { convertToBase } from '../domain/money.js';
import {
  type Actor,
  expenseStatusFor,
  type ReportAction,
  type ReportState,
  transition,
} from '../domain/report-state.js';
import type { Clock, IdGenerator } from '../ids.js';
import { type DemoRates, demoRateOn } from './demo-currencies.js';
import { createDemoRandom, type DemoRandom } from './demo-random.js';

const DAY = 86_400_000;
/** How far back the demo spending goes. */
const HISTORY_DAYS = 180;
/** Expenses per spender, on average. */
const EXPENSES_PER_SPENDER = 30;

/** Category → typical amount range in base-currency major units, and merchants. */
const SPEND: Readonly<Record<string, { min: number; max: number; merchants: readonly string[] }>> = {
  Meals: {
    min: 18,
    max: 240,
    merchants: ['The Capital Grille', 'Nando’s', 'Pret A Manger', 'Blue Bottle Cafe'],
  },
  Lodging: { min: 140, max: 620, merchants: ['Marriott', 'Hilton', 'Hyatt Regency', 'Taj Hotels'] },
  'Air Travel': {
    min: 180,
    max: 1400,
    merchants: ['United Airlines', 'Lufthansa', 'British Airways', 'Air India'],
  },
  'Taxi & Ride Share': { min: 12, max: 95, merchants: ['Uber', 'Lyft', 'FreeNow', 'Ola'] },
  Entertainment: { min: 60, max: 480, merchants: ['Madison Square Garden', 'Topgolf', 'O2 Arena'] },
  'Client Gifts': { min: 25, max: 250, merchants: ['Harry & David', 'Fortnum & Mason', 'Amazon'] },
  'Conference & Events': { min: 150, max: 1800, merchants: ['SaaStr', 'Web Summit', 'Dreamforce'] },
  'Car Rental': { min: 70, max: 420, merchants: ['Hertz', 'Avis', 'Sixt'] },
  Parking: { min: 6, max: 45, merchants: ['SpotHero', 'NCP', 'LAZ Parking'] },
  Fuel: { min: 30, max: 110, merchants: ['Shell', 'BP', 'Chevron'] },
};

const REJECT_REASONS = [
  'Please attach the itemised receipt.',
  'Entertainment above policy without an attendee list.',
  'Split this into the right categories, please.',
];

interface DemoExpense {
  row: NewExpense;
  user: UserRow;
  deal: DealRow;
}

export interface DemoDirectory {
  users: UserRow[];
  deals: DealRow[];
  rates: DemoRates;
}

type HistoryRow = Insertable<ApprovalHistoryTable>;

interface AuditEvent {
  time: Date;
  entity_type: 'expense' | 'report';
  entity_id: string;
  action: string;
  actor_id: string;
  changes: Record<string, [unknown, unknown]>;
}

export async function loadDemoActivity(
  trx: Transaction<Database>,
  org: OrganizationRow,
  dir: DemoDirectory,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<void> {
  const random = createDemoRandom(0x0e_2026);
  const now = ctx.clock();
  const categories = await trx
    .selectFrom('expense_categories')
    .select(['category_id', 'category_name'])
    .where('org_id', '=', org.org_id)
    .execute();
  const categoryId = new Map(categories.map((c) => [c.category_name, c.category_id]));
  const expenses = makeDemoExpenses(random, org, dir, categoryId, now, ctx.ids);
  const audit: AuditEvent[] = [];
  const filed = fileDemoReports(random, org, dir.users, expenses, now, ctx.ids, audit);
  await insertInChunks(trx, 'expense_reports', filed.reports);
  await insertInChunks(trx, 'approval_history', filed.history);
  await insertInChunks(
    trx,
    'expenses',
    expenses.map((e) => e.row),
  );
  await writeDemoAuditChain(trx, org.org_id, audit);
  if (filed.reports.length > 0) {
    await trx
      .insertInto('counters')
      .values({ org_id: org.org_id, name: REPORT_COUNTER, value: filed.reports.length })
      .execute();
  }
}

/** The counters the live services number reports and audit entries with (see modules/audit). */
const REPORT_COUNTER = 'report_number';
const AUDIT_COUNTER = 'audit_log';

/** Many rows per statement (the demo writes thousands), well under SQLite's bound-variable limit. */
async function insertInChunks<T extends 'expenses' | 'expense_reports' | 'approval_history' | 'audit_log'>(
  trx: Transaction<Database>,
  table: T,
  rows: readonly unknown[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 40) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + 40) as never)
      .execute();
  }
}

/**
 * Writes the organisation's audit chain in time order, hashed exactly as appendAudit hashes live
 * entries (same content, canonical JSON, previous hash), but in a few statements instead of three
 * round trips per entry. The organisation is new, so the chain starts at the genesis hash.
 */
async function writeDemoAuditChain(trx: Transaction<Database>, orgId: string, events: AuditEvent[]) {
  events.sort((a, b) => a.time.getTime() - b.time.getTime());
  let prev = GENESIS_HASH;
  const rows = events.map((e, i) => {
    const changes = JSON.parse(canonicalJson(e.changes)) as AuditEntryContent['changes'];
    const content: AuditEntryContent = {
      org_id: orgId,
      seq: i + 1,
      entity_type: e.entity_type,
      entity_id: e.entity_id,
      action: e.action,
      actor_id: e.actor_id,
      changes,
      time: e.time.toISOString(),
      prev_hash: prev,
    };
    const hash = hashAuditEntry(content);
    prev = hash;
    return { ...content, changes: canonicalJson(changes), hash };
  });
  await insertInChunks(trx, 'audit_log', rows);
  if (rows.length > 0) {
    await trx
      .insertInto('counters')
      .values({ org_id: orgId, name: AUDIT_COUNTER, value: rows.length })
      .execute();
  }
}

/** Who spends: active non-admins with an active manager. */
function spendersOf(users: readonly UserRow[]): UserRow[] {
  const active = new Set(users.filter((u) => u.status === 'active').map((u) => u.user_id));
  return users.filter(
    (u) =>
      u.status === 'active' && u.user_role !== 'admin' && u.manager_id !== null && active.has(u.manager_id),
  );
}

function makeDemoExpenses(
  random: DemoRandom,
  org: OrganizationRow,
  dir: DemoDirectory,
  categoryId: Map<string, string>,
  now: Date,
  ids: IdGenerator,
): DemoExpense[] {
  const out: DemoExpense[] = [];
  const names = Object.keys(SPEND).filter((n) => categoryId.has(n));
  if (dir.deals.length === 0 || names.length === 0) return out;
  for (const user of spendersOf(dir.users)) {
    const own = dir.deals.filter((d) => d.owner_id === user.user_id);
    const count = random.int(EXPENSES_PER_SPENDER - 10, EXPENSES_PER_SPENDER + 10);
    for (let i = 0; i < count; i++) {
      const deal = own.length > 0 && random.chance(0.85) ? random.pick(own) : random.pick(dir.deals);
      const name = random.pick(names);
      const spend = SPEND[name]!;
      const date = new Date(now.getTime() - random.int(0, HISTORY_DAYS) * DAY).toISOString().slice(0, 10);
      const baseMinor = random.int(spend.min * 100, spend.max * 100);
      const roll = random.next();
      let currency = org.base_currency;
      if (roll > 0.92) currency = 'INR';
      else if (roll > 0.82) currency = 'GBP';
      else if (roll > 0.7) currency = 'EUR';
      let rate = demoRateOn(dir.rates, org.base_currency, currency, date);
      if (rate === undefined) {
        currency = org.base_currency;
        rate = '1';
      }
      // Both sides have two decimal places here (USD, EUR, GBP, INR), so minor / rate is the foreign amount.
      let amount = currency === org.base_currency ? baseMinor : Math.round(baseMinor / Number(rate));
      if (currency === 'INR') amount = Math.max(100, Math.round(amount / 100) * 100);
      const time = `${date}T18:00:00.000Z`;
      out.push({
        user,
        deal,
        row: {
          expense_id: ids(),
          org_id: org.org_id,
          user_id: user.user_id,
          date,
          category_id: categoryId.get(name)!,
          amount,
          currency_code: currency,
          exchange_rate: rate,
          base_amount: convertToBase(amount, currency, org.base_currency, rate),
          merchant_name: random.pick(spend.merchants),
          description: `${name} for ${deal.deal_name}`,
          reference_number: '',
          is_reimbursable: 1,
          is_billable: random.chance(0.3) ? 1 : 0,
          customer_id: deal.account_id ?? deal.contact_id,
          deal_id: deal.deal_id,
          project_id: null,
          report_id: null,
          attendees: '[]',
          expense_type: 'non_mileage',
          extra: '{}',
          status: 'unreported',
          created_time: time,
          last_modified_time: time,
        },
      });
    }
  }
  return out.sort((a, b) => a.row.date.localeCompare(b.row.date));
}

/** The life a report will have lived by now, from the age of its newest expense. */
function plannedActions(random: DemoRandom, ageDays: number): ReportAction['type'][] {
  const r = random.next();
  if (ageDays > 90) {
    if (r < 0.75) return ['submit', 'approve', 'reimburse'];
    if (r < 0.9) return ['submit', 'approve'];
    return ['submit', 'reject'];
  }
  if (ageDays > 30) {
    if (r < 0.35) return ['submit', 'approve', 'reimburse'];
    if (r < 0.7) return ['submit', 'approve'];
    if (r < 0.85) return ['submit'];
    return ['submit', 'reject'];
  }
  if (r < 0.5) return ['submit'];
  if (r < 0.85) return [];
  return ['submit', 'approve'];
}

function fileDemoReports(
  random: DemoRandom,
  org: OrganizationRow,
  users: readonly UserRow[],
  expenses: DemoExpense[],
  now: Date,
  ids: IdGenerator,
  audit: AuditEvent[],
): { reports: NewReport[]; history: HistoryRow[] } {
  const reports: NewReport[] = [];
  const history: HistoryRow[] = [];
  const admin = users.find((u) => u.user_role === 'admin' && u.status === 'active');
  const groups = new Map<string, DemoExpense[]>();
  for (const e of expenses) {
    const age = (now.getTime() - Date.parse(e.row.date)) / DAY;
    // Recent spending is often not filed yet; a little older spending too.
    if ((age < 14 && random.chance(0.6)) || random.chance(0.05)) continue;
    const key = `${e.user.user_id}|${e.deal.deal_id}|${e.row.date.slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const ordered = [...groups.values()].sort((a, b) => a.at(-1)!.row.date.localeCompare(b.at(-1)!.row.date));
  for (const group of ordered) {
    const first = group[0]!;
    const last = group.at(-1)!;
    const user = first.user;
    const reportId = ids();
    const created = new Date(Date.parse(last.row.date) + DAY + 10 * 3_600_000);
    if (created > now) continue;
    const number = reports.length + 1;
    let state: ReportState = {
      user_id: user.user_id,
      status: 'draft',
      approver_id: null,
      approval_level: 0,
      approval_flow: [],
      submitted_date: null,
      approved_date: null,
      reimbursement_date: null,
    };
    let time = created;
    let expenseStatus: NewExpense['status'] = 'unsubmitted';
    const ageDays = (now.getTime() - Date.parse(last.row.date)) / DAY;
    for (const type of plannedActions(random, ageDays)) {
      const at = new Date(
        time.getTime() + random.int(type === 'submit' ? 1 : 20, type === 'reimburse' ? 140 : 90) * 3_600_000,
      );
      if (at > now) break;
      const manager = users.find((u) => u.user_id === user.manager_id);
      let action: ReportAction;
      let actor: Actor | undefined;
      if (type === 'submit') {
        if (!manager) break;
        action = { type, flow: [{ level: 1, approver_id: manager.user_id }], expense_count: group.length };
        actor = user;
      } else if (type === 'approve') {
        action = { type };
        actor = manager;
      } else if (type === 'reject') {
        action = { type, reason: random.pick(REJECT_REASONS) };
        actor = manager;
      } else {
        action = { type: 'reimburse' };
        actor = admin;
      }
      if (!actor) break;
      const result = transition(state, action, actor, at);
      if (!result.ok) break;
      history.push({
        history_id: ids(),
        org_id: org.org_id,
        report_id: reportId,
        ...result.history,
        time: at.toISOString(),
      });
      audit.push({
        time: at,
        entity_type: 'report',
        entity_id: reportId,
        action: result.history.action,
        actor_id: actor.user_id,
        changes: result.history.comments
          ? { ...result.audit, comments: [null, result.history.comments] }
          : result.audit,
      });
      const nextStatus = expenseStatusFor(result.report.status);
      if (nextStatus !== expenseStatus) {
        for (const e of group) {
          audit.push({
            time: at,
            entity_type: 'expense',
            entity_id: e.row.expense_id,
            action: `report_${result.history.action}`,
            actor_id: actor.user_id,
            changes: { status: [expenseStatus, nextStatus] },
          });
        }
      }
      expenseStatus = nextStatus;
      state = result.report;
      time = at;
    }
    for (const e of group) {
      e.row.report_id = reportId;
      e.row.status = expenseStatus;
      e.row.last_modified_time = time.toISOString();
    }
    reports.push({
      report_id: reportId,
      org_id: org.org_id,
      user_id: user.user_id,
      report_number: `ER-${String(number).padStart(5, '0')}`,
      report_name: `${first.deal.deal_name} – ${monthName(first.row.date)}`,
      description: `Customer meetings and travel for ${first.deal.deal_name}`,
      start_date: first.row.date,
      end_date: last.row.date,
      customer_id: first.deal.account_id ?? first.deal.contact_id,
      deal_id: first.deal.deal_id,
      status: state.status,
      approver_id: state.approver_id,
      approval_level: state.approval_level,
      approval_flow: JSON.stringify(state.approval_flow),
      submitted_date: state.submitted_date,
      approved_date: state.approved_date,
      reimbursement_date: state.reimbursement_date,
      created_time: created.toISOString(),
      last_modified_time: time.toISOString(),
    });
  }
  return { reports, history };
}

function monthName(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
