/**
 * Query planning for a date range over monthly rollups. Rollups hold whole months, so a range is
 * split into the whole months inside it (read from rollups) and the partial months at its edges
 * (read from the raw expenses, by date). Together they cover the range exactly once.
 */

export interface DatePlan {
  /** Whole months to read from rollups (inclusive bounds, 'YYYY-MM'; undefined = unbounded); null = none. */
  months: { from?: string | undefined; to?: string | undefined } | null;
  /** Inclusive date ranges to read from raw expenses. */
  raw: Array<{ from: string; to: string }>;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Last day of the month of a 'YYYY-MM-DD' or 'YYYY-MM' string, as 'YYYY-MM-DD'. */
export function lastDayOfMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 31);
  return `${date.slice(0, 7)}-${String(d).padStart(2, '0')}`;
}

/** 'YYYY-MM' shifted by n months. */
export function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * Splits [from, to] (either side optional, both inclusive 'YYYY-MM-DD') into rollup months and raw edges.
 * @example planDateRange('2026-01-15', '2026-03-31')
 *   // { months: { from: '2026-02', to: '2026-03' }, raw: [{ from: '2026-01-15', to: '2026-01-31' }] }
 */
export function planDateRange(from: string | undefined, to: string | undefined): DatePlan {
  if (from && to && from > to) return { months: null, raw: [] };
  const raw: Array<{ from: string; to: string }> = [];
  let monthFrom: string | undefined;
  let monthTo: string | undefined;
  if (from) {
    const m = from.slice(0, 7);
    if (from.endsWith('-01')) monthFrom = m;
    else {
      const edgeEnd = to && to < lastDayOfMonth(from) ? to : lastDayOfMonth(from);
      raw.push({ from, to: edgeEnd });
      monthFrom = addMonths(m, 1);
    }
  }
  if (to) {
    const m = to.slice(0, 7);
    if (to === lastDayOfMonth(to)) monthTo = m;
    else {
      monthTo = addMonths(m, -1);
      // The start edge already covers this month when both dates fall in it.
      if (!(from && from.slice(0, 7) === m && !from.endsWith('-01'))) {
        const edgeStart = from && from > `${m}-01` ? from : `${m}-01`;
        raw.push({ from: edgeStart, to });
      }
    }
  }
  const months = monthFrom && monthTo && monthFrom > monthTo ? null : { from: monthFrom, to: monthTo };
  return { months, raw };
}
