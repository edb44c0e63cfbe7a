/** The analytics API's shapes as the widget reads them (see /api/docs, tag "analytics"). */
import type { ReportFilters, ReportSpec } from '../../../server/domain/analytics/report-spec.js';

export type { ReportFilters, ReportSpec };
export type Cell = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  type: string;
}

export interface ReportTable {
  table_id: string;
  title: string;
  columns: ReportColumn[];
  rows: Array<Record<string, Cell>>;
  page_context?: { page: number; per_page: number; has_more_page: boolean };
}

export interface ReportResult {
  report_id: string;
  report_name: string;
  description: string;
  currency_code: string;
  tables: ReportTable[];
  totals: Record<string, Cell>;
}

export interface SavedReport {
  report_id: string;
  report_name: string;
  based_on: string | null;
  spec: ReportSpec;
  created_by_id: string;
  last_modified_time: string;
}

export type ComponentType = 'kpi' | 'bar_chart' | 'line_chart' | 'table';

export interface DashboardComponent {
  component_id: string;
  component_type: ComponentType;
  title: string;
  report_id: string;
  measure: string | null;
}

export interface Dashboard {
  dashboard_id: string;
  dashboard_name: string;
  is_default: boolean;
  components: DashboardComponent[];
  last_modified_time: string;
}

export interface DealSummary {
  deal_id: string;
  deal_name: string;
  currency_code: string;
  spent: number;
  pending: number;
  expense_count: number;
  cost_to_deal_ratio: number | null;
  by_person: Array<{ user_id: string; user_name: string; spent: number; pending: number }>;
}
