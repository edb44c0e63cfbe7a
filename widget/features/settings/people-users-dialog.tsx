import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { DialogError, useDialogSave } from './dialog-save.js';
import type { SettingsModelType } from './model.js';

/** People fields the mapping offers (Zoho People's employee form). */
const PEOPLE_FIELDS = ['EmailID', 'FirstName', 'LastName', 'EmployeeID', 'Nick_Name', 'Other_Email'];
const TARGETS: Array<[string, string]> = [
  ['', 'Not mapped'],
  ['email', 'Email'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['employee_number', 'Employee number'],
];

/** Users › Configure Now: map Zoho People fields to DealSpend fields, then import. */
export function PeopleUsersDialog({
  model,
  current,
  onClose,
}: {
  model: SettingsModelType;
  current: Record<string, string>;
  onClose: () => void;
}) {
  const [map, setMap] = useState<Record<string, string>>({ ...current });
  const { busy, error, save: saveThenClose } = useDialogSave(model, onClose);
  const save = () =>
    saveThenClose(() =>
      model.savePeople(
        { users: { enabled: true, field_map: map } },
        'Users are being imported from Zoho People.',
      ),
    );
  return (
    <Dialog
      title="Configure users sync"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={save}>
            Save and Sync
          </Button>
        </>
      }
    >
      <DialogError message={error} />
      <p>
        Employees who have users reporting to them are added as approvers, others as submitters. You can
        change roles later.
      </p>
      <table class="ds-table">
        <thead>
          <tr>
            <th scope="col">Zoho People field</th>
            <th scope="col">DealSpend field</th>
          </tr>
        </thead>
        <tbody>
          {PEOPLE_FIELDS.map((f) => (
            <tr key={f}>
              <td>{f}</td>
              <td>
                <select
                  aria-label={`DealSpend field for ${f}`}
                  value={map[f] ?? ''}
                  onChange={(e) => {
                    const v = (e.target as HTMLSelectElement).value;
                    const next = { ...map };
                    if (v) next[f] = v;
                    else delete next[f];
                    setMap(next);
                  }}
                >
                  {TARGETS.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
