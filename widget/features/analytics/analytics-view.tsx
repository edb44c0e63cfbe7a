import { useModel } from '@preact/signals';
import './analytics.css';
import { useEffect, useState } from 'preact/hooks';
import { readAllPages } from '../../api/all-pages.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { DashboardPanel } from './dashboard-panel.js';
import { FilterBar } from './filter-bar.js';
import { AnalyticsModel, csvOf, DEFAULT_REPORT_LIST } from './model.js';
import { ReportEditor } from './report-editor.js';
import { ReportTables } from './report-tables.js';

interface Lists {
  users: Array<{ user_id: string; name: string }>;
  departments: Array<{ department_id: string; department_name: string }>;
  categories: Array<{ category_id: string; category_name: string }>;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Analytics: what each deal really cost. Default and saved reports, the editor, and dashboards. */
export default function AnalyticsView() {
  const { api, me } = useApp();
  const model = useModel(() => new AnalyticsModel(api));
  const [tab, setTab] = useState<'reports' | 'dashboards'>('reports');
  const [lists, setLists] = useState<Lists>({ users: [], departments: [], categories: [] });
  useEffect(() => {
    void model.load();
    void model.loadDashboards();
    // Filter choices; a list that cannot be read just leaves its filter at "All".
    const get = <T,>(path: string, key: string) => readAllPages<T>(api, path, key).catch(() => [] as T[]);
    void Promise.all([
      get<Lists['users'][number]>('/api/v1/users', 'users'),
      get<Lists['departments'][number]>('/api/v1/departments', 'departments'),
      get<Lists['categories'][number]>('/api/v1/expensecategories', 'expense_categories'),
    ]).then(([users, departments, categories]) => setLists({ users, departments, categories }));
  }, [model, api]);

  const result = model.result.value;
  const savedOne = model.selectedSaved.value;
  const mayChange = savedOne && (me.user_role === 'admin' || savedOne.created_by_id === me.user_id);
  return (
    <div class="ds-analytics">
      <div role="tablist" class="ds-toolbar">
        <Button role="tab" aria-selected={tab === 'reports'} onClick={() => setTab('reports')}>
          Reports
        </Button>
        <Button role="tab" aria-selected={tab === 'dashboards'} onClick={() => setTab('dashboards')}>
          Dashboards
        </Button>
      </div>
      {model.error.value ? <ErrorState message={model.error.value} onRetry={() => model.run()} /> : null}
      {tab === 'dashboards' ? (
        <DashboardPanel model={model} canEdit={me.user_role !== 'submitter'} />
      ) : (
        <>
          <div class="ds-toolbar">
            <label>
              Report{' '}
              <select value={model.selected.value} onChange={(e) => model.select(e.currentTarget.value)}>
                <optgroup label="Default reports">
                  {DEFAULT_REPORT_LIST.map((r) => (
                    <option key={r.key} value={r.key}>
                      {r.title}
                    </option>
                  ))}
                </optgroup>
                {model.saved.value.length > 0 ? (
                  <optgroup label="Saved reports">
                    {model.saved.value.map((r) => (
                      <option key={r.report_id} value={r.report_id}>
                        {r.report_name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </label>
            {model.draft.value ? null : <Button onClick={() => model.startEdit()}>Edit</Button>}
            {mayChange ? (
              <>
                <Button
                  onClick={() => {
                    const name = window.prompt('New name for this report', savedOne.report_name);
                    if (name?.trim()) void model.rename(savedOne.report_id, name.trim());
                  }}
                >
                  Rename
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the report "${savedOne.report_name}"?`))
                      void model.remove(savedOne.report_id);
                  }}
                >
                  Delete
                </Button>
              </>
            ) : null}
            <Button
              disabled={!result?.tables[0]}
              onClick={() =>
                result?.tables[0] && download(`${result.report_id}.csv`, csvOf(result.tables[0]))
              }
            >
              Export CSV
            </Button>
          </div>
          <FilterBar
            filters={model.filters.value}
            onChange={(k, v) => void model.setFilter(k, v)}
            {...lists}
          />
          {model.draft.value ? (
            <ReportEditor
              spec={model.draft.value}
              onChange={(change) => void model.editDraft(change)}
              onSave={(name) => void model.saveAsNew(name)}
              onCancel={() => void model.cancelEdit()}
            />
          ) : null}
          {result?.description ? <p>{result.description}</p> : null}
          {model.loading.value && !result ? <Spinner /> : null}
          {result ? <ReportTables result={result} onPage={(p) => void model.setPage(p)} /> : null}
        </>
      )}
    </div>
  );
}
