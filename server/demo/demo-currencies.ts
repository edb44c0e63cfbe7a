/**
 * Demo currencies: EUR, GBP and INR beside the base, with a weekly exchange rate over the past
 * year (a gentle seeded random walk around realistic levels).
 */
import type { Transaction } from 'kysely';
import type { Database, OrganizationRow } from '../db/schema.js';
import type { Clock, IdGenerator } from '../ids.js';
import { createDemoRandom } from './demo-random.js';

/** Typical base-currency (USD) value of one unit, and the places the rate is quoted with. */
const LEVELS: Readonly<Record<string, { level: number; places: number }>> = {
  EUR: { level: 1.08, places: 4 },
  GBP: { level: 1.27, places: 4 },
  INR: { level: 0.012, places: 6 },
};

/** Rates by currency, each list sorted by effective_date ascending. */
export type DemoRates = Map<string, { effective_date: string; rate: string }[]>;

export async function loadDemoCurrencies(
  trx: Transaction<Database>,
  org: OrganizationRow,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<DemoRates> {
  const now = ctx.clock();
  const random = createDemoRandom(0x00fe_2026);
  const rates: DemoRates = new Map();
  for (const [code, { level, places }] of Object.entries(LEVELS)) {
    if (code === org.base_currency) continue;
    await trx
      .insertInto('currencies')
      .values({ org_id: org.org_id, currency_code: code, created_time: now.toISOString() })
      .execute();
    const list: { effective_date: string; rate: string }[] = [];
    let value = level;
    for (let week = 53; week >= 0; week--) {
      const day = new Date(now.getTime() - week * 7 * 86_400_000).toISOString().slice(0, 10);
      value = Math.min(level * 1.06, Math.max(level * 0.94, value * (1 + (random.next() - 0.5) * 0.02)));
      list.push({ effective_date: day, rate: value.toFixed(places) });
    }
    rates.set(code, list);
    await trx
      .insertInto('exchange_rates')
      .values(
        list.map((r) => ({
          rate_id: ctx.ids(),
          org_id: org.org_id,
          currency_code: code,
          effective_date: r.effective_date,
          rate: r.rate,
          created_time: now.toISOString(),
        })),
      )
      .execute();
  }
  return rates;
}

/** The demo rate of `code` on `date` (latest on or before it); "1" for the base currency. */
export function demoRateOn(rates: DemoRates, base: string, code: string, date: string): string | undefined {
  if (code === base) return '1';
  let found: string | undefined;
  for (const r of rates.get(code) ?? []) {
    if (r.effective_date > date) break;
    found = r.rate;
  }
  return found;
}
