import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../widget/api/client.js';
import {
  AnalyticsModel,
  csvOf,
  filtersToQuery,
  monthRange,
  monthSeries,
  moveItem,
  seriesOf,
  toggleIn,
} from '../../../../widget/features/analytics/model.js';
import type { Dashboard, ReportResult } from '../../../../widget/features/analytics/types.js';

interface Call {
  method: string;
  path: string;
  arg?: unknown;
}

const REPORT: ReportResult = {
  report_id: 'spend-per-deal',
  report_name: 'Spend per deal',
  description: '',
  currency_code: 'USD',
  tables: [
    {
      table_id: 'deals',
      title: 'Spend per deal',
      columns: [
        { key: 'deal_name', label: 'Deal', type: 'text' },
        { key: 'spent', label: 'Spent', type: 'money' },
      ],
      rows: [
        { deal_name: 'Acme, "big" deal', spent: 10.5 },
        { deal_name: 'Zylker', spent: 3 },
      ],
    },
  ],
  totals: { spent: 13.5 },
};

function dashboard(ids: string[], version = 't1'): Dashboard {
  return {
    dashboard_id: 'd1',
    dashboard_name: 'Deal spend',
    is_default: true,
    last_modified_time: version,
    components: ids.map((id) => ({
      component_id: id,
      component_type: 'kpi',
      title: id,
      report_id: 'spend-per-deal',
      measure: null,
    })),
  };
}

function fakeApi() {
  const calls: Call[] = [];
  let dash = dashboard(['a', 'b', 'c']);
  const api: ApiClient = {
    baseUrl: '',
    async getBlob() {
      throw new Error('not used');
    },
    async get<T>(path: string, query?: unknown) {
      calls.push({ method: 'GET', path, arg: query });
      if (path.endsWith('/reports')) return { reports: [] } as T;
      if (path.endsWith('/dashboards')) return { dashboards: [dash] } as T;
      return { report: REPORT } as T;
    },
    async post<T>(path: string, body: unknown) {
      calls.push({ method: 'POST', path, arg: body });
      if (path.endsWith('/reports')) {
        const b = body as { report_name: string; spec: unknown };
        return {
          report: {
            report_id: 'r9',
            report_name: b.report_name,
            spec: b.spec,
            based_on: null,
            created_by_id: 'u',
            last_modified_time: 't',
          },
        } as T;
      }
      return { report: REPORT } as T;
    },
    async put<T>(path: string, body: unknown) {
      calls.push({ method: 'PUT', path, arg: body });
      const b = body as { components: Array<{ component_id: string }> };
      dash = dashboard(
        b.components.map((c) => c.component_id),
        't2',
      );
      return { dashboard: dash } as T;
    },
    async del<T>(path: string) {
      calls.push({ method: 'DELETE', path });
      return {} as T;
    },
    async upload<T>() {
      return {} as T;
    },
  };
  return { api, calls };
}

