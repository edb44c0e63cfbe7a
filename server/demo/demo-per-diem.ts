/**
 * The demo's per diem policy, so a rep can record per diem at once (the seed's "rules configured by
 * your admin"): full-day rates for the cities the demo's reps travel to, in the base currency, and
 * the share a partial day earns.
 */
import type { Transaction } from 'kysely';
import type { Database, OrganizationRow } from '../db/schema.js';
import { createPolicy } from '../modules/per-diem/service.js';
import type { DemoContext } from './load-demo.js';

export const DEMO_PER_DIEM_POLICY = 'Standard travel';

/** Full-day rates, in the base currency's major units. */
const RATES: ReadonlyArray<{ location: string; rate: number }> = [
  { location: 'Austin', rate: 59 },
  { location: 'Boston', rate: 74 },
  { location: 'Chicago', rate: 79 },
  { location: 'New York', rate: 79 },
  { location: 'San Francisco', rate: 79 },
  { location: 'Seattle', rate: 74 },
];

/** Under 6 hours earns nothing; 6 to 12 hours half the rate; 12 hours or more three quarters. */
const RULES = [
  { min_hours: 6, max_hours: 12, percent: 50 },
  { min_hours: 12, max_hours: 24, percent: 75 },
];

export async function loadDemoPerDiem(
  trx: Transaction<Database>,
  org: OrganizationRow,
  ctx: DemoContext,
): Promise<void> {
  await createPolicy(
    trx,
    org.org_id,
    { policy_name: DEMO_PER_DIEM_POLICY, currency_code: org.base_currency, rates: [...RATES], rules: RULES },
    ctx,
  );
}
