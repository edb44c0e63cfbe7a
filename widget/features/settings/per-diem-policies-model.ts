/**
 * Settings › Per diem policies: the rates per location (and the share of a rate a partial day
 * earns) that a per diem expense is calculated with. Changes send `last_modified_time`, so an edit
 * made meanwhile is refused instead of overwritten; recorded expenses keep the rates they had.
 */
import { action, createModel, signal } from '@preact/signals';
import type { Currency } from '../../../server/modules/currencies/schemas.js';
import type { Policy } from '../../../server/modules/per-diem/schemas.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';

export type { Policy };

const PATH = '/api/v1/settings/perdiem';

/** What the policy dialog edits: text as typed, turned into numbers when it is saved. */
export interface PolicyDraft {
  policy_name: string;
  currency_code: string;
  rates: Array<{ location: string; rate: string }>;
  rules: Array<{ min_hours: string; max_hours: string; percent: string }>;
}

export function draftOf(p: Policy | null, currency: string): PolicyDraft {
  if (!p) return { policy_name: '', currency_code: currency, rates: [{ location: '', rate: '' }], rules: [] };
  return {
    policy_name: p.policy_name,
    currency_code: p.currency_code,
    rates: p.rates.map((r) => ({ location: r.location, rate: String(r.rate) })),
    rules: p.rules.map((r) => ({
      min_hours: String(r.min_hours),
      max_hours: String(r.max_hours),
      percent: String(r.percent),
    })),
  };
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * The body to send, or what is wrong with the draft (named by field, in the dialog's words). The
 * server checks the rest: rules that overlap, decimals the currency does not have.
 */
export function bodyOf(d: PolicyDraft): { body: object } | { problem: string } {
  if (!d.policy_name.trim()) return { problem: 'Enter the policy name.' };
  const rates = d.rates.filter((r) => r.location.trim() || r.rate.trim());
  if (rates.length === 0) return { problem: 'Add at least one location with its daily rate.' };
  for (const r of rates) {
    if (!r.location.trim()) return { problem: 'Every rate needs its location.' };
    if (!NUMBER.test(r.rate.trim()) || Number(r.rate) <= 0)
      return {
        problem: `Enter the daily rate for ${r.location.trim()} as an amount above zero, such as 45.50.`,
      };
  }
  const rules = [];
  for (const r of d.rules) {
    const [min, max, percent] = [r.min_hours, r.max_hours, r.percent].map((v) => v.trim());
    if (![min, max, percent].every((v) => v !== undefined && NUMBER.test(v)))
      return { problem: 'Every rule needs its hours from, hours to and percent, as numbers.' };
    rules.push({ min_hours: Number(min), max_hours: Number(max), percent: Number(percent) });
  }
  return {
    body: {
      policy_name: d.policy_name.trim(),
      currency_code: d.currency_code,
      rates: rates.map((r) => ({ location: r.location.trim(), rate: Number(r.rate) })),
      rules,
    },
  };
}

export const PerDiemPoliciesModel = createModel((api: ApiClient) => {
  const policies = signal<Policy[]>([], { name: 'per-diem-policies.list' });
  const currencies = signal<Currency[]>([], { name: 'per-diem-policies.currencies' });
  const loading = signal(true, { name: 'per-diem-policies.loading' });
  const error = signal<string | null>(null, { name: 'per-diem-policies.error' });
  const notice = signal<string | null>(null, { name: 'per-diem-policies.notice' });

  async function readPolicies() {
    const r = await api.get<{ per_diem_policies: Policy[] }>(PATH);
    policies.value = r.per_diem_policies;
  }
  async function readCurrencies() {
    const r = await api.get<{ currencies: Currency[] }>('/api/v1/settings/currencies');
    currencies.value = r.currencies;
  }

  /** Runs a change; a refusal is shown on the section, and the list is read again either way. */
  async function change(work: () => Promise<unknown>, done: string) {
    notice.value = null;
    try {
      await work();
      error.value = null;
      notice.value = done;
    } catch (e) {
      error.value = describeError(e);
    }
    try {
      await readPolicies();
    } catch (e) {
      error.value = describeError(e);
    }
  }

  return {
    policies,
    currencies,
    loading,
    error,
    notice,
    load: action(async () => {
      loading.value = true;
      try {
        await Promise.all([readPolicies(), readCurrencies()]);
        error.value = null;
      } catch (e) {
        error.value = describeError(e);
      }
      loading.value = false;
    }),
    /**
     * Creates a policy (`existing` null) or changes one against the version listed.
     * @returns null when saved, else why not (the dialog shows it and keeps the draft).
     */
    save: action(async (existing: Policy | null, draft: PolicyDraft): Promise<string | null> => {
      const checked = bodyOf(draft);
      if ('problem' in checked) return checked.problem;
      notice.value = null;
      try {
        if (existing) {
          await api.put(`${PATH}/${encodeURIComponent(existing.policy_id)}`, {
            ...checked.body,
            last_modified_time: existing.last_modified_time,
          });
        } else {
          await api.post(PATH, checked.body);
        }
        await readPolicies();
      } catch (e) {
        return describeError(e);
      }
      notice.value = `The per diem policy "${draft.policy_name.trim()}" has been saved.`;
      return null;
    }),
    setStatus: action((p: Policy, status: 'active' | 'inactive') =>
      change(
        () =>
          api.put(`${PATH}/${encodeURIComponent(p.policy_id)}`, {
            status,
            last_modified_time: p.last_modified_time,
          }),
        `The per diem policy "${p.policy_name}" is now ${status}.`,
      ),
    ),
    remove: action((p: Policy) =>
      change(
        () => api.del(`${PATH}/${encodeURIComponent(p.policy_id)}`),
        `The per diem policy "${p.policy_name}" has been deleted.`,
      ),
    ),
  };
});

export type PerDiemPoliciesModelType = InstanceType<typeof PerDiemPoliciesModel>;
