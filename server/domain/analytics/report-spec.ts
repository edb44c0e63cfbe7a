/**
 * The generic, editable report: which rows it draws on (source), how it groups them (dimensions),
 * what it adds up (measures), which rows count (filters) and the order. Default reports and saved
 * reports are both specs, so "open a default report, change it, save it as new" is one model.
 */

export const DIMENSIONS = [
  'deal',
  'stage',
  'customer',
  'spender',
  'department',
  'category',
  'month',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const MEASURES = ['total', 'count', 'average'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * expenses: expense amounts; reports: expenses that sit in a report, counted per report;
 * deals: one row per deal (even deals with no spend), counted per deal.
 */
export const SOURCES = ['expenses', 'reports', 'deals'] as const;
export type Source = (typeof SOURCES)[number];

/** Which expenses count: spent = approved + reimbursed, pending = submitted. */
export const SPEND_STATUSES = ['spent', 'pending'] as const;
export type SpendStatus = (typeof SPEND_STATUSES)[number];

export const OUTCOMES = ['Open', 'Closed Won', 'Closed Lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Filters every report accepts. Dates bound the expense date (inclusive). */
export interface ReportFilters {
  date_from?: string | undefined;
  date_to?: string | undefined;
  /** Deal owner. */
  owner_id?: string | undefined;
  /** Spender (the expense's user). */
  user_id?: string | undefined;
  /** The spender's department. */
  department_id?: string | undefined;
  /** The expense's customer. */
  customer_id?: string | undefined;
  /** Deal stage name, as in CRM. */
  stage?: string | undefined;
  category_id?: string | undefined;
  /** One deal (the deal page's spend summary). */
  deal_id?: string | undefined;
  /** The deal's outcome (forecast type). */
  outcome?: Outcome | undefined;
  /** Default: spent and pending (drafts, unreported and rejected expenses never count). */
  status?: SpendStatus[] | undefined;
}

export interface ReportSort {
  by: Dimension | Measure;
  order: 'asc' | 'desc';
}

export interface ReportSpec {
  source: Source;
  dimensions: Dimension[];
  measures: Measure[];
  filters: ReportFilters;
  sort?: ReportSort | undefined;
}

export type SpecCheck =
  | { ok: true; spec: ReportSpec }
  | {
      ok: false;
      reason:
        | 'NO_MEASURE'
        | 'DUPLICATE_DIMENSION'
        | 'DUPLICATE_MEASURE'
        | 'TOO_MANY_DIMENSIONS'
        | 'CATEGORY_ON_DEALS'
        | 'SORT_NOT_SELECTED'
        | 'DATES_REVERSED';
      message: string;
    };

/** At most three dimensions: more makes an unreadable table and an expensive grouping. */
export const MAX_DIMENSIONS = 3;

/**
 * Rules TypeBox cannot express: cross-field ones. Returns the spec with defaults filled in.
 * @example checkReportSpec({ source: 'deals', dimensions: ['category'], measures: ['total'], filters: {} })
 *   // { ok: false, reason: 'CATEGORY_ON_DEALS', … }
 */
export function checkReportSpec(spec: ReportSpec): SpecCheck {
  if (spec.measures.length === 0) {
    return {
      ok: false,
      reason: 'NO_MEASURE',
      message: 'Choose at least one measure (total, count or average).',
    };
  }
  if (new Set(spec.dimensions).size !== spec.dimensions.length) {
    return { ok: false, reason: 'DUPLICATE_DIMENSION', message: 'Each dimension may appear only once.' };
  }
  if (new Set(spec.measures).size !== spec.measures.length) {
    return { ok: false, reason: 'DUPLICATE_MEASURE', message: 'Each measure may appear only once.' };
  }
  if (spec.dimensions.length > MAX_DIMENSIONS) {
    return {
      ok: false,
      reason: 'TOO_MANY_DIMENSIONS',
      message: `Choose at most ${MAX_DIMENSIONS} dimensions.`,
    };
  }
  if (spec.source === 'deals' && spec.dimensions.includes('category')) {
    return {
      ok: false,
      reason: 'CATEGORY_ON_DEALS',
      message: 'A report on deals cannot be grouped by category; draw it on expenses instead.',
    };
  }
  const sortable: readonly string[] = [...spec.dimensions, ...spec.measures];
  if (spec.sort && !sortable.includes(spec.sort.by)) {
    return {
      ok: false,
      reason: 'SORT_NOT_SELECTED',
      message: `The report is sorted by "${spec.sort.by}", which is not one of its dimensions or measures.`,
    };
  }
  const { date_from, date_to } = spec.filters;
  if (date_from && date_to && date_from > date_to) {
    return { ok: false, reason: 'DATES_REVERSED', message: 'date_from is after date_to.' };
  }
  const status = spec.filters.status?.length ? [...new Set(spec.filters.status)] : [...SPEND_STATUSES];
  return {
    ok: true,
    spec: {
      ...spec,
      filters: { ...spec.filters, status },
      sort: spec.sort ?? { by: spec.measures[0] as Measure, order: 'desc' },
    },
  };
}
