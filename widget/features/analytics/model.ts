/**
 * Analytics: the four default reports and saved reports (run with filters), the report editor
 * (dimensions, measures, filters, sort; save as new, rename, delete), CSV export, and dashboards
 * (Add Component, remove, reorder). Pure helpers are exported for tests and components.
 */
import { action, computed, createModel, signal } from '@preact/signals';
import { toCsv } from '../../../server/domain/analytics/csv.js';
import { DEFAULT_REPORT_KEYS, DEFAULT_REPORTS } from '../../../server/domain/analytics/default-reports.js';
import type { ApiClient, Query } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';
import type {
  Dashboard,
  DashboardComponent,
  ReportFilters,
  ReportResult,
  ReportSpec,
  ReportTable,
  SavedReport,
} from './types.js';

const BASE = '/api/v1/analytics';

export const DEFAULT_REPORT_LIST = DEFAULT_REPORT_KEYS.map((key) => ({
  key,
  title: DEFAULT_REPORTS[key].title,
}));

export function isDefaultReport(id: string): boolean {
  return (DEFAULT_REPORT_KEYS as readonly string[]).includes(id);
}

/** Moves the item at `from` to `to` (clamped), leaving the others in order. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(next.length, to)), 0, item);
  return next;
}

/** Adds the item when absent, removes it when present. */
export function toggleIn<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Filters as query-string values; empty ones are left out. */
export function filtersToQuery(filters: ReportFilters): Query {
  const q: Query = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    q[k] = Array.isArray(v) ? (v.length === 1 ? v[0] : 'all') : (v as string);
  }
  return q;
}

