/**
 * The four default reports (seed: "who has spent the most/least on acquiring a deal, total amount
 * spent on acquiring deals in a month, money spent on lost potentials"), their tables' columns, and
 * the editable spec each one opens as when a user chooses "Edit".
 */
import type { ReportSpec } from './report-spec.js';

export const DEFAULT_REPORT_KEYS = [
  'spend-per-deal',
  'deal-spenders',
  'won-deals-by-month',
  'lost-deals',
] as const;
export type DefaultReportKey = (typeof DEFAULT_REPORT_KEYS)[number];

export function isDefaultReportKey(s: string): s is DefaultReportKey {
  return (DEFAULT_REPORT_KEYS as readonly string[]).includes(s);
}

/**
 * How a column's values are shown: money is a base-currency amount (a decimal in the API),
 * deal_money is in the row's deal_currency_code.
 */
export type ColumnType = 'text' | 'money' | 'deal_money' | 'number' | 'ratio' | 'month';

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
}

export interface DefaultReportDefinition {
  key: DefaultReportKey;
  title: string;
  description: string;
  /** The editable report it opens as. */
  spec: ReportSpec;
}

const col = (key: string, label: string, type: ColumnType): ReportColumn => ({ key, label, type });

export const DEAL_COLUMNS: ReportColumn[] = [
  col('deal_name', 'Deal', 'text'),
  col('account_name', 'Account', 'text'),
  col('owner_name', 'Owner', 'text'),
  col('stage', 'Stage', 'text'),
  col('deal_amount', 'Deal amount', 'deal_money'),
  col('deal_currency_code', 'Deal currency', 'text'),
  col('spent', 'Spent', 'money'),
  col('pending', 'Pending', 'money'),
  col('expense_count', 'Expenses', 'number'),
  col('cost_to_deal_ratio', 'Cost to deal', 'ratio'),
];

export const SPENDER_COLUMNS: ReportColumn[] = [
  col('deal_name', 'Deal', 'text'),
  col('rank', 'Rank', 'number'),
  col('user_name', 'Spender', 'text'),
  col('spent', 'Spent', 'money'),
  col('expense_count', 'Expenses', 'number'),
  col('deal_spent', 'Deal total', 'money'),
];

export const USER_COLUMNS: ReportColumn[] = [
  col('user_name', 'Spender', 'text'),
  col('won_deals', 'Won deals', 'number'),
  col('spent', 'Spent', 'money'),
  col('average_per_deal', 'Average per deal', 'money'),
  col('most_on_a_deal', 'Most on a deal', 'money'),
  col('least_on_a_deal', 'Least on a deal', 'money'),
];

export const MONTH_COLUMNS: ReportColumn[] = [
  col('month', 'Month', 'month'),
  col('spent', 'Spent', 'money'),
  col('pending', 'Pending', 'money'),
  col('expense_count', 'Expenses', 'number'),
  col('deal_count', 'Deals', 'number'),
];

export const DEFAULT_REPORTS: Record<DefaultReportKey, DefaultReportDefinition> = {
  'spend-per-deal': {
    key: 'spend-per-deal',
    title: 'Spend per deal',
    description:
      'What each deal cost: spent (approved and reimbursed), pending (submitted), and its cost-to-deal ratio.',
    spec: {
      source: 'expenses',
      dimensions: ['deal'],
      measures: ['total', 'count'],
      filters: {},
      sort: { by: 'total', order: 'desc' },
    },
  },
  'deal-spenders': {
    key: 'deal-spenders',
    title: 'Who spent the most and least acquiring a deal',
    description: 'For each won deal, every spender’s total ranked; and across won deals, per spender.',
    spec: {
      source: 'expenses',
      dimensions: ['deal', 'spender'],
      measures: ['total'],
      filters: { outcome: 'Closed Won', status: ['spent'] },
      sort: { by: 'total', order: 'desc' },
    },
  },
  'won-deals-by-month': {
    key: 'won-deals-by-month',
    title: 'Spent on acquiring deals, per month',
    description: 'Spend on deals Closed Won, by the deal’s closing month and by the expense month.',
    spec: {
      source: 'expenses',
      dimensions: ['month'],
      measures: ['total', 'count'],
      filters: { outcome: 'Closed Won' },
      sort: { by: 'month', order: 'asc' },
    },
  },
  'lost-deals': {
    key: 'lost-deals',
    title: 'Money spent on lost deals',
    description: 'Spend on deals Closed Lost: per deal, in total, and per month.',
    spec: {
      source: 'expenses',
      dimensions: ['deal'],
      measures: ['total', 'count'],
      filters: { outcome: 'Closed Lost' },
      sort: { by: 'total', order: 'desc' },
    },
  },
};

/**
 * Cost-to-deal ratio: spent / deal amount, both in base currency minor units, to 4 decimals.
 * null when the deal has no amount (or it is 0) or it cannot be put in base currency.
 */
export function costToDealRatio(spent: number, dealAmountBase: number | null): number | null {
  if (dealAmountBase === null || dealAmountBase <= 0) return null;
  return Math.round((spent / dealAmountBase) * 10000) / 10000;
}

/** Average in minor units, rounded half away from zero; null for no rows. */
export function averageMinor(total: number, count: number): number | null {
  if (count === 0) return null;
  const q = total / count;
  return q < 0 ? -Math.round(-q) : Math.round(q);
}
