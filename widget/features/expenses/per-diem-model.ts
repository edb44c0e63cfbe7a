/**
 * Per Diem: choose a policy and a type ("Trip": departure and arrival; "Individual Days": one travel
 * location and a daily window), "Calculate Per Diem", tick the lines to record, "Save and Close".
 * The server does the arithmetic with the admin's rates; this model only gathers and shows.
 */
import { action, computed, createModel, signal } from '@preact/signals';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from './describe-error.js';
import type { ReportChoice } from './types.js';

export interface PerDiemPolicy {
  policy_id: string;
  policy_name: string;
  currency_code: string;
  locations: string[];
}

export interface PerDiemLine {
  date: string;
  location: string;
  hours: number;
  rate: number;
  percent: number;
  amount: number;
}

/** A policy as the server lists it; the form only needs its locations. */
interface PolicyResponse {
  policy_id: string;
  policy_name: string;
  currency_code: string;
  status?: string;
  rates: { location: string; rate: number }[];
}

export type PerDiemType = 'trip' | 'individual_days';

export interface PerDiemValues {
  policy_id: string;
  type: PerDiemType;
  departure_location: string;
  start_date: string;
  start_time: string;
  arrival_location: string;
  end_date: string;
  end_time: string;
  location: string;
  report: ReportChoice;
}

export type PerDiemErrors = Partial<Record<keyof PerDiemValues | 'lines' | 'form', string>>;

export const PerDiemModel = createModel((api: ApiClient, today: string) => {
  const values = signal<PerDiemValues>(
    {
      policy_id: '',
      type: 'trip',
      departure_location: '',
      start_date: today,
      start_time: '09:00',
      arrival_location: '',
      end_date: today,
      end_time: '17:00',
      location: '',
      report: { kind: 'none' },
    },
    { name: 'perDiem.values' },
  );
  const policies = signal<PerDiemPolicy[]>([], { name: 'perDiem.policies' });
  const lines = signal<PerDiemLine[]>([], { name: 'perDiem.lines' });
  const chosen = signal<ReadonlySet<string>>(new Set(), { name: 'perDiem.chosen' });
  const errors = signal<PerDiemErrors>({}, { name: 'perDiem.errors' });
  const busy = signal(false, { name: 'perDiem.busy' });
  const loadError = signal<string | null>(null, { name: 'perDiem.loadError' });
  /** The policies were read and none is active: nothing can be calculated until an admin adds one. */
  const noPolicies = signal(false, { name: 'perDiem.noPolicies' });
  const policy = computed(() => policies.value.find((p) => p.policy_id === values.value.policy_id) ?? null);

  /** The request body both calculate and save send. */
  const period = () => {
    const v = values.value;
    const common = {
      policy_id: v.policy_id,
      per_diem_type: v.type,
      start_date: v.start_date,
      start_time: v.start_time,
      end_date: v.end_date,
      end_time: v.end_time,
    };
    return v.type === 'trip'
      ? { ...common, departure_location: v.departure_location, arrival_location: v.arrival_location }
      : { ...common, location: v.location };
  };

  const check = (): PerDiemErrors => {
    const v = values.value;
    const e: PerDiemErrors = {};
    if (!v.policy_id) e.policy_id = 'Choose a policy.';
    if (v.type === 'trip') {
      if (!v.departure_location) e.departure_location = 'Choose the departure location.';
      if (!v.arrival_location) e.arrival_location = 'Choose the arrival location.';
    } else if (!v.location) e.location = 'Choose the travel location.';
    if (!v.start_date) e.start_date = 'Enter the first date.';
    if (!v.end_date) e.end_date = 'Enter the last date.';
    else if (v.start_date && v.end_date < v.start_date) e.end_date = 'The last date is before the first.';
    if (v.report.kind === 'new' && !v.report.report_name.trim()) e.report = 'Name the new report.';
    if (v.type === 'individual_days' && v.end_time <= v.start_time)
      e.end_time = 'The end time is before the start time.';
    return e;
  };

  const fail = (e: unknown) => {
    const field = isApiError(e) ? e.field : undefined;
    const known = field !== undefined && field in values.value;
    errors.value = { [known ? field : 'form']: describeError(e) };
  };

  return {
    values,
    policies,
    lines,
    chosen,
    errors,
    busy,
    loadError,
    noPolicies,
    policy,
    loadPolicies: action(async () => {
      try {
        const res = await api.get<{ per_diem_policies: PolicyResponse[] }>('/api/v1/settings/perdiem');
        policies.value = res.per_diem_policies
          .filter((p) => p.status !== 'inactive')
          .map((p) => ({
            policy_id: p.policy_id,
            policy_name: p.policy_name,
            currency_code: p.currency_code,
            locations: p.rates.map((r) => r.location),
          }));
        noPolicies.value = policies.value.length === 0;
        const first = policies.value[0];
        if (first && !values.value.policy_id) values.value = { ...values.value, policy_id: first.policy_id };
      } catch (e) {
        loadError.value = describeError(e);
      }
    }),
    set: action(<K extends keyof PerDiemValues>(key: K, value: PerDiemValues[K]) => {
      values.value = { ...values.value, [key]: value };
      lines.value = [];
      const { [key]: _gone, ...rest } = errors.value;
      errors.value = rest;
    }),
    toggleLine: action((date: string) => {
      const next = new Set(chosen.value);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      chosen.value = next;
    }),
    /** "Calculate Per Diem": every line starts ticked. */
    calculate: action(async () => {
      const e = check();
      errors.value = e;
      if (Object.keys(e).length) return false;
      busy.value = true;
      try {
        const res = await api.post<{ per_diem: { lines: PerDiemLine[] } }>(
          '/api/v1/expenses/perdiem/calculate',
          period(),
        );
        lines.value = res.per_diem.lines;
        chosen.value = new Set(res.per_diem.lines.map((l) => l.date));
        return true;
      } catch (err) {
        fail(err);
        return false;
      } finally {
        busy.value = false;
      }
    }),
    /** "Save and Close": records the ticked lines as per diem expenses. */
    save: action(async () => {
      if (chosen.value.size === 0) {
        errors.value = { lines: 'Tick at least one day to record.' };
        return false;
      }
      busy.value = true;
      const r = values.value.report;
      try {
        const res = await api.post<{ expenses: { expense_id: string }[] }>('/api/v1/expenses/perdiem', {
          ...period(),
          dates: [...chosen.value].sort(),
          ...(r.kind === 'existing' ? { report_id: r.report_id } : {}),
        });
        // Per diem takes an existing report only; "+ Add to New Report" follows as a second step.
        if (r.kind === 'new' && res.expenses.length > 0) {
          await api.post('/api/v1/expenses/addtoreport', {
            expense_ids: res.expenses.map((e) => e.expense_id),
            new_report: { report_name: r.report_name.trim() },
          });
        }
        return true;
      } catch (err) {
        fail(err);
        return false;
      } finally {
        busy.value = false;
      }
    }),
  };
});
