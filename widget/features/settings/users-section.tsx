import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { type Column, Table } from '../../ui/table.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { SettingsSection } from './settings-section.js';
import { ROLE_NAMES } from './types.js';
import { UserDialog } from './user-dialog.js';
import { type User, UsersModel } from './users-model.js';

/**
 * Settings › Users: roles, managers and departments changed after a sync, and who is active, with
 * the plan's seats (each active user takes one).
 * @param refreshes - changes whenever the list should be read again (a sync has ended).
 * @param seats - the plan's seats, with what changes them; absent while unknown.
 */
export function UsersSection({
  refreshes = 0,
  seats,
}: {
  refreshes?: number;
  seats?: { count: number; onChange: () => void };
}) {
  const { api } = useApp();
  const model = useModel(() => new UsersModel(api));
  // undefined: no dialog; null: Add user.
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  useEffect(() => {
    if (refreshes > 0) void model.refresh();
  }, [model, refreshes]);

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <>
          {u.name}
          <br />
          <span class="ds-field__hint">{u.email}</span>
        </>
      ),
    },
    { key: 'role', header: 'Role', render: (u) => ROLE_NAMES[u.user_role] },
    { key: 'manager', header: 'Manager', render: (u) => u.manager_name ?? '' },
    { key: 'department', header: 'Department', render: (u) => u.department_name ?? '' },
    { key: 'status', header: 'Status', render: (u) => (u.status === 'active' ? 'Active' : 'Inactive') },
    {
      key: 'actions',
      header: 'Actions',
      nowrap: true,
      render: (u) => (
        <>
          <Button variant="link" aria-label={`Edit ${u.name}`} onClick={() => setEditing(u)}>
            Edit
          </Button>{' '}
          {u.status === 'active' ? (
            <Button variant="link" aria-label={`Make ${u.name} inactive`} onClick={() => setDeactivating(u)}>
              Make inactive
            </Button>
          ) : (
            <Button
              variant="link"
              aria-label={`Make ${u.name} active`}
              onClick={() => void model.setStatus(u, 'active')}
            >
              Make active
            </Button>
          )}
        </>
      ),
    },
  ];

  return (
    <SettingsSection
      id="ds-users-title"
      title="Users"
      notice={model.notice.value}
      loading={model.loading.value}
      error={model.error.value}
      nothingRead={model.users.value.length === 0}
      onRetry={() => void model.load()}
      after={
        <>
          {editing !== undefined ? (
            <UserDialog model={model} user={editing} onClose={() => setEditing(undefined)} />
          ) : null}
          {deactivating ? (
            <ConfirmDialog
              title="Make inactive"
              confirmLabel="Make inactive"
              onConfirm={() => model.setStatus(deactivating, 'inactive')}
              onClose={() => setDeactivating(null)}
            >
              <p>
                Make {deactivating.name} inactive? They can no longer sign in to DealSpend or be chosen as an
                approver. Their expenses and reports stay, and you can make them active again.
              </p>
            </ConfirmDialog>
          ) : null}
        </>
      }
    >
      <div class="ds-scroll-x">
        <Table caption="Users" rows={model.users.value} columns={columns} rowKey={(u) => u.user_id} />
      </div>
      <div class="ds-toolbar">
        <Button onClick={() => setEditing(null)}>+ Add user</Button>
        {model.more.value ? <Button onClick={() => void model.showMore()}>Show more users</Button> : null}
      </div>
      {seats ? (
        <p class="ds-field__hint">
          Seats in your plan: {seats.count}. Each active user takes one.{' '}
          <Button variant="link" aria-label="Change the seats in your plan" onClick={seats.onChange}>
            Change
          </Button>
        </p>
      ) : null}
    </SettingsSection>
  );
}
