/**
 * Settings › Integrations: the Zoho CRM and Zoho People cards. Business state (the two
 * integrations) and every admin action, each reloading what it changed. The view state (which
 * dialog is open) lives in the components.
 */
import { createModel, signal } from '@preact/signals';
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';
import type {
  AppNotification,
  Conflict,
  CrmOrgChoice,
  ImportableUser,
  Integration,
  SyncRun,
  SystemName,
  UserRole,
} from './types.js';

const BASE = '/api/v1/integrations';
/** Sync runs read at a time in Check Status / Show Sync History. */
export const HISTORY_PAGE = 50;

export const SettingsModel = createModel((api: ApiClient) => {
  const crm = signal<Integration | null>(null, { name: 'settings.crm' });
  const people = signal<Integration | null>(null, { name: 'settings.people' });
  const error = signal<string | null>(null, { name: 'settings.error' });
  const notice = signal<string | null>(null, { name: 'settings.notice' });
  const loading = signal(true, { name: 'settings.loading' });
  const notifications = signal<AppNotification[]>([], { name: 'settings.notifications' });

  async function load(): Promise<void> {
    try {
      const [c, p, n] = await Promise.all([
        api.get<{ integration: Integration }>(`${BASE}/crm`),
        api.get<{ integration: Integration }>(`${BASE}/people`),
        api.get<{ notifications: AppNotification[] }>(`${BASE}/notifications`),
      ]);
      crm.value = c.integration;
      people.value = p.integration;
      notifications.value = n.notifications;
      error.value = null;
    } catch (e) {
      error.value = describeError(e);
    } finally {
      loading.value = false;
    }
  }

  /** Runs an action; a failure is shown instead of thrown. Returns whether it worked. */
  async function run(work: () => Promise<unknown>, done?: string): Promise<boolean> {
    try {
      await work();
      error.value = null;
      if (done) notice.value = done;
      await load();
      return true;
    } catch (e) {
      error.value = describeError(e);
      return false;
    }
  }

  return {
    crm,
    people,
    error,
    notice,
    loading,
    notifications,
    load,
    /** The callback page has reported: the cards are read again, and a failure says why. */
    async connected(ok: boolean, reason?: string): Promise<void> {
      await load();
      if (!ok) error.value = reason ?? 'Zoho was not connected.';
    },
    /** Connect Now / Try Now: Zoho's consent page opens in a pop-up; the callback page reports back. */
    async connect(system: SystemName, open: (url: string) => void): Promise<void> {
      try {
        const r = await api.get<{ authorization_url: string }>(`${BASE}/${system}/connect`, {
          redirect: 'false',
        });
        open(r.authorization_url);
      } catch (e) {
        error.value = describeError(e);
      }
    },
    listOrgs: () =>
      api.get<{ organizations: CrmOrgChoice[] }>(`${BASE}/crm/orgs`).then((r) => r.organizations),
    selectOrg: (id: string) =>
      run(() => api.put(`${BASE}/crm/org`, { crm_org_id: id }), 'The Zoho CRM organisation is saved.'),
    saveCrm: (patch: Record<string, unknown>, done?: string) =>
      run(() => api.put(`${BASE}/crm/settings`, patch), done),
    savePeople: (patch: Record<string, unknown>, done?: string) =>
      run(() => api.put(`${BASE}/people/settings`, patch), done),
    sync: (system: SystemName, module?: string) =>
      run(() => api.post(`${BASE}/${system}/sync`, module ? { module } : {}), 'The sync has started.'),
    disable: (system: SystemName) =>
      run(() => api.post(`${BASE}/${system}/disable`, {}), 'The integration is disabled.'),
    enable: (system: SystemName) =>
      run(() => api.post(`${BASE}/${system}/enable`, {}), 'The integration is enabled.'),
    remove: (system: SystemName, conversion: 'all' | 'with_transactions') =>
      run(() => api.del(`${BASE}/${system}?conversion=${conversion}`), 'The integration is deleted.'),
    /** One page of the sync history, newest first, and whether older runs follow. */
    history: (system: SystemName, page = 1) =>
      api
        .get<{ sync_runs: SyncRun[]; page_context: { has_more_page: boolean } }>(
          `${BASE}/${system}/synchistory`,
          { per_page: HISTORY_PAGE, page },
        )
        .then((r) => ({ runs: r.sync_runs, more: r.page_context.has_more_page })),
    /** Import Zoho CRM users, step 1: the CRM users not yet in DealSpend. */
    importableUsers: () =>
      api.get<{ users: ImportableUser[] }>(`${BASE}/crm/users/importable`).then((r) => r.users),
    /** Step 2: the chosen ones, each with the role the admin gave them. */
    async importUsers(users: Array<{ crm_user_id: string; user_role: UserRole }>): Promise<boolean> {
      let count = 0;
      const ok = await run(async () => {
        const r = await api.post<{ imported: number; updated: number }>(`${BASE}/crm/users/import`, {
          users,
        });
        count = r.imported + r.updated;
      });
      if (ok) notice.value = count === 1 ? '1 user is imported.' : `${count} users are imported.`;
      return ok;
    },
    /** The plan's seats, an organisation setting the users sync reads. */
    saveSeats: (orgId: string, seats: number) =>
      run(
        () => api.put(`/api/v1/organizations/${encodeURIComponent(orgId)}`, { seat_count: seats }),
        seats === 1 ? 'Your plan has 1 seat.' : `Your plan has ${seats} seats.`,
      ),
    views: (module: 'Accounts' | 'Contacts') =>
      api
        .get<{ views: Array<{ view_id: string; name: string }> }>(`${BASE}/crm/views`, { module })
        .then((r) => r.views),
    fields: (module: 'Accounts' | 'Contacts') =>
      api
        .get<{
          fields: {
            crm_fields: Array<{ api_name: string; label: string }>;
            dealspend_fields: string[];
            dealspend_field_labels: Record<string, string>;
            field_map: Record<string, string>;
          };
        }>(`${BASE}/crm/fields`, { module })
        .then((r) => r.fields),
    conflicts: () => api.get<{ conflicts: Conflict[] }>(`${BASE}/crm/conflicts`).then((r) => r.conflicts),
    /**
     * Keeps one side of a conflict. A failure comes back in words (queued: offline, the choice waits
     * in the outbox) for the conflicts dialog to show where the admin is looking, not in the page
     * behind it.
     */
    async resolve(
      id: string,
      keep: 'local' | 'remote',
    ): Promise<{ ok: true } | { ok: false; reason: string; queued: boolean }> {
      try {
        await api.post(`${BASE}/crm/conflicts/${id}/resolve`, { keep });
      } catch (e) {
        return { ok: false, reason: describeError(e), queued: isApiError(e) && e.queued };
      }
      error.value = null;
      notice.value = 'The conflict is resolved.';
      await load();
      return { ok: true };
    },
  };
});

export type SettingsModelType = InstanceType<typeof SettingsModel>;
