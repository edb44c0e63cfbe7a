import { afterEach, describe, expect, it } from 'vitest';
import { DashboardComponentView } from '../../../../widget/features/analytics/dashboard-component.js';
import type { DashboardComponent, ReportResult } from '../../../../widget/features/analytics/types.js';
import { fakeApi, mount, settle } from '../expenses/fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const RESULT: ReportResult = {
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
        { key: 'expense_count', label: 'Expenses', type: 'number' },
      ],
      rows: [
        {
          deal_name: 'Massive Labs - Hardware 87 (a long name that would not fit under a bar)',
          spent: 2000,
          expense_count: 4,
        },
        { deal_name: 'Zylker Renewal', spent: 500, expense_count: 1 },
        { deal_name: 'Nothing yet', spent: 0, expense_count: 0 },
      ],
    },
  ],
  totals: { spent: 2500, expense_count: 5 },
};

async function show(component: DashboardComponent) {
  const view = mount(<DashboardComponentView component={component} load={async () => RESULT} />, {
    api: fakeApi().api,
  });
  cleanup = view.unmount;
  await settle();
  return view.root;
}

describe('a dashboard bar chart', () => {
  it('lists each item with its whole name, a bar to scale from zero and the amount as the report shows it', async () => {
    const root = await show({
      component_id: 'c1',
      component_type: 'bar_chart',
      title: 'Top deals by spend',
      report_id: 'spend-per-deal',
      measure: 'spent',
    });
    const list = root.querySelector('ol[aria-label="Top deals by spend"]')!;
    const items = Array.from(list.querySelectorAll('li'));
    expect(items.map((li) => li.querySelector('.ds-bar-list__label')?.getAttribute('title'))).toEqual(
      RESULT.tables[0]!.rows.map((r) => r.deal_name),
    );
    expect(items.map((li) => li.querySelector('.ds-bar-list__value')?.textContent)).toEqual([
      '$2,000.00',
      '$500.00',
      '$0.00',
    ]);
    expect(items.map((li) => li.querySelector<HTMLElement>('.ds-bar-list__bar')?.style.width)).toEqual([
      '100.0%',
      '25.0%',
      '0.0%',
    ]);
  });

  it('shows a count measure as a number, not as money', async () => {
    const root = await show({
      component_id: 'c2',
      component_type: 'bar_chart',
      title: 'Expenses per deal',
      report_id: 'spend-per-deal',
      measure: 'expense_count',
    });
    expect(Array.from(root.querySelectorAll('.ds-bar-list__value')).map((v) => v.textContent)).toEqual([
      '4',
      '1',
      '0',
    ]);
  });
});
