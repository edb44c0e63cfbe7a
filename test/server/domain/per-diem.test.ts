import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateOfDayNumber,
  dayNumber,
  MAX_PER_DIEM_DAYS,
  type PerDiemPolicyRates,
  type PerDiemRule,
  parseClockTime,
  percentForMinutes,
  perDiemForIndividualDays,
  perDiemForTrip,
  shareOfRate,
  validateRules,
} from '../../../server/domain/per-diem.js';

/** <8 h → 0 %, 8–24 h → 50 %; a full day is always 100 %. */
const RULES: PerDiemRule[] = [
  { minHours: 0, maxHours: 8, percent: 0 },
  { minHours: 8, maxHours: 24, percent: 50 },
];
const POLICY: PerDiemPolicyRates = { rates: { Berlin: 2800, Munich: 3000, Paris: 4500 }, rules: RULES };

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

describe('perDiemForTrip (seed example: 14 Jan 09:00 → 17 Jan 17:00)', () => {
  const trip = {
    startDate: '2026-01-14',
    startTime: '09:00',
    endDate: '2026-01-17',
    endTime: '17:00',
    departureLocation: 'Berlin',
    arrivalLocation: 'Paris',
    stayLocation: 'Munich',
  };

  it('counts the first day from the start time to midnight and the last from midnight to the end time', () => {
    const { lines } = ok(perDiemForTrip(POLICY, trip));
    expect(lines.map((l) => [l.date, l.hours])).toEqual([
      ['2026-01-14', 15],
      ['2026-01-15', 24],
      ['2026-01-16', 24],
      ['2026-01-17', 17],
    ]);
  });

  it('uses the departure location on the first day, the arrival location on the last, the stay between', () => {
    const { lines } = ok(perDiemForTrip(POLICY, trip));
    expect(lines.map((l) => l.location)).toEqual(['Berlin', 'Munich', 'Munich', 'Paris']);
  });

  it('applies the hour rules to partial days and pays full days in full', () => {
    const { lines } = ok(perDiemForTrip(POLICY, trip));
    expect(lines.map((l) => [l.percent, l.amount])).toEqual([
      [50, 1400],
      [100, 3000],
      [100, 3000],
      [50, 2250],
    ]);
  });

  it('defaults the days between to the arrival location', () => {
    const { lines } = ok(perDiemForTrip(POLICY, { ...trip, stayLocation: undefined }));
    expect(lines.map((l) => l.location)).toEqual(['Berlin', 'Paris', 'Paris', 'Paris']);
  });

  it('a trip within one day runs from start to end time at the departure location', () => {
    const { lines } = ok(perDiemForTrip(POLICY, { ...trip, endDate: '2026-01-14', endTime: '20:00' }));
    expect(lines).toEqual([
      { date: '2026-01-14', location: 'Berlin', hours: 11, rate: 2800, percent: 50, amount: 1400 },
    ]);
  });

  it('a short day earns nothing under a 0 % rule', () => {
    const { lines } = ok(perDiemForTrip(POLICY, { ...trip, startTime: '18:00' }));
    expect(lines[0]).toMatchObject({ hours: 6, percent: 0, amount: 0 });
  });

  it('refuses an end before the start', () => {
    expect(perDiemForTrip(POLICY, { ...trip, endDate: '2026-01-13' })).toMatchObject({
      ok: false,
      reason: 'INVALID_PER_DIEM_PERIOD',
    });
    expect(perDiemForTrip(POLICY, { ...trip, endDate: '2026-01-14', endTime: '08:00' })).toMatchObject({
      ok: false,
      reason: 'INVALID_PER_DIEM_PERIOD',
    });
  });

  it('refuses impossible dates and times', () => {
    expect(perDiemForTrip(POLICY, { ...trip, startDate: '2025-02-30' })).toMatchObject({ ok: false });
    expect(perDiemForTrip(POLICY, { ...trip, startTime: '24:00' })).toMatchObject({ ok: false });
    expect(perDiemForTrip(POLICY, { ...trip, endTime: '25:00' })).toMatchObject({ ok: false });
  });

  it('refuses a period longer than the maximum', () => {
    expect(perDiemForTrip(POLICY, { ...trip, endDate: '2026-06-30' })).toMatchObject({
      ok: false,
      reason: 'INVALID_PER_DIEM_PERIOD',
    });
  });

  it('names a location the policy has no rate for', () => {
    expect(perDiemForTrip(POLICY, { ...trip, arrivalLocation: 'Rome' })).toEqual({
      ok: false,
      reason: 'PER_DIEM_NO_RATE',
      location: 'Rome',
    });
    // Inherited object keys are not locations.
    expect(perDiemForTrip(POLICY, { ...trip, arrivalLocation: 'toString' })).toMatchObject({
      reason: 'PER_DIEM_NO_RATE',
    });
  });
});

