/**
 * TypeBox schemas for /analytics: report filters, report specs (the editable report), saved reports,
 * dashboards, the deal summary and the report answer every report shares.
 */
import { type Static, Type } from 'typebox';
import type { ReportSpec } from '../../domain/analytics/report-spec.js';
import { DateSchema, DateTimeSchema, IdSchema, NameSchema, StrictObject } from '../common-schemas.js';

export const DimensionSchema = Type.Enum([
  'deal',
  'stage',
  'customer',
  'spender',
  'department',
  'category',
  'month',
]);
export const MeasureSchema = Type.Enum(['total', 'count', 'average']);
export const SourceSchema = Type.Enum(['expenses', 'reports', 'deals']);
export const OutcomeSchema = Type.Enum(['Open', 'Closed Won', 'Closed Lost']);
const StageSchema = Type.String({ minLength: 1, maxLength: 100 });

export const SpecFiltersSchema = StrictObject({
  date_from: Type.Optional(DateSchema),
  date_to: Type.Optional(DateSchema),
  owner_id: Type.Optional(IdSchema),
  user_id: Type.Optional(IdSchema),
  department_id: Type.Optional(IdSchema),
  customer_id: Type.Optional(IdSchema),
  stage: Type.Optional(StageSchema),
  category_id: Type.Optional(IdSchema),
  deal_id: Type.Optional(IdSchema),
  outcome: Type.Optional(OutcomeSchema),
  status: Type.Optional(
    Type.Array(Type.Enum(['spent', 'pending']), { minItems: 1, maxItems: 2, uniqueItems: true }),
  ),
});

export const ReportSpecSchema = StrictObject({
  source: SourceSchema,
  dimensions: Type.Array(DimensionSchema, { maxItems: 3 }),
  measures: Type.Array(MeasureSchema, { minItems: 1, maxItems: 3 }),
  filters: SpecFiltersSchema,
  sort: Type.Optional(
    StrictObject(
      {
        by: Type.Union([DimensionSchema, MeasureSchema]),
        order: Type.Enum(['asc', 'desc']),
      },
      {
        description:
          'Sorted by a dimension, groups without a value (no deal, customer, department or closing month) and "Deals you cannot see" come last in either order.',
      },
    ),
  ),
});
export type ReportSpecBody = Static<typeof ReportSpecSchema>;
// The schema and the domain type describe the same thing; this fails to compile if they drift apart.
const _specMatchesDomain = (s: ReportSpecBody): ReportSpec => s;
void _specMatchesDomain;

/** Filters and paging for GET /analytics/{report} and report runs (query string). */
export const ReportQuerySchema = Type.Object({
  date_from: Type.Optional(DateSchema),
  date_to: Type.Optional(DateSchema),
  owner_id: Type.Optional(IdSchema),
  user_id: Type.Optional(IdSchema),
  department_id: Type.Optional(IdSchema),
  customer_id: Type.Optional(IdSchema),
  /** One deal; a deal the caller may not see answers as an unknown id does. */
  deal_id: Type.Optional(IdSchema),
  stage: Type.Optional(StageSchema),
  category_id: Type.Optional(IdSchema),
  outcome: Type.Optional(OutcomeSchema),
  status: Type.Optional(Type.Enum(['spent', 'pending', 'all'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  format: Type.Optional(Type.Enum(['json', 'csv'])),
  /** Which table of the report a CSV export holds (default: the first). */
  table: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z_]+$' })),
});
export type ReportQuery = Static<typeof ReportQuerySchema>;

const CellSchema = Type.Union([Type.String(), Type.Number(), Type.Null()]);
export const ReportResultSchema = Type.Object({
  report_id: Type.String(),
  report_name: Type.String(),
  description: Type.String(),
  currency_code: Type.String(),
  tables: Type.Array(
    Type.Object({
      table_id: Type.String(),
      title: Type.String(),
      columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), type: Type.String() })),
      rows: Type.Array(Type.Record(Type.String(), CellSchema), {
        description:
          'With potentials mode "user", spend on deals the caller cannot see is one row with deal_id null, ' +
          'deal_name (or deal) "Deals you cannot see" and no deal details; grouped by stage it is "Not visible".',
      }),
      page_context: Type.Optional(
        Type.Object({ page: Type.Integer(), per_page: Type.Integer(), has_more_page: Type.Boolean() }),
      ),
    }),
  ),
  totals: Type.Record(Type.String(), CellSchema),
});

