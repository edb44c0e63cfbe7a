import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { DashboardComponentView } from './dashboard-component.js';
import { type AnalyticsModel, DEFAULT_REPORT_LIST } from './model.js';
import type { ComponentType } from './types.js';

const TYPES: Array<{ value: ComponentType; label: string }> = [
  { value: 'kpi', label: 'KPI figure' },
  { value: 'bar_chart', label: 'Bar chart' },
  { value: 'line_chart', label: 'Line chart over months' },
  { value: 'table', label: 'Table' },
];

/** Dashboards: pick one, read its components, Add Component, move or remove them. */
export function DashboardPanel({
  model,
  canEdit,
}: {
  model: InstanceType<typeof AnalyticsModel>;
  canEdit: boolean;
}) {
  const d = model.dashboard.value;
  const [adding, setAdding] = useState(false);
  const [type, setType] = useState<ComponentType>('bar_chart');
  const [report, setReport] = useState('spend-per-deal');
  const [title, setTitle] = useState('');
  if (!d) return null;
  const reports = [
    ...DEFAULT_REPORT_LIST.map((r) => ({ id: r.key, name: r.title })),
    ...model.saved.value.map((r) => ({ id: r.report_id, name: r.report_name })),
  ];
  return (
    <section aria-label="Dashboards">
      <div class="ds-toolbar">
        <label>
          Dashboard{' '}
          <select value={d.dashboard_id} onChange={(e) => (model.dashboardId.value = e.currentTarget.value)}>
            {model.dashboards.value.map((x) => (
              <option key={x.dashboard_id} value={x.dashboard_id}>
                {x.dashboard_name}
              </option>
            ))}
          </select>
        </label>
        {canEdit ? (
          <Button variant="primary" onClick={() => setAdding(!adding)}>
            Add Component
          </Button>
        ) : null}
      </div>
      {adding ? (
        <form
          class="ds-toolbar"
          aria-label="Add Component"
          onSubmit={async (e) => {
            e.preventDefault();
            const name = title.trim() || reports.find((r) => r.id === report)?.name || 'Component';
            if (
              await model.addComponent({
                component_type: type,
                title: name,
                report_id: report,
                measure: null,
              })
            ) {
              setAdding(false);
              setTitle('');
            }
          }}
        >
          <label>
            Type{' '}
            <select value={type} onChange={(e) => setType(e.currentTarget.value as ComponentType)}>
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Report{' '}
            <select value={report} onChange={(e) => setReport(e.currentTarget.value)}>
              {reports.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Title{' '}
            <input
              type="text"
              maxLength={200}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          </label>
          <Button type="submit" variant="primary">
            Add
          </Button>
        </form>
      ) : null}
      <ol class="ds-analytics__components">
        {d.components.map((c, i) => (
          <li key={c.component_id}>
            <div class="ds-toolbar">
              <h3>{c.title}</h3>
              {canEdit ? (
                <>
                  <Button disabled={i === 0} onClick={() => model.moveComponent(c.component_id, -1)}>
                    Move up
                  </Button>
                  <Button
                    disabled={i === d.components.length - 1}
                    onClick={() => model.moveComponent(c.component_id, 1)}
                  >
                    Move down
                  </Button>
                  <Button variant="danger" onClick={() => model.removeComponent(c.component_id)}>
                    Remove
                  </Button>
                </>
              ) : null}
            </div>
            <DashboardComponentView component={c} load={model.componentData} />
          </li>
        ))}
      </ol>
    </section>
  );
}
