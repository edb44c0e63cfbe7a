import { readAllPages } from '../../api/all-pages.js';
import type { ApiClient } from '../../api/client.js';
import type { User } from '../../api/types.js';

/**
 * Everyone who may approve: active approvers and admins, by name. Read by role, every page, so a
 * large organisation's approvers are all there, however many submitters sort before them.
 */
export async function loadActiveApprovers(api: ApiClient): Promise<User[]> {
  const byRole = (user_role: 'approver' | 'admin') =>
    readAllPages<User>(api, '/api/v1/users', 'users', { status: 'active', user_role });
  const [approvers, admins] = await Promise.all([byRole('approver'), byRole('admin')]);
  return [...approvers, ...admins].sort(
    (a, b) => a.name.localeCompare(b.name) || a.user_id.localeCompare(b.user_id),
  );
}

/**
 * Who may approve `me`'s reports: active approvers and admins other than me, my manager first.
 * Answers the list and the default choice (my manager, else the first).
 */
export async function loadApproverList(
  api: ApiClient,
  me: User,
): Promise<{ approvers: User[]; first: string }> {
  const list = (await loadActiveApprovers(api)).filter((u) => u.user_id !== me.user_id);
  const manager = list.find((u) => u.user_id === me.manager_id);
  const approvers = manager ? [manager, ...list.filter((u) => u.user_id !== manager.user_id)] : list;
  return { approvers, first: manager?.user_id ?? approvers[0]?.user_id ?? '' };
}