export const ReportParamsSchema = Type.Object({ report: Type.String({ minLength: 1, maxLength: 40 }) });
export const IdParamsSchema = Type.Object({ report_id: IdSchema });

export const SavedReportSchema = Type.Object({
  report_id: Type.String(),
  report_name: Type.String(),
  based_on: Type.Union([Type.String(), Type.Null()]),
  spec: ReportSpecSchema,
  created_by_id: Type.String(),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});

export const CreateSavedReportSchema = StrictObject({
  report_name: NameSchema,
  spec: ReportSpecSchema,
  /** The default or saved report this one was made from ("save as new"). */
  based_on: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});
export const UpdateSavedReportSchema = StrictObject({
  report_name: Type.Optional(NameSchema),
  spec: Type.Optional(ReportSpecSchema),
  last_modified_time: Type.Optional(DateTimeSchema),
});

export const RunSpecSchema = StrictObject({
  spec: ReportSpecSchema,
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const ComponentTypeSchema = Type.Enum(['kpi', 'bar_chart', 'line_chart', 'table']);
/** A default report key or a saved report id. */
const ReportRefSchema = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

export const ComponentSchema = Type.Object({
  component_id: Type.String(),
  component_type: ComponentTypeSchema,
  title: Type.String(),
  report_id: Type.String(),
  /** Which figure a KPI or chart shows (a column key, e.g. "spent" or "total"). */
  measure: Type.Union([Type.String(), Type.Null()]),
});
export const ComponentInputSchema = StrictObject({
  /** Keep a component's id when re-sending it (reorder); new components get one. */
  component_id: Type.Optional(IdSchema),
  component_type: ComponentTypeSchema,
  title: NameSchema,
  report_id: ReportRefSchema,
  measure: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
});
export type ComponentInput = Static<typeof ComponentInputSchema>;

export const DashboardSchema = Type.Object({
  dashboard_id: Type.String(),
  dashboard_name: Type.String(),
  is_default: Type.Boolean(),
  components: Type.Array(ComponentSchema),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Dashboard = Static<typeof DashboardSchema>;

/** At most 20 components: a dashboard is read at a glance. */
export const MAX_COMPONENTS = 20;
export const CreateDashboardSchema = StrictObject({
  dashboard_name: NameSchema,
  components: Type.Optional(Type.Array(ComponentInputSchema, { maxItems: MAX_COMPONENTS })),
});
export const UpdateDashboardSchema = StrictObject({
  dashboard_name: Type.Optional(NameSchema),
  /** The full list in the new order: add, remove and reorder in one write. */
  components: Type.Optional(Type.Array(ComponentInputSchema, { maxItems: MAX_COMPONENTS })),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export const DashboardParamsSchema = Type.Object({ dashboard_id: IdSchema });
export const ComponentParamsSchema = Type.Object({ dashboard_id: IdSchema, component_id: IdSchema });

export const DealParamsSchema = Type.Object({ deal_id: IdSchema });
export const DealSummarySchema = Type.Object({
  deal_id: Type.String(),
  deal_name: Type.String(),
  stage: Type.String(),
  currency_code: Type.String(),
  spent: Type.Number(),
  pending: Type.Number(),
  expense_count: Type.Integer(),
  deal_amount: Type.Union([Type.Number(), Type.Null()]),
  deal_currency_code: Type.String(),
  cost_to_deal_ratio: Type.Union([Type.Number(), Type.Null()]),
  by_person: Type.Array(
    Type.Object({
      user_id: Type.String(),
      user_name: Type.String(),
      spent: Type.Number(),
      pending: Type.Number(),
      expense_count: Type.Integer(),
    }),
  ),
});
export type DealSummary = Static<typeof DealSummarySchema>;

export const ReconcileSchema = Type.Object({
  drift: Type.Array(
    Type.Object({
      table: Type.String(),
      org_id: Type.String(),
      key: Type.String(),
      expected_total: Type.Number(),
      actual_total: Type.Number(),
      expected_count: Type.Number(),
      actual_count: Type.Number(),
    }),
  ),
});
