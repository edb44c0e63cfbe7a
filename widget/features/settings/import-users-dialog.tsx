import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { describeError } from '../expenses/describe-error.js';
import { DialogError, useDialogSave } from './dialog-save.js';
import type { SettingsModelType } from './model.js';
import { type ImportableUser, ROLE_NAMES, type UserRole } from './types.js';

/** Import Zoho CRM users by hand: the CRM users not yet in DealSpend, the ones chosen, their roles. */
export function ImportUsersDialog({ model, onClose }: { model: SettingsModelType; onClose: () => void }) {
  const [users, setUsers] = useState<ImportableUser[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlyMap<string, UserRole>>(new Map());
  const { busy, error, setError, save: saveThenClose } = useDialogSave(model, onClose);
  useEffect(() => {
    model.importableUsers().then(setUsers, (e) => setError(describeError(e)));
  }, [model]);

  const toggle = (id: string, on: boolean) =>
    setChosen((m) => {
      const next = new Map(m);
      if (on) next.set(id, next.get(id) ?? 'submitter');
      else next.delete(id);
      return next;
    });
  const setRole = (id: string, role: UserRole) => setChosen((m) => new Map(m).set(id, role));
  const all = users !== null && users.length > 0 && chosen.size === users.length;

  const save = () =>
    saveThenClose(() =>
      model.importUsers([...chosen].map(([crm_user_id, user_role]) => ({ crm_user_id, user_role }))),
    );

  return (
    <Dialog
      title="Import Zoho CRM users"
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={chosen.size === 0} onClick={save}>
            {chosen.size > 1 ? `Import ${chosen.size} users` : 'Import'}
          </Button>
        </>
      }
    >
      <DialogError message={error} />
      {users === null && !error ? <p>Loading Zoho CRM users…</p> : null}
      {users?.length === 0 ? <p>Every Zoho CRM user is already in DealSpend.</p> : null}
      {users && users.length > 0 ? (
        <>
          <p>Choose the users to import and the role each one gets in DealSpend.</p>
          <table class="ds-table">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Choose every user"
                    checked={all}
                    onChange={(e) => {
                      const on = (e.target as HTMLInputElement).checked;
                      for (const u of users) toggle(u.crm_user_id, on);
                    }}
                  />
                </th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role in Zoho CRM</th>
                <th scope="col">Status in Zoho CRM</th>
                <th scope="col">Role in DealSpend</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const role = chosen.get(u.crm_user_id);
                return (
                  <tr key={u.crm_user_id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Import ${u.name}`}
                        checked={role !== undefined}
                        onChange={(e) => toggle(u.crm_user_id, (e.target as HTMLInputElement).checked)}
                      />
                    </td>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{u.crm_role ?? '–'}</td>
                    <td>{u.crm_status}</td>
                    <td>
                      <select
                        aria-label={`Role in DealSpend for ${u.name}`}
                        value={role ?? 'submitter'}
                        disabled={role === undefined}
                        onChange={(e) =>
                          setRole(u.crm_user_id, (e.target as HTMLSelectElement).value as UserRole)
                        }
                      >
                        {(Object.keys(ROLE_NAMES) as UserRole[]).map((value) => (
                          <option key={value} value={value}>
                            {ROLE_NAMES[value]}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
    </Dialog>
  );
}
