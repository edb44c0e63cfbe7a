import type { ApiClient } from '../../api/client.js';
import type { User } from '../../api/types.js';

/**
 * Who may approve `me`'s reports: active approvers and admins other than me, my manager first.
 * Answers the list and the default choice (my manager, else the first).
 */
export async function loadApproverList(
  api: ApiClient,
  me: User,
): Promise<{ approvers: User[]; first: string }> {
  const res = await api.get<{ users: User[] }>('/api/v1/users', { status: 'active', per_page: 200 });
  const list = res.users.filter((u) => u.user_id !== me.user_id && u.user_role !== 'submitter');
  const manager = res.users.find((u) => u.user_id === me.manager_id);
  const approvers = manager ? [manager, ...list.filter((u) => u.user_id !== manager.user_id)] : list;
  return { approvers, first: me.manager_id ?? approvers[0]?.user_id ?? '' };
}
