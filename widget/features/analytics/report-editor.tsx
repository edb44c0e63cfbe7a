import { useState } from 'preact/hooks';
import { DIMENSIONS, MEASURES, SOURCES } from '../../../server/domain/analytics/report-spec.js';
import { Button } from '../../ui/button.js';
import { toggleIn } from './model.js';
import type { ReportSpec } from './types.js';

export interface ReportEditorProps {
  spec: ReportSpec;
  onChange: (change: (spec: ReportSpec) => ReportSpec) => void;
  onSave: (name: string) => void;
  onCancel: () => void;
}

const LABELS: Record<string, string> = {
  deal: 'Deal',
  stage: 'Stage',
  customer: 'Customer',
  spender: 'Spender',
  department: 'Department',
  category: 'Category',
  month: 'Month',
  total: 'Total',
  count: 'Count',
  average: 'Average',
  expenses: 'Expenses',
  reports: 'Expense reports',
  deals: 'Deals',
};

/** Edit a report: data source, dimensions, measures, sort; then save it as a new report. */
export function ReportEditor({ spec, onChange, onSave, onCancel }: ReportEditorProps) {
  const [name, setName] = useState('');
  const sortable = [...spec.dimensions, ...spec.measures];
  return (
    <section class="ds-analytics__editor" aria-label="Edit report">
      <label>
        Draws on{' '}
        <select
          value={spec.source}
          onChange={(e) => onChange((s) => ({ ...s, source: e.currentTarget.value as ReportSpec['source'] }))}
        >
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Group by</legend>
        {DIMENSIONS.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              checked={spec.dimensions.includes(d)}
              disabled={spec.source === 'deals' && d === 'category'}
              onChange={() => onChange((s) => ({ ...s, dimensions: toggleIn(s.dimensions, d).slice(0, 3) }))}
            />{' '}
            {LABELS[d]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Measures</legend>
        {MEASURES.map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              checked={spec.measures.includes(m)}
              onChange={() => onChange((s) => ({ ...s, measures: toggleIn(s.measures, m) }))}
            />{' '}
            {LABELS[m]}
          </label>
        ))}
      </fieldset>
      <label>
        Sort by{' '}
        <select
          value={spec.sort?.by ?? ''}
          onChange={(e) =>
            onChange((s) => ({
              ...s,
              sort: {
                by: e.currentTarget.value as NonNullable<ReportSpec['sort']>['by'],
                order: s.sort?.order ?? 'desc',
              },
            }))
          }
        >
          {sortable.map((k) => (
            <option key={k} value={k}>
              {LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Order{' '}
        <select
          value={spec.sort?.order ?? 'desc'}
          onChange={(e) =>
            onChange((s) => ({
              ...s,
              sort: {
                by: s.sort?.by ?? s.measures[0] ?? 'total',
                order: e.currentTarget.value === 'asc' ? 'asc' : 'desc',
              },
            }))
          }
        >
          <option value="desc">Largest first</option>
          <option value="asc">Smallest first</option>
        </select>
      </label>
      {spec.measures.length === 0 ? <p role="alert">Choose at least one measure.</p> : null}
      <div class="ds-toolbar">
        <label>
          Report name{' '}
          <input type="text" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <Button
          variant="primary"
          disabled={name.trim() === '' || spec.measures.length === 0}
          onClick={() => onSave(name.trim())}
        >
          Save as new
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </section>
  );
}
