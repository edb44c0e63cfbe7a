import { Money } from '../../ui/money.js';
import type { PerDiemLine } from './per-diem-model.js';

export interface PerDiemLinesProps {
  lines: readonly PerDiemLine[];
  currency: string;
  chosen: ReadonlySet<string>;
  onToggle: (date: string) => void;
}

/** The calculated per diem rates, one line per day, each with its checkbox. */
export function PerDiemLines({ lines, currency, chosen, onToggle }: PerDiemLinesProps) {
  return (
    <table class="ds-table">
      <caption>Per diem rates</caption>
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">Date</th>
          <th scope="col">Location</th>
          <th scope="col" class="ds-num">
            Hours
          </th>
          <th scope="col" class="ds-num">
            Share
          </th>
          <th scope="col" class="ds-num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.date}>
            <td>
              <input
                type="checkbox"
                aria-label={`Record per diem for ${l.date}`}
                checked={chosen.has(l.date)}
                onChange={() => onToggle(l.date)}
              />
            </td>
            <td>{l.date}</td>
            <td>{l.location}</td>
            <td class="ds-num">{l.hours}</td>
            <td class="ds-num">{l.percent}%</td>
            <td class="ds-num">
              <Money amount={l.amount} currency={currency} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
