import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from '../../../server/domain/analytics/csv.js';
import { addMonths, lastDayOfMonth, planDateRange } from '../../../server/domain/analytics/date-plan.js';
import { averageMinor, costToDealRatio } from '../../../server/domain/analytics/default-reports.js';
import { checkReportSpec } from '../../../server/domain/analytics/report-spec.js';

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('any table of strings survives export and parsing unchanged (apart from formula guards)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '=', '-') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const columns = ['x', 'y', 'z'].map((k) => ({ key: k, label: k.toUpperCase() }));
        const text = toCsv(
          columns,
          rows.map(([x, y, z]) => ({ x, y, z })),
        );
        const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect(parseCsv(text)).toEqual([['X', 'Y', 'Z'], ...rows.map((r) => r.map(guard))]);
      }),
    );
  });
});

describe('date range planning over monthly rollups', () => {
  const day = fc
    .integer({ min: 0, max: 800 })
    .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));

  it('splits a range into whole rollup months and raw edge days', () => {
    expect(planDateRange('2026-01-15', '2026-03-31')).toEqual({
      months: { from: '2026-02', to: '2026-03' },
      raw: [{ from: '2026-01-15', to: '2026-01-31' }],
    });
    expect(planDateRange('2026-02-01', '2026-02-10')).toEqual({
      months: null,
      raw: [{ from: '2026-02-01', to: '2026-02-10' }],
    });
    expect(planDateRange(undefined, undefined)).toEqual({
      months: { from: undefined, to: undefined },
      raw: [],
    });
    expect(lastDayOfMonth('2024-02-03')).toBe('2024-02-29');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('covers every day of any range exactly once', () => {
    fc.assert(
      fc.property(
        fc.option(day, { nil: undefined }),
        fc.option(day, { nil: undefined }),
        day,
        (from, to, probe) => {
          const plan = planDateRange(from, to);
          const inRange = (!from || probe >= from) && (!to || probe <= to);
          const m = probe.slice(0, 7);
          const byMonths =
            plan.months !== null &&
            (!plan.months.from || m >= plan.months.from) &&
            (!plan.months.to || m <= plan.months.to);
          const byRaw = plan.raw.filter((r) => probe >= r.from && probe <= r.to).length;
          expect(Number(byMonths) + byRaw).toBe(inRange ? 1 : 0);
        },
      ),
    );
  });
});

describe('report spec rules', () => {
  const base = { source: 'expenses' as const, dimensions: [], measures: ['total' as const], filters: {} };

  it('fills in the default sort and statuses', () => {
    const r = checkReportSpec({ ...base, dimensions: ['deal'] });
    expect(r).toEqual({
      ok: true,
      spec: {
        ...base,
        dimensions: ['deal'],
        filters: { status: ['spent', 'pending'] },
        sort: { by: 'total', order: 'desc' },
      },
    });
  });

  it('refuses category on deals, a sort key not in the report, repeats and reversed dates', () => {
    expect(checkReportSpec({ ...base, source: 'deals', dimensions: ['category'] })).toMatchObject({
      ok: false,
      reason: 'CATEGORY_ON_DEALS',
    });
    expect(checkReportSpec({ ...base, sort: { by: 'month', order: 'asc' } })).toMatchObject({
      ok: false,
      reason: 'SORT_NOT_SELECTED',
    });
    expect(checkReportSpec({ ...base, dimensions: ['deal', 'deal'] })).toMatchObject({
      ok: false,
      reason: 'DUPLICATE_DIMENSION',
    });
    expect(checkReportSpec({ ...base, measures: [] })).toMatchObject({ ok: false, reason: 'NO_MEASURE' });
    expect(
      checkReportSpec({ ...base, filters: { date_from: '2026-02-01', date_to: '2026-01-01' } }),
    ).toMatchObject({
      ok: false,
      reason: 'DATES_REVERSED',
    });
  });
});

describe('ratios and averages', () => {
  it('the cost-to-deal ratio is empty without a positive deal amount', () => {
    expect(costToDealRatio(500, 10000)).toBe(0.05);
    expect(costToDealRatio(500, 0)).toBeNull();
    expect(costToDealRatio(500, null)).toBeNull();
  });

  it('averages are whole minor units, rounded half away from zero', () => {
    expect(averageMinor(5, 2)).toBe(3);
    expect(averageMinor(-5, 2)).toBe(-3);
    expect(averageMinor(1, 0)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1000 }), (t, c) => {
        const a = averageMinor(t, c) ?? 0;
        expect(Number.isInteger(a)).toBe(true);
        expect(Math.abs(a - t / c)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});
