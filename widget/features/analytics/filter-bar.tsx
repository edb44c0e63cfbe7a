import type { ReportFilters } from './types.js';

export interface FilterBarProps {
  filters: ReportFilters;
  onChange: <K extends keyof ReportFilters>(key: K, value: ReportFilters[K] | '') => void;
  /** People, departments and categories to filter by (loaded by the view). */
  users: Array<{ user_id: string; name: string }>;
  departments: Array<{ department_id: string; department_name: string }>;
  categories: Array<{ category_id: string; category_name: string }>;
}

/** Date range, deal owner, spender, department, stage, category and status filters. */
export function FilterBar({ filters, onChange, users, departments, categories }: FilterBarProps) {
  const people = users.map((u) => (
    <option key={u.user_id} value={u.user_id}>
      {u.name}
    </option>
  ));
  return (
    <fieldset class="ds-toolbar ds-analytics__filters">
      <legend class="ds-visually-hidden">Filters</legend>
      <label>
        From{' '}
        <input
          type="date"
          value={filters.date_from ?? ''}
          onChange={(e) => onChange('date_from', e.currentTarget.value)}
        />
      </label>
      <label>
        To{' '}
        <input
          type="date"
          value={filters.date_to ?? ''}
          onChange={(e) => onChange('date_to', e.currentTarget.value)}
        />
      </label>
      <label>
        Deal owner{' '}
        <select value={filters.owner_id ?? ''} onChange={(e) => onChange('owner_id', e.currentTarget.value)}>
          <option value="">Anyone</option>
          {people}
        </select>
      </label>
      <label>
        Spender{' '}
        <select value={filters.user_id ?? ''} onChange={(e) => onChange('user_id', e.currentTarget.value)}>
          <option value="">Anyone</option>
          {people}
        </select>
      </label>
      <label>
        Department{' '}
        <select
          value={filters.department_id ?? ''}
          onChange={(e) => onChange('department_id', e.currentTarget.value)}
        >
          <option value="">All</option>
          {departments.map((d) => (
            <option key={d.department_id} value={d.department_id}>
              {d.department_name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category{' '}
        <select
          value={filters.category_id ?? ''}
          onChange={(e) => onChange('category_id', e.currentTarget.value)}
        >
          <option value="">All</option>
          {categories.map((c) => (
            <option key={c.category_id} value={c.category_id}>
              {c.category_name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stage{' '}
        <input
          type="text"
          placeholder="Any stage"
          value={filters.stage ?? ''}
          onChange={(e) => onChange('stage', e.currentTarget.value.trim())}
        />
      </label>
      <label>
        Status{' '}
        <select
          value={filters.status?.length === 1 ? filters.status[0] : ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange('status', v === 'spent' || v === 'pending' ? [v] : '');
          }}
        >
          <option value="">Spent and pending</option>
          <option value="spent">Spent (approved, reimbursed)</option>
          <option value="pending">Pending (submitted)</option>
        </select>
      </label>
    </fieldset>
  );
}
