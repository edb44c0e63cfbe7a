import { useEffect, useRef } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  title: string;
  labels: string[];
  values: number[];
}

/**
 * A uPlot line chart (bar charts of named items are lists: see BarList). This module is only
 * reached from the Analytics view's lazy chunk, and uPlot itself is imported on first draw, so
 * neither weighs on the tab's first load.
 */
export function Chart({ title, labels, values }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let plot: { destroy(): void } | null = null;
    let live = true;
    void import('uplot').then(({ default: UPlot }) => {
      const el = host.current;
      if (!live || !el) return;
      const xs = labels.map((_, i) => i);
      plot = new UPlot(
        {
          width: Math.max(240, el.clientWidth || 480),
          height: 220,
          legend: { show: false },
          // Amounts are drawn from zero, so a month's height compares honestly with another's.
          scales: {
            x: { time: false },
            y: { range: (_u: unknown, _min: number, max: number) => [0, max > 0 ? max * 1.1 : 1] },
          },
          axes: [{ values: (_u: unknown, ticks: number[]) => ticks.map((t) => labels[t] ?? '') }, {}],
          series: [{}, { label: title, stroke: '#2266cc' }],
        },
        [xs, values],
        el,
      );
    });
    return () => {
      live = false;
      plot?.destroy();
    };
  }, [title, labels, values]);
  return (
    <div
      ref={host}
      role="img"
      aria-label={`${title}: ${labels.map((l, i) => `${l} ${values[i]}`).join(', ')}`}
    />
  );
}