describe('perDiemForIndividualDays (seed example: 09:00–17:00 each day)', () => {
  it('counts eight hours on every day', () => {
    const { lines } = ok(
      perDiemForIndividualDays(POLICY, {
        startDate: '2026-01-14',
        startTime: '09:00',
        endDate: '2026-01-17',
        endTime: '17:00',
        location: 'Berlin',
      }),
    );
    expect(lines.map((l) => [l.date, l.hours, l.percent, l.amount])).toEqual([
      ['2026-01-14', 8, 50, 1400],
      ['2026-01-15', 8, 50, 1400],
      ['2026-01-16', 8, 50, 1400],
      ['2026-01-17', 8, 50, 1400],
    ]);
  });

  it('00:00–24:00 is a full day', () => {
    const { lines } = ok(
      perDiemForIndividualDays(POLICY, {
        startDate: '2026-03-01',
        startTime: '00:00',
        endDate: '2026-03-01',
        endTime: '24:00',
        location: 'Paris',
      }),
    );
    expect(lines[0]).toMatchObject({ hours: 24, percent: 100, amount: 4500 });
  });
});

describe('rules', () => {
  it('the most specific matching rule wins; no rules pays 100 %', () => {
    const rules: PerDiemRule[] = [
      { minHours: 0, maxHours: 24, percent: 10 },
      { minHours: 12, maxHours: 24, percent: 80 },
    ];
    expect(percentForMinutes(rules, 13 * 60)).toBe(80);
    expect(percentForMinutes(rules, 2 * 60)).toBe(10);
    expect(percentForMinutes([], 60)).toBe(100);
    expect(percentForMinutes([{ minHours: 8, maxHours: 24, percent: 50 }], 60)).toBe(0);
  });

  it('rounds a share half away from zero', () => {
    expect(shareOfRate(1001, 50)).toBe(501);
    expect(shareOfRate(1000, 33)).toBe(330);
    expect(shareOfRate(3, 50)).toBe(2);
  });

  it('validates rule bounds and overlaps', () => {
    expect(validateRules(RULES)).toEqual({ ok: true });
    expect(validateRules([{ minHours: 8, maxHours: 8, percent: 10 }])).toMatchObject({ ok: false });
    expect(validateRules([{ minHours: 0, maxHours: 25, percent: 10 }])).toMatchObject({ ok: false });
    expect(validateRules([{ minHours: 0, maxHours: 8, percent: 101 }])).toMatchObject({ ok: false });
    expect(
      validateRules([
        { minHours: 0, maxHours: 10, percent: 0 },
        { minHours: 8, maxHours: 24, percent: 50 },
      ]),
    ).toMatchObject({ ok: false });
  });

  it('parses clock times and calendar dates strictly', () => {
    expect(parseClockTime('09:30')).toBe(570);
    expect(parseClockTime('24:00')).toBeUndefined();
    expect(parseClockTime('24:00', true)).toBe(1440);
    expect(parseClockTime('24:01', true)).toBeUndefined();
    expect(parseClockTime('9:30')).toBeUndefined();
    expect(dayNumber('2024-02-29')).toBeDefined();
    expect(dayNumber('2025-02-29')).toBeUndefined();
    expect(dayNumber('2025-13-01')).toBeUndefined();
  });
});

// --- properties ---------------------------------------------------------------------------------