/** x labels and y values of a chart: the table's first text or month column against `measure`. */
export function seriesOf(table: ReportTable, measure: string): { labels: string[]; values: number[] } {
  const labelCol =
    table.columns.find((c) => c.type === 'month') ??
    table.columns.find((c) => c.type === 'text') ??
    table.columns[0];
  const labels = table.rows.map((r) => String((labelCol ? r[labelCol.key] : null) ?? '(none)'));
  const values = table.rows.map((r) => Number(r[measure] ?? 0));
  return { labels, values };
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Every 'YYYY-MM' from `first` to `last`, both included. */
export function monthRange(first: string, last: string): string[] {
  const a = MONTH.exec(first);
  const b = MONTH.exec(last);
  if (!a || !b) return [];
  const out: string[] = [];
  for (let m = Number(a[1]) * 12 + Number(a[2]) - 1; m <= Number(b[1]) * 12 + Number(b[2]) - 1; m++) {
    out.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * A series over months as a line chart should draw it: in order, with every month between the first
 * and the last (0 where nothing was spent, so a quiet month shows as a dip instead of vanishing), and
 * only the latest `max`. A series that is not by month is returned as it is.
 */
export function monthSeries(
  labels: readonly string[],
  values: readonly number[],
  max = 24,
): { labels: string[]; values: number[] } {
  if (labels.length === 0 || !labels.every((l) => MONTH.test(l)))
    return { labels: [...labels], values: [...values] };
  const byMonth = new Map<string, number>();
  for (const [i, l] of labels.entries()) byMonth.set(l, (byMonth.get(l) ?? 0) + (values[i] ?? 0));
  const sorted = [...byMonth.keys()].sort();
  const months = monthRange(sorted[0]!, sorted.at(-1)!).slice(-max);
  return { labels: months, values: months.map((m) => byMonth.get(m) ?? 0) };
}

/** The report's first money-like measure, for charts and KPIs that name none. */
export function defaultMeasure(result: ReportResult): string {
  const keys = Object.keys(result.totals);
  return keys.includes('spent') ? 'spent' : keys.includes('total') ? 'total' : (keys[0] ?? 'total');
}

/** The CSV of one table of a loaded report (same escaping rules as the server's export). */
export function csvOf(table: ReportTable): string {
  return toCsv(table.columns, table.rows);
}

export const AnalyticsModel = createModel((api: ApiClient) => {
  const selected = signal<string>('spend-per-deal', { name: 'analytics.selected' });
  const filters = signal<ReportFilters>({}, { name: 'analytics.filters' });
  const page = signal(1, { name: 'analytics.page' });
  const result = signal<ReportResult | null>(null, { name: 'analytics.result' });
  const loading = signal(false, { name: 'analytics.loading' });
  const error = signal<string | null>(null, { name: 'analytics.error' });
  const saved = signal<SavedReport[]>([], { name: 'analytics.saved' });
  /** The spec being edited; null when not editing. */
  const draft = signal<ReportSpec | null>(null, { name: 'analytics.draft' });
  const dashboards = signal<Dashboard[]>([], { name: 'analytics.dashboards' });
  const dashboardId = signal<string | null>(null, { name: 'analytics.dashboardId' });
  const dashboard = computed(
    () => dashboards.value.find((d) => d.dashboard_id === dashboardId.value) ?? dashboards.value[0] ?? null,
  );
  const selectedSaved = computed(() => saved.value.find((r) => r.report_id === selected.value) ?? null);

  async function attempt(work: () => Promise<void>): Promise<boolean> {
    error.value = null;
    try {
      await work();
      return true;
    } catch (e) {
      error.value = describeError(e);
      return false;
    }
  }

  /** Runs what is on screen: the draft, a saved report or a default report, with the filters. */
  const run = action(async () => {
    loading.value = true;
    await attempt(async () => {
      const query = { ...filtersToQuery(filters.value), page: page.value, per_page: 50 };
      if (draft.value) {
        const spec = { ...draft.value, filters: { ...draft.value.filters, ...filters.value } };
        const res = await api.post<{ report: ReportResult }>(`${BASE}/run`, {
          spec,
          page: page.value,
          per_page: 50,
        });
        result.value = res.report;
      } else if (isDefaultReport(selected.value)) {
        result.value = (await api.get<{ report: ReportResult }>(`${BASE}/${selected.value}`, query)).report;
      } else {
        result.value = (
          await api.get<{ report: ReportResult }>(`${BASE}/reports/${selected.value}/run`, query)
        ).report;
      }
    });
    loading.value = false;
  });

  const loadSaved = action(async () => {
    await attempt(async () => {
      saved.value = (await api.get<{ reports: SavedReport[] }>(`${BASE}/reports`)).reports;
    });
  });

  const load = action(async () => {
    await Promise.all([loadSaved(), run()]);
  });

  const select = action(async (id: string) => {
    selected.value = id;
    draft.value = null;
    page.value = 1;
    await run();
  });

  const setFilter = action(async <K extends keyof ReportFilters>(key: K, value: ReportFilters[K] | '') => {
    const next = { ...filters.value };
    if (value === '' || value === undefined) delete next[key];
    else next[key] = value as ReportFilters[K];
    filters.value = next;
    page.value = 1;
    await run();
  });

  const setPage = action(async (n: number) => {
    page.value = Math.max(1, n);
    await run();
  });

  /** Opens the selected report in the editor (a default report opens as its equivalent spec). */
  const startEdit = action(() => {
    const spec = isDefaultReport(selected.value)
      ? DEFAULT_REPORTS[selected.value as keyof typeof DEFAULT_REPORTS].spec
      : selectedSaved.value?.spec;
    if (spec) draft.value = structuredClone(spec);
  });

  const editDraft = action(async (change: (spec: ReportSpec) => ReportSpec) => {
    if (!draft.value) return;
    const next = change(draft.value);
    // A sort on something no longer in the report falls back to the first measure.
    const sortable: string[] = [...next.dimensions, ...next.measures];
    if (next.sort && !sortable.includes(next.sort.by)) {
      next.sort = next.measures[0] ? { by: next.measures[0], order: 'desc' } : undefined;
    }
    draft.value = next;
    if (next.measures.length > 0) await run();
  });

  const cancelEdit = action(async () => {
    draft.value = null;
    await run();
  });

  /** "Save as new": the draft becomes a saved report and is selected. */
  const saveAsNew = action(async (name: string) => {
    const spec = draft.value;
    if (!spec) return false;
    return attempt(async () => {
      const res = await api.post<{ report: SavedReport }>(`${BASE}/reports`, {
        report_name: name,
        spec,
        based_on: selected.value,
      });
      saved.value = [...saved.value, res.report];
      selected.value = res.report.report_id;
      draft.value = null;
      await run();
    });
  });

  const rename = action(async (reportId: string, name: string) => {
    const current = saved.value.find((r) => r.report_id === reportId);
    if (!current) return false;
    return attempt(async () => {
      const res = await api.put<{ report: SavedReport }>(`${BASE}/reports/${reportId}`, {
        report_name: name,
        last_modified_time: current.last_modified_time,
      });
      saved.value = saved.value.map((r) => (r.report_id === reportId ? res.report : r));
    });
  });

  const remove = action(async (reportId: string) => {
    return attempt(async () => {
      await api.del(`${BASE}/reports/${reportId}`);
      saved.value = saved.value.filter((r) => r.report_id !== reportId);
      if (selected.value === reportId) await select('spend-per-deal');
    });
  });

  const loadDashboards = action(async () => {
    await attempt(async () => {
      dashboards.value = (await api.get<{ dashboards: Dashboard[] }>(`${BASE}/dashboards`)).dashboards;
    });
  });

  function replaceDashboard(d: Dashboard) {
    dashboards.value = dashboards.value.map((x) => (x.dashboard_id === d.dashboard_id ? d : x));
  }

  /** "Add Component": a KPI, chart or table bound to a report. */
  const addComponent = action(async (input: Omit<DashboardComponent, 'component_id'>) => {
    const d = dashboard.value;
    if (!d) return false;
    return attempt(async () => {
      replaceDashboard(
        (await api.post<{ dashboard: Dashboard }>(`${BASE}/dashboards/${d.dashboard_id}/components`, input))
          .dashboard,
      );
    });
  });

  const removeComponent = action(async (componentId: string) => {
    const d = dashboard.value;
    if (!d) return false;
    return attempt(async () => {
      replaceDashboard(
        (
          await api.del<{ dashboard: Dashboard }>(
            `${BASE}/dashboards/${d.dashboard_id}/components/${componentId}`,
          )
        ).dashboard,
      );
    });
  });

  /** Moves a component up (-1) or down (+1). */
  const moveComponent = action(async (componentId: string, delta: number) => {
    const d = dashboard.value;
    if (!d) return false;
    const from = d.components.findIndex((c) => c.component_id === componentId);
    if (from < 0) return false;
    const components = moveItem(d.components, from, from + delta);
    return attempt(async () => {
      replaceDashboard(
        (
          await api.put<{ dashboard: Dashboard }>(`${BASE}/dashboards/${d.dashboard_id}`, {
            components,
            last_modified_time: d.last_modified_time,
          })
        ).dashboard,
      );
    });
  });

  /** A component's report, run with no filters (dashboards show the whole picture). */
  async function componentData(c: DashboardComponent): Promise<ReportResult> {
    const path = isDefaultReport(c.report_id)
      ? `${BASE}/${c.report_id}`
      : `${BASE}/reports/${c.report_id}/run`;
    return (await api.get<{ report: ReportResult }>(path, { per_page: 20 })).report;
  }

  return {
    selected,
    filters,
    page,
    result,
    loading,
    error,
    saved,
    draft,
    dashboards,
    dashboardId,
    dashboard,
    selectedSaved,
    load,
    run,
    select,
    setFilter,
    setPage,
    startEdit,
    editDraft,
    cancelEdit,
    saveAsNew,
    rename,
    remove,
    loadDashboards,
    addComponent,
    removeComponent,
    moveComponent,
    componentData,
  };
});
