import { useEffect, useState } from 'preact/hooks';
import { ErrorState } from '../../ui/error-state.js';
import { formatMoney } from '../../ui/format-money.js';
import { Spinner } from '../../ui/spinner.js';
import { BarList } from './bar-list.js';
import { Chart } from './chart.js';
import { defaultMeasure, monthSeries, seriesOf } from './model.js';
import { formatCell, ReportTables } from './report-tables.js';
import type { DashboardComponent as Component, ReportResult } from './types.js';

export interface DashboardComponentProps {
  component: Component;
  load: (c: Component) => Promise<ReportResult>;
}

/** One dashboard component: a KPI figure, a bar chart, a line chart over months, or a table. */
export function DashboardComponentView({ component, load }: DashboardComponentProps) {
  const [data, setData] = useState<ReportResult | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load(component).then(
      (r) => live && setData(r),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [component, load]);
  if (failed) return <ErrorState message="This component’s report could not be loaded." />;
  if (!data) return <Spinner />;
  const measure = component.measure ?? defaultMeasure(data);
  switch (component.component_type) {
    case 'kpi': {
      const v = data.totals[measure];
      return (
        <p class="ds-analytics__kpi">
          {typeof v === 'number' ? formatMoney(v, data.currency_code) : String(v ?? '–')}
        </p>
      );
    }
    case 'bar_chart':
    case 'line_chart': {
      // A line chart reads the month table when the report has one.
      const table =
        (component.component_type === 'line_chart'
          ? data.tables.find((t) => t.columns.some((c) => c.type === 'month'))
          : undefined) ?? data.tables[0];
      if (!table) return null;
      if (component.component_type === 'bar_chart') {
        const { labels, values } = seriesOf({ ...table, rows: table.rows.slice(0, 20) }, measure);
        const column = table.columns.find((c) => c.key === measure);
        const format = (v: number) =>
          column ? formatCell(column, { [measure]: v }, data.currency_code) : String(v);
        return <BarList title={component.title} labels={labels} values={values} format={format} />;
      }
      const series = seriesOf(table, measure);
      const { labels, values } = monthSeries(series.labels, series.values);
      return <Chart title={component.title} labels={labels} values={values} />;
    }
    case 'table':
      return <ReportTables result={data} limit={10} />;
  }
}