const dayArb = fc.integer({ min: dayNumber('2000-01-01')!, max: dayNumber('2090-12-31')! });
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const rulesArb = fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 4 }).chain((cuts) => {
  const points = [0, ...cuts.sort((a, b) => a - b), 24];
  return fc
    .array(fc.integer({ min: 0, max: 100 }), { minLength: points.length - 1, maxLength: points.length - 1 })
    .map((percents) =>
      percents.map((percent, i) => ({ minHours: points[i]!, maxHours: points[i + 1]!, percent })),
    );
});
const policyArb = fc.record({
  rates: fc.record({
    A: fc.integer({ min: 1, max: 1_000_000 }),
    B: fc.integer({ min: 1, max: 1_000_000 }),
    C: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  rules: rulesArb,
});

describe('per diem properties', () => {
  it('a trip has one line per calendar day it spans, in date order', () => {
    fc.assert(
      fc.property(
        policyArb,
        dayArb,
        fc.integer({ min: 1, max: MAX_PER_DIEM_DAYS - 1 }),
        timeArb,
        timeArb,
        (policy, first, span, st, et) => {
          const r = perDiemForTrip(policy, {
            startDate: dateOfDayNumber(first),
            startTime: st,
            endDate: dateOfDayNumber(first + span),
            endTime: et,
            departureLocation: 'A',
            arrivalLocation: 'B',
            stayLocation: 'C',
          });
          const { lines } = ok(r);
          expect(lines).toHaveLength(span + 1);
          expect(lines.map((l) => l.date)).toEqual(
            Array.from({ length: span + 1 }, (_, i) => dateOfDayNumber(first + i)),
          );
        },
      ),
    );
  });

  it('a full middle day of a trip is always 100 % of its location rate', () => {
    fc.assert(
      fc.property(
        policyArb,
        dayArb,
        fc.integer({ min: 2, max: 30 }),
        timeArb,
        timeArb,
        (policy, first, span, st, et) => {
          const { lines } = ok(
            perDiemForTrip(policy, {
              startDate: dateOfDayNumber(first),
              startTime: st,
              endDate: dateOfDayNumber(first + span),
              endTime: et,
              departureLocation: 'A',
              arrivalLocation: 'B',
              stayLocation: 'C',
            }),
          );
          for (const middle of lines.slice(1, -1)) {
            expect(middle).toMatchObject({ location: 'C', hours: 24, percent: 100, amount: policy.rates.C });
          }
        },
      ),
    );
  });

  it('trip hours add up to the time between start and end', () => {
    fc.assert(
      fc.property(
        policyArb,
        dayArb,
        fc.integer({ min: 1, max: 30 }),
        timeArb,
        timeArb,
        (policy, first, span, st, et) => {
          const { lines } = ok(
            perDiemForTrip(policy, {
              startDate: dateOfDayNumber(first),
              startTime: st,
              endDate: dateOfDayNumber(first + span),
              endTime: et,
              departureLocation: 'A',
              arrivalLocation: 'B',
            }),
          );
          const minutes = span * 1440 + parseClockTime(et)! - parseClockTime(st)!;
          const sum = lines.reduce((s, l) => s + l.hours, 0);
          expect(Math.abs(sum - minutes / 60)).toBeLessThan(0.02 * lines.length);
        },
      ),
    );
  });

  it('individual days with the same window give equal hours (and amounts) every day', () => {
    fc.assert(
      fc.property(
        policyArb,
        dayArb,
        fc.integer({ min: 0, max: MAX_PER_DIEM_DAYS - 1 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 1440 }),
        (policy, first, span, start, length) => {
          const end = Math.min(1440, start + length);
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const { lines } = ok(
            perDiemForIndividualDays(policy, {
              startDate: dateOfDayNumber(first),
              startTime: hhmm(start),
              endDate: dateOfDayNumber(first + span),
              endTime: hhmm(end),
              location: 'A',
            }),
          );
          expect(lines).toHaveLength(span + 1);
          expect(new Set(lines.map((l) => l.hours)).size).toBe(1);
          expect(new Set(lines.map((l) => l.amount)).size).toBe(1);
        },
      ),
    );
  });

  it('an amount never exceeds the location rate and is never negative', () => {
    fc.assert(
      fc.property(
        policyArb,
        dayArb,
        fc.integer({ min: 0, max: 10 }),
        timeArb,
        timeArb,
        (policy, first, span, st, et) => {
          const r = perDiemForTrip(policy, {
            startDate: dateOfDayNumber(first),
            startTime: st,
            endDate: dateOfDayNumber(first + span),
            endTime: et,
            departureLocation: 'A',
            arrivalLocation: 'B',
          });
          if (!r.ok) return;
          for (const l of r.lines) {
            expect(l.amount).toBeGreaterThanOrEqual(0);
            expect(l.amount).toBeLessThanOrEqual(l.rate);
          }
        },
      ),
    );
  });
});
