/**
 * Per diem (seed: "Record Per diem Expenses"; reference §3.6). A policy has a full-day rate per
 * location and hour-based rules saying which share of the rate a partial day earns.
 *
 * Hours per day:
 * - Trip: the first day runs from the start time to the end of the day (midnight counts as the end of
 *   the day, so 09:00 → 15 h), the last day from 00:00 to the end time, every day between is 24 h.
 *   The first day uses the departure location, the last day the arrival location, the days between
 *   the stay location (default: the arrival location). A trip within one day runs from the start
 *   to the end time at the departure location.
 * - Individual days: the same start–end window is applied to every day, at one location.
 *
 * Share of the rate: a full 24 h day always earns 100 %. A partial day earns the percent of the rule
 * with the greatest minHours such that minHours ≤ hours < maxHours; no matching rule earns 0 %; a
 * policy without rules pays 100 % for any day. Amount = rate × percent / 100, rounded half away
 * from zero to the minor unit.
 */
import type { Minor } from './money.js';

export interface PerDiemRule {
  minHours: number;
  maxHours: number;
  /** Whole percent of the location's rate, 0–100. */
  percent: number;
}

export interface PerDiemPolicyRates {
  /** Full-day rate per location, minor units of the policy currency. */
  rates: Readonly<Record<string, Minor>>;
  rules: readonly PerDiemRule[];
}

export interface PerDiemLine {
  date: string;
  location: string;
  /** Hours counted on this day, to two decimals. */
  hours: number;
  rate: Minor;
  percent: number;
  amount: Minor;
}

export interface PerDiemPeriod {
  startDate: string;
  /** 'HH:MM', 00:00–23:59. */
  startTime: string;
  endDate: string;
  /** 'HH:MM', 00:00–24:00 (24:00 = the end of the day). */
  endTime: string;
}

export interface TripInput extends PerDiemPeriod {
  departureLocation: string;
  arrivalLocation: string;
  /** Where the days between are spent; the arrival location when omitted. */
  stayLocation?: string | undefined;
}

export interface IndividualDaysInput extends PerDiemPeriod {
  location: string;
}

export type PerDiemResult =
  | { ok: true; lines: PerDiemLine[] }
  | { ok: false; reason: 'INVALID_PER_DIEM_PERIOD'; detail: string }
  | { ok: false; reason: 'PER_DIEM_NO_RATE'; location: string };

/** Longest period one calculation covers. */
export const MAX_PER_DIEM_DAYS = 92;
const DAY_MINUTES = 24 * 60;
const MS_PER_DAY = 86_400_000;

/** 'HH:MM' → minutes after midnight, or undefined. `allowEndOfDay` admits '24:00'. */
export function parseClockTime(s: string, allowEndOfDay = false): number | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > DAY_MINUTES || (minutes === DAY_MINUTES && !allowEndOfDay)) return undefined;
  return minutes;
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or undefined for an impossible date. */
export function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The percent of the rate earned for `minutes` on one day (see the block comment above). */
export function percentForMinutes(rules: readonly PerDiemRule[], minutes: number): number {
  if (minutes >= DAY_MINUTES || rules.length === 0) return 100;
  let best: PerDiemRule | undefined;
  for (const r of rules) {
    if (r.minHours * 60 <= minutes && minutes < r.maxHours * 60 && (!best || r.minHours > best.minHours))
      best = r;
  }
  return best?.percent ?? 0;
}

/** rate × percent / 100, half away from zero (rates are never negative, so half up). */
export function shareOfRate(rate: Minor, percent: number): Minor {
  const scaled = BigInt(rate) * BigInt(Math.round(percent * 100));
  return Number((scaled + 5000n) / 10000n);
}

