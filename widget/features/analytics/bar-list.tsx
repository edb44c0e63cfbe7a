export interface BarListProps {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  /** The value as text, as the report's table shows it (money, a count, a percent). */
  format: (value: number) => string;
}

/**
 * A bar chart of named items (deals, users, categories) as a list: each name on its own line with a
 * bar from zero and the amount, so long names stay readable and every bar is to scale. A list is
 * also what a screen reader reads best.
 */
export function BarList({ title, labels, values, format }: BarListProps) {
  const max = Math.max(0, ...values);
  if (labels.length === 0) return <p class="ds-empty">Nothing to chart yet.</p>;
  return (
    <ol class="ds-bar-list" aria-label={title}>
      {labels.map((label, i) => {
        const v = values[i] ?? 0;
        const share = max > 0 ? Math.max(0, v) / max : 0;
        return (
          <li key={`${label}-${i}`}>
            <span class="ds-bar-list__label" title={label}>
              {label}
            </span>
            <span class="ds-bar-list__track" aria-hidden="true">
              <span class="ds-bar-list__bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
            </span>
            <span class="ds-bar-list__value">{format(v)}</span>
          </li>
        );
      })}
    </ol>
  );
}
