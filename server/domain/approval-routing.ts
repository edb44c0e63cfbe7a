/**
 * Approval routing: who approves a report, level by level, decided once at submit.
 *
 * Level 1 is the approver the submitter chose in the submit pop-up, or else their manager
 * ("Submits To" in Zoho Expense). Further levels come from the admin's approval rules, in rule
 * level order: a rule applies when the report total (base currency, minor units) is above its
 * `min_total` (a rule without one always applies), and names either the head of the submitter's
 * department or a named user. A level is skipped when its approver is missing, inactive, not an
 * approver or admin, the submitter, or the same person as the level before (nobody approves twice
 * in a row, nobody approves their own report). The levels left are numbered 1, 2, 3 …
 * An empty flow means there is no approver.
 */
import type { Minor } from './money.js';

export interface ApprovalStep {
  level: number;
  approver_id: string;
}

export interface DirectoryUser {
  user_id: string;
  user_role: 'submitter' | 'approver' | 'admin';
  status: 'active' | 'inactive';
  manager_id: string | null;
  department_id: string | null;
}

export interface Directory {
  users: ReadonlyMap<string, DirectoryUser>;
  /** department_id → head user id */
  departmentHeads: ReadonlyMap<string, string | null>;
}

export interface ApprovalRule {
  level: number;
  min_total: Minor | null;
  approver_type: 'department_head' | 'user';
  approver_user_id: string | null;
}

/** True when the user may approve reports at all: active, and an approver or an admin. */
export function canApprove(user: DirectoryUser | undefined): user is DirectoryUser {
  return !!user && user.status === 'active' && (user.user_role === 'approver' || user.user_role === 'admin');
}

/**
 * Resolves the approval flow for a report.
 * @example resolveApprovalFlow(150000, rep, null, [{ level: 2, min_total: 100000,
 *   approver_type: 'user', approver_user_id: 'cfo' }], directory)
 *   // [{ level: 1, approver_id: rep.manager_id }, { level: 2, approver_id: 'cfo' }]
 */
export function resolveApprovalFlow(
  total: Minor,
  submitter: DirectoryUser,
  chosenApproverId: string | null,
  rules: readonly ApprovalRule[],
  directory: Directory,
): ApprovalStep[] {
  const eligible = (id: string | null | undefined): id is string =>
    !!id && id !== submitter.user_id && canApprove(directory.users.get(id));

  const first = chosenApproverId ?? submitter.manager_id;
  if (!eligible(first)) return [];
  const chain: string[] = [first];
  const ordered = [...rules].sort((a, b) => a.level - b.level);
  for (const rule of ordered) {
    if (rule.min_total !== null && !(total > rule.min_total)) continue;
    const id =
      rule.approver_type === 'user'
        ? rule.approver_user_id
        : submitter.department_id
          ? (directory.departmentHeads.get(submitter.department_id) ?? null)
          : null;
    if (!eligible(id) || chain[chain.length - 1] === id) continue;
    chain.push(id);
  }
  return chain.map((approver_id, i) => ({ level: i + 1, approver_id }));
}
