import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { DialogError, SaveFooter, useRefusableSave } from './dialog-save.js';
import { ROLE_NAMES, type UserRole } from './types.js';
import type { User, UserChanges, UsersModelType } from './users-model.js';

const FIELDS = ['user_role', 'manager_id', 'department_id'] as const;

function valuesOf(u: User): UserChanges {
  return { user_role: u.user_role, manager_id: u.manager_id, department_id: u.department_id };
}

/** The admin's changes (draft against base) applied on top of the current values. */
export function rebased(draft: UserChanges, base: UserChanges, current: UserChanges): UserChanges {
  const out = { ...current };
  for (const f of FIELDS) if (draft[f] !== base[f]) Object.assign(out, { [f]: draft[f] });
  return out;
}

const NEW_USER: UserChanges = { user_role: 'submitter', manager_id: null, department_id: null };

/**
 * Add a user (`user` null: email and name too), or edit one: role, manager (the default approver of
 * their reports) and department.
 */
export function UserDialog({
  model,
  user,
  onClose,
}: {
  model: UsersModelType;
  user: User | null;
  onClose: () => void;
}) {
  // The values the dialog started from; after a refusal because the user changed meanwhile, the
  // fields the admin did not touch take the current values and the admin's own choices stay.
  const [base, setBase] = useState<User | null>(user);
  const [draft, setDraft] = useState<UserChanges>(user ? valuesOf(user) : NEW_USER);
  const [identity, setIdentity] = useState({ email: '', name: '' });
  const { busy, error, setError, save: saveThenClose } = useRefusableSave(onClose);
  useEffect(() => {
    void model.loadDepartments().then((problem) => problem && setError(problem));
  }, [model]);
  // Anyone active but the user may be their manager; the server refuses a loop in the reporting line.
  const managers = model.users.value.filter(
    (u) => u.user_id !== user?.user_id && (u.status === 'active' || u.user_id === user?.manager_id),
  );

  async function save() {
    if (!user) {
      await saveThenClose(() => model.add({ ...identity, ...draft }));
      return;
    }
    if (await saveThenClose(() => model.save(user.user_id, draft))) return;
    const now = model.users.value.find((u) => u.user_id === user.user_id);
    if (now && base && now.last_modified_time !== base.last_modified_time) {
      setDraft(rebased(draft, valuesOf(base), valuesOf(now)));
      setBase(now);
    }
  }
  const choose = (e: Event) => (e.currentTarget as HTMLSelectElement).value || null;

  return (
    <Dialog
      title={user ? `Edit ${user.name}` : 'Add user'}
      onClose={onClose}
      footer={<SaveFooter busy={busy} onCancel={onClose} onSave={save} />}
    >
      <DialogError message={error} />
      {user ? (
        <p class="ds-field__hint">{user.email}</p>
      ) : (
        <>
          <Field label="Email" required hint="They join when they first sign in with this Zoho account.">
            {(p) => (
              <input
                {...p}
                type="email"
                value={identity.email}
                onInput={(e) => setIdentity({ ...identity, email: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Name" required>
            {(p) => (
              <input
                {...p}
                value={identity.name}
                onInput={(e) => setIdentity({ ...identity, name: e.currentTarget.value })}
              />
            )}
          </Field>
        </>
      )}
      <Field label="Role">
        {(p) => (
          <select
            {...p}
            value={draft.user_role}
            onChange={(e) => setDraft({ ...draft, user_role: e.currentTarget.value as UserRole })}
          >
            {(Object.keys(ROLE_NAMES) as UserRole[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Manager" hint="The default approver of their reports.">
        {(p) => (
          <select
            {...p}
            value={draft.manager_id ?? ''}
            onChange={(e) => setDraft({ ...draft, manager_id: choose(e) })}
          >
            <option value="">No manager</option>
            {managers.map((u) => (
              <option key={u.user_id} value={u.user_id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Department">
        {(p) => (
          <select
            {...p}
            value={draft.department_id ?? ''}
            onChange={(e) => setDraft({ ...draft, department_id: choose(e) })}
          >
            <option value="">No department</option>
            {model.departments.value.map((d) => (
              <option key={d.department_id} value={d.department_id}>
                {d.department_name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Dialog>
  );
}
