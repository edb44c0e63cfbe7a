/**
 * Settings › Approval levels: the levels a report goes through after the submitter's manager, e.g.
 * "above 1,000.00 USD, then the department head". The server checks the approver (an active
 * approver or admin) and writes the threshold in the base currency; its refusals reach the form.
 */
import { action, createModel, signal } from '@preact/signals';
import type { ApprovalRule } from '../../../server/modules/approval-rules/schemas.js';
import type { Currency } from '../../../server/modules/currencies/schemas.js';
import type { User } from '../../../server/modules/users/schemas.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';
import { loadActiveApprovers } from '../reports/approvers.js';

export type { ApprovalRule };

const PATH = '/api/v1/settings/approvalrules';

/** What the Add form sends. `min_total` null: the level applies to every report. */
export interface NewLevel {
  level: number;
  min_total: number | null;
  approver: 'department_head' | { user_id: string };
}

export const ApprovalLevelsModel = createModel((api: ApiClient) => {
  const rules = signal<ApprovalRule[]>([], { name: 'approval-levels.rules' });
  /** Who may approve: active approvers and admins, by name. */
  const approvers = signal<User[]>([], { name: 'approval-levels.approvers' });
  /** The currency a threshold is written in. */
  const baseCurrency = signal<string | null>(null, { name: 'approval-levels.base' });
  const loading = signal(true, { name: 'approval-levels.loading' });
  const error = signal<string | null>(null, { name: 'approval-levels.error' });
  const notice = signal<string | null>(null, { name: 'approval-levels.notice' });

  async function readRules() {
    const r = await api.get<{ approval_rules: ApprovalRule[] }>(PATH);
    rules.value = r.approval_rules;
  }

  async function readApprovers() {
    approvers.value = await loadActiveApprovers(api);
  }

  async function readBaseCurrency() {
    const r = await api.get<{ currencies: Currency[] }>('/api/v1/settings/currencies');
    baseCurrency.value = r.currencies.find((c) => c.is_base_currency)?.currency_code ?? null;
  }

  return {
    rules,
    approvers,
    baseCurrency,
    loading,
    error,
    notice,
    load: action(async () => {
      loading.value = true;
      try {
        await Promise.all([readRules(), readApprovers(), readBaseCurrency()]);
        error.value = null;
      } catch (e) {
        error.value = describeError(e);
      }
      loading.value = false;
    }),
    /** @returns null when added, else why not (the form shows it and keeps its input). */
    add: action(async (level: NewLevel): Promise<string | null> => {
      notice.value = null;
      const approver =
        level.approver === 'department_head'
          ? { approver_type: 'department_head' }
          : { approver_type: 'user', approver_user_id: level.approver.user_id };
      try {
        await api.post(PATH, { level: level.level, min_total: level.min_total, ...approver });
        await readRules();
      } catch (e) {
        return describeError(e);
      }
      notice.value = `Approval level ${level.level} has been added.`;
      return null;
    }),
    remove: action(async (rule: ApprovalRule): Promise<void> => {
      notice.value = null;
      try {
        await api.del(`${PATH}/${encodeURIComponent(rule.rule_id)}`);
        rules.value = rules.value.filter((r) => r.rule_id !== rule.rule_id);
        error.value = null;
        notice.value = `Approval level ${rule.level} has been deleted.`;
      } catch (e) {
        error.value = describeError(e);
      }
    }),
  };
});

export type ApprovalLevelsModelType = InstanceType<typeof ApprovalLevelsModel>;
