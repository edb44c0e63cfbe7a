import { useEffect, useRef } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  kind: 'bar' | 'line';
  title: string;
  labels: string[];
  values: number[];
}

/**
 * A uPlot chart. This module is only reached from the Analytics view's lazy chunk, and uPlot itself
 * is imported on first draw, so neither weighs on the tab's first load.
 */
export function Chart({ kind, title, labels, values }: ChartProps) {
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
          scales: { x: { time: false } },
          axes: [{ values: (_u: unknown, ticks: number[]) => ticks.map((t) => labels[t] ?? '') }, {}],
          series: [
            {},
            {
              label: title,
              stroke: '#2266cc',
              fill: kind === 'bar' ? 'rgba(34,102,204,0.5)' : undefined,
              ...(kind === 'bar' ? { paths: UPlot.paths.bars?.({ size: [0.6, 60] }) } : {}),
            },
          ],
        },
        [xs, values],
        el,
      );
    });
    return () => {
      live = false;
      plot?.destroy();
    };
  }, [kind, title, labels, values]);
  return (
    <div
      ref={host}
      role="img"
      aria-label={`${title}: ${labels.map((l, i) => `${l} ${values[i]}`).join(', ')}`}
    />
  );
}