describe('analytics model', () => {
  it('runs the selected default report with the chosen filters', async () => {
    const { api, calls } = fakeApi();
    const model = new AnalyticsModel(api);
    await model.load();
    await model.setFilter('date_from', '2026-01-01');
    await model.setFilter('status', ['spent']);
    const last = calls.filter((c) => c.path === '/api/v1/analytics/spend-per-deal').pop();
    expect(last?.arg).toEqual({ date_from: '2026-01-01', status: 'spent', page: 1, per_page: 50 });
    expect(model.result.value?.totals.spent).toBe(13.5);
  });

  it('editing a default report opens its spec, re-runs it ad hoc, and "save as new" saves it based on the default', async () => {
    const { api, calls } = fakeApi();
    const model = new AnalyticsModel(api);
    await model.select('won-deals-by-month');
    model.startEdit();
    expect(model.draft.value).toMatchObject({ dimensions: ['month'], filters: { outcome: 'Closed Won' } });
    await model.editDraft((s) => ({ ...s, dimensions: toggleIn(s.dimensions, 'spender') }));
    const run = calls.filter((c) => c.path === '/api/v1/analytics/run').pop();
    expect((run?.arg as { spec: { dimensions: string[] } } | undefined)?.spec.dimensions).toEqual([
      'month',
      'spender',
    ]);
    await model.saveAsNew('Won by month and person');
    const save = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/analytics/reports');
    expect(save?.arg).toMatchObject({
      report_name: 'Won by month and person',
      based_on: 'won-deals-by-month',
    });
    expect(model.selected.value).toBe('r9');
    expect(model.draft.value).toBeNull();
  });

  it('removing the measure the report is sorted by moves the sort to another measure', async () => {
    const { api } = fakeApi();
    const model = new AnalyticsModel(api);
    model.startEdit();
    await model.editDraft((s) => ({ ...s, measures: ['count'] }));
    expect(model.draft.value?.sort).toEqual({ by: 'count', order: 'desc' });
  });

  it('moving a dashboard component sends the new order with the version it was read at', async () => {
    const { api, calls } = fakeApi();
    const model = new AnalyticsModel(api);
    await model.loadDashboards();
    await model.moveComponent('c', -1);
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe('/api/v1/analytics/dashboards/d1');
    expect(put?.arg).toMatchObject({ last_modified_time: 't1' });
    expect(model.dashboard.value?.components.map((c) => c.component_id)).toEqual(['a', 'c', 'b']);
  });

  it('Add Component posts to the dashboard and remove deletes by component id', async () => {
    const { api, calls } = fakeApi();
    const model = new AnalyticsModel(api);
    await model.loadDashboards();
    await model.addComponent({
      component_type: 'bar_chart',
      title: 'Top deals',
      report_id: 'spend-per-deal',
      measure: 'spent',
    });
    await model.removeComponent('a');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/analytics/dashboards',
      'POST /api/v1/analytics/dashboards/d1/components',
      'DELETE /api/v1/analytics/dashboards/d1/components/a',
    ]);
  });
});

describe('analytics helpers', () => {
  it('moveItem keeps every item once, in the new order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
  });

  it('filtersToQuery drops empty filters and sends one status or "all"', () => {
    expect(filtersToQuery({ stage: '', user_id: 'u1', status: ['spent', 'pending'] })).toEqual({
      user_id: 'u1',
      status: 'all',
    });
  });

  it('seriesOf labels a chart by the month or text column', () => {
    expect(seriesOf(REPORT.tables[0]!, 'spent')).toEqual({
      labels: ['Acme, "big" deal', 'Zylker'],
      values: [10.5, 3],
    });
  });

  it('monthRange lists every month across a year end', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthRange('2026-03', 'soon')).toEqual([]);
  });

  it('monthSeries fills the months nothing was spent in with 0, in order, and keeps the latest', () => {
    expect(monthSeries(['2026-03', '2025-12', '2026-01'], [5, 1, 2])).toEqual({
      labels: ['2025-12', '2026-01', '2026-02', '2026-03'],
      values: [1, 2, 0, 5],
    });
    expect(monthSeries(['2024-01', '2026-12'], [1, 2], 3).labels).toEqual(['2026-10', '2026-11', '2026-12']);
    // Not by month: left as it is.
    expect(monthSeries(['Acme', 'Zylker'], [2, 1])).toEqual({ labels: ['Acme', 'Zylker'], values: [2, 1] });
  });

  it('property: monthSeries has no gap and keeps every amount when the span fits', () => {
    const month = fc
      .record({ y: fc.integer({ min: 2020, max: 2027 }), m: fc.integer({ min: 1, max: 12 }) })
      .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(month, fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 30 }),
        (points) => {
          const out = monthSeries(
            points.map(([m]) => m),
            points.map(([, v]) => v),
            200,
          );
          for (let i = 1; i < out.labels.length; i++) {
            expect(monthRange(out.labels[i - 1]!, out.labels[i]!)).toHaveLength(2);
          }
          expect(out.values.reduce((a, b) => a + b, 0)).toBe(points.reduce((a, [, v]) => a + v, 0));
          expect(out.labels.length).toBe(out.values.length);
        },
      ),
    );
  });

  it('the CSV export quotes names with commas and quotes', () => {
    expect(csvOf(REPORT.tables[0]!)).toBe('Deal,Spent\r\n"Acme, ""big"" deal",10.5\r\nZylker,3\r\n');
  });
});
