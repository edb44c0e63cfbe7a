/**
 * Settings › Users: everyone in the organisation, with what an admin changes later: the role (a sync
 * makes People's managers approvers and CRM's users submitters), the manager (the default approver),
 * the department, and whether the user is active. Saves send `last_modified_time`, so an edit made
 * meanwhile (by another admin or a sync) is refused with 409 instead of being overwritten.
 */
import { action, createModel, signal } from '@preact/signals';
import type { Department } from '../../../server/modules/departments/schemas.js';
import type { User } from '../../../server/modules/users/schemas.js';
import { readAllPages } from '../../api/all-pages.js';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import type { PageContext } from '../../api/types.js';
import { describeError } from '../expenses/describe-error.js';
import type { UserRole } from './types.js';

export type { User };

/** What the Edit dialog changes. */
export interface UserChanges {
  user_role: UserRole;
  manager_id: string | null;
  department_id: string | null;
}

/** Users per page: the server's largest. */
export const USERS_PAGE = 200;

/** The server's code for an update sent with an outdated last_modified_time. */
const STALE_UPDATE = 4001;

export const UsersModel = createModel((api: ApiClient) => {
  const users = signal<User[]>([], { name: 'users.list' });
  const departments = signal<Department[]>([], { name: 'users.departments' });
  const more = signal(false, { name: 'users.more' });
  const loading = signal(true, { name: 'users.loading' });
  const error = signal<string | null>(null, { name: 'users.error' });
  const notice = signal<string | null>(null, { name: 'users.notice' });
  let pagesRead = 0;

  function readPage(page: number) {
    return api.get<{ users: User[]; page_context: PageContext }>('/api/v1/users', {
      page,
      per_page: USERS_PAGE,
    });
  }

  /** Reads again every page read so far, so the list shows what the server holds now. */
  async function refresh() {
    const pages = [];
    for (let n = 1; n <= Math.max(1, pagesRead); n++) pages.push(await readPage(n));
    // Each user once, even when a user added meanwhile shifted the pages.
    const byId = new Map<string, User>();
    for (const u of pages.flatMap((p) => p.users)) if (!byId.has(u.user_id)) byId.set(u.user_id, u);
    users.value = [...byId.values()];
    more.value = pages.at(-1)!.page_context.has_more_page;
    pagesRead = pages.length;
  }

  /** Puts the server's answer for one user in place of the listed one. */
  function replace(user: User) {
    users.value = users.value.map((u) => (u.user_id === user.user_id ? user : u));
  }

  return {
    users,
    departments,
    more,
    loading,
    error,
    notice,
    load: action(async () => {
      loading.value = true;
      pagesRead = 0;
      try {
        await refresh();
        error.value = null;
      } catch (e) {
        error.value = describeError(e);
      }
      loading.value = false;
    }),
    /** Reads the listed pages again without a spinner, e.g. after a users sync has run. */
    refresh: action(async () => {
      try {
        await refresh();
      } catch (e) {
        error.value = describeError(e);
      }
    }),
    /** The departments to choose from, read when the Edit dialog first opens. */
    loadDepartments: action(async (): Promise<string | null> => {
      try {
        departments.value = await readAllPages<Department>(api, '/api/v1/departments', 'departments');
        return null;
      } catch (e) {
        return describeError(e);
      }
    }),
    /** Reads the next page, listing each user once even if the pages shifted meanwhile. */
    showMore: action(async () => {
      try {
        const next = await readPage(pagesRead + 1);
        const seen = new Set(users.value.map((u) => u.user_id));
        users.value = [...users.value, ...next.users.filter((u) => !seen.has(u.user_id))];
        more.value = next.page_context.has_more_page;
        pagesRead += 1;
      } catch (e) {
        error.value = describeError(e);
      }
    }),
    /**
     * Saves the dialog's choices against the version of the user listed now. When the user changed
     * since (another admin, a sync), the list is read again and the admin is asked to check it: a
     * second Save, with the same choices, then applies them to the current version.
     * @returns null when saved, else why not (the dialog shows it and keeps the choices).
     */
    save: action(async (userId: string, changes: UserChanges): Promise<string | null> => {
      notice.value = null;
      const user = users.value.find((u) => u.user_id === userId);
      if (!user) return 'This user is no longer listed.';
      try {
        const r = await api.put<{ user: User }>(`/api/v1/users/${encodeURIComponent(user.user_id)}`, {
          ...changes,
          last_modified_time: user.last_modified_time,
        });
        replace(r.user);
      } catch (e) {
        if (!isApiError(e) || e.code !== STALE_UPDATE) return describeError(e);
        try {
          await refresh();
        } catch {
          return describeError(e);
        }
        return `${user.name} was changed meanwhile (by another admin or a sync); the list now shows the current values. Check them, then Save again to apply your choices.`;
      }
      notice.value = `${user.name} has been saved.`;
      return null;
    }),
    /**
     * Adds a user (active; linked to their Zoho account when they first sign in).
     * @returns null when added, else why not (the dialog shows it and keeps what was typed).
     */
    add: action(async (input: UserChanges & { email: string; name: string }): Promise<string | null> => {
      notice.value = null;
      const email = input.email.trim();
      const name = input.name.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        return 'Enter the email address they sign in to Zoho with.';
      if (!name) return 'Enter their name.';
      try {
        await api.post('/api/v1/users', {
          email,
          name,
          user_role: input.user_role,
          manager_id: input.manager_id,
          department_id: input.department_id,
        });
        await refresh();
      } catch (e) {
        return describeError(e);
      }
      notice.value = `${name} has been added.`;
      return null;
    }),
    /** Makes a user active or inactive; a refusal (the last admin) is shown on the section. */
    setStatus: action(async (user: User, status: User['status']): Promise<void> => {
      notice.value = null;
      try {
        const r = await api.post<{ user: User }>(
          `/api/v1/users/${encodeURIComponent(user.user_id)}/${status}`,
          {},
        );
        replace(r.user);
        error.value = null;
        notice.value = `${user.name} is now ${status}.`;
      } catch (e) {
        error.value = describeError(e);
      }
    }),
  };
});

export type UsersModelType = InstanceType<typeof UsersModel>;
