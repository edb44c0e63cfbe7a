import type { User } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { CustomerPicker } from './customer-picker.js';
import type { Attendee } from './types.js';

export interface AttendeesPickerProps {
  users: readonly User[];
  value: readonly Attendee[];
  onChange: (attendees: Attendee[]) => void;
}

/** Attendees: employees (the org's users) and contact persons (customers). */
export function AttendeesPicker({ users, value, onChange }: AttendeesPickerProps) {
  const has = (a: Attendee) =>
    value.some((x) => (a.user_id ? x.user_id === a.user_id : x.contact_id === a.contact_id));
  const add = (a: Attendee) => {
    if (!has(a)) onChange([...value, a]);
  };
  return (
    <fieldset class="ds-field--wide">
      <legend>Attendees</legend>
      {value.length > 0 ? (
        <ul class="ds-chips" aria-label="Attendees">
          {value.map((a) => (
            <li key={a.user_id ?? a.contact_id}>
              {a.name ?? a.user_id ?? a.contact_id}{' '}
              <Button
                variant="link"
                aria-label={`Remove attendee ${a.name ?? ''}`}
                onClick={() => onChange(value.filter((x) => x !== a))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="ds-form-grid">
        <Field label="Add an employee">
          {(p) => (
            <select
              {...p}
              value=""
              onChange={(e) => {
                const u = users.find((x) => x.user_id === e.currentTarget.value);
                if (u) add({ user_id: u.user_id, name: u.name });
              }}
            >
              <option value="">Choose an employee</option>
              {users.map((u) => (
                <option key={u.user_id} value={u.user_id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CustomerPicker
          label="Add a contact person"
          customerId=""
          allowCrmSearch={false}
          onPick={(c) => c && add({ contact_id: c.contact_id, name: c.contact_name })}
        />
      </div>
    </fieldset>
  );
}
