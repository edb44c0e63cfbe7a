/**
 * Benchmarks report ratios against a baseline measured in the same run, so the figures mean the
 * same on a fast or a slow machine. Each bench prints one table through printRatioTable.
 */
export interface RatioRow {
  /** What was measured, e.g. "create expense (SQLite)". */
  name: string;
  /** The measured value and the baseline's, in the same unit. */
  value: number;
  baseline: number;
  unit: string;
  /** 'higher' when bigger values are better (throughput), 'lower' for times and sizes. */
  better: 'higher' | 'lower';
  /** The target the ratio must meet, e.g. { op: '>=', ratio: 0.5 }. */
  target?: { op: '>=' | '<='; ratio: number };
  note?: string;
}

export function ratioOf(row: RatioRow): number {
  return row.baseline === 0 ? Number.POSITIVE_INFINITY : row.value / row.baseline;
}

export function meetsTarget(row: RatioRow): boolean | undefined {
  if (!row.target) return undefined;
  const r = ratioOf(row);
  return row.target.op === '>=' ? r >= row.target.ratio : r <= row.target.ratio;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** Prints a Markdown table (pasteable into an issue note) and returns it. */
export function printRatioTable(title: string, rows: RatioRow[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| measurement | value | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const met = meetsTarget(r);
      return `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} | ${fmt(ratioOf(r))} | ${
        r.target ? `${r.target.op} ${r.target.ratio}` : '–'
      } | ${met === undefined ? '–' : met ? 'yes' : 'NO'} |${r.note ? ` ${r.note}` : ''}`;
    }),
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  return text;
}