/** Checks rules an admin enters: 0 ≤ min < max ≤ 24, percent 0–100, no overlaps. */
export function validateRules(rules: readonly PerDiemRule[]): { ok: true } | { ok: false; detail: string } {
  const sorted = [...rules].sort((a, b) => a.minHours - b.minHours);
  for (const [i, r] of sorted.entries()) {
    if (!(r.minHours >= 0 && r.minHours < r.maxHours && r.maxHours <= 24)) {
      return {
        ok: false,
        detail: `rule ${r.minHours}–${r.maxHours} h must have 0 ≤ min_hours < max_hours ≤ 24`,
      };
    }
    if (!(r.percent >= 0 && r.percent <= 100))
      return { ok: false, detail: 'percent must be between 0 and 100' };
    const next = sorted[i + 1];
    if (next && next.minHours < r.maxHours) {
      return {
        ok: false,
        detail: `rules ${r.minHours}–${r.maxHours} h and ${next.minHours}–${next.maxHours} h overlap`,
      };
    }
  }
  return { ok: true };
}

type DayPlan = { day: number; location: string; minutes: number };

function period(
  input: PerDiemPeriod,
): { ok: true; first: number; last: number; start: number; end: number } | { ok: false; detail: string } {
  const first = dayNumber(input.startDate);
  const last = dayNumber(input.endDate);
  const start = parseClockTime(input.startTime);
  const end = parseClockTime(input.endTime, true);
  if (first === undefined) return { ok: false, detail: 'start_date is not a real date' };
  if (last === undefined) return { ok: false, detail: 'end_date is not a real date' };
  if (start === undefined) return { ok: false, detail: 'start_time must be HH:MM between 00:00 and 23:59' };
  if (end === undefined) return { ok: false, detail: 'end_time must be HH:MM between 00:00 and 24:00' };
  if (last < first) return { ok: false, detail: 'end_date is before start_date' };
  if (last - first + 1 > MAX_PER_DIEM_DAYS) {
    return { ok: false, detail: `a per diem period covers at most ${MAX_PER_DIEM_DAYS} days` };
  }
  return { ok: true, first, last, start, end };
}

function price(policy: PerDiemPolicyRates, plan: DayPlan[]): PerDiemResult {
  const lines: PerDiemLine[] = [];
  for (const p of plan) {
    const rate = policy.rates[p.location];
    if (rate === undefined || !Object.hasOwn(policy.rates, p.location)) {
      return { ok: false, reason: 'PER_DIEM_NO_RATE', location: p.location };
    }
    const percent = percentForMinutes(policy.rules, p.minutes);
    lines.push({
      date: dateOfDayNumber(p.day),
      location: p.location,
      hours: Math.round((p.minutes / 60) * 100) / 100,
      rate,
      percent,
      amount: shareOfRate(rate, percent),
    });
  }
  return { ok: true, lines };
}

/** Per diem for a whole trip: one line per calendar day the trip spans. */
export function perDiemForTrip(policy: PerDiemPolicyRates, input: TripInput): PerDiemResult {
  const p = period(input);
  if (!p.ok) return { ok: false, reason: 'INVALID_PER_DIEM_PERIOD', detail: p.detail };
  const stay = input.stayLocation ?? input.arrivalLocation;
  const plan: DayPlan[] = [];
  if (p.first === p.last) {
    if (p.end <= p.start)
      return { ok: false, reason: 'INVALID_PER_DIEM_PERIOD', detail: 'end_time is not after start_time' };
    plan.push({ day: p.first, location: input.departureLocation, minutes: p.end - p.start });
  } else {
    for (let day = p.first; day <= p.last; day++) {
      if (day === p.first)
        plan.push({ day, location: input.departureLocation, minutes: DAY_MINUTES - p.start });
      else if (day === p.last) plan.push({ day, location: input.arrivalLocation, minutes: p.end });
      else plan.push({ day, location: stay, minutes: DAY_MINUTES });
    }
  }
  return price(policy, plan);
}

/** Per diem for individual days: the same daily window on every day from start to end date. */
export function perDiemForIndividualDays(
  policy: PerDiemPolicyRates,
  input: IndividualDaysInput,
): PerDiemResult {
  const p = period(input);
  if (!p.ok) return { ok: false, reason: 'INVALID_PER_DIEM_PERIOD', detail: p.detail };
  if (p.end <= p.start)
    return { ok: false, reason: 'INVALID_PER_DIEM_PERIOD', detail: 'end_time is not after start_time' };
  const plan: DayPlan[] = [];
  for (let day = p.first; day <= p.last; day++)
    plan.push({ day, location: input.location, minutes: p.end - p.start });
  return price(policy, plan);
}
