import { Field } from '../../ui/field.js';
import type { PerDiemModel, PerDiemValues } from './per-diem-model.js';

type Props = { model: InstanceType<typeof PerDiemModel> };

/** Trip: departure and arrival location, date and time. Individual Days: location, dates, daily times. */
export function PerDiemPeriodFields({ model }: Props) {
  const v = model.values.value;
  const e = model.errors.value;
  const locations = model.policy.value?.locations ?? [];
  const trip = v.type === 'trip';

  const location = (key: 'departure_location' | 'arrival_location' | 'location', label: string) => (
    <Field label={label} error={e[key]} required>
      {(p) => (
        <select {...p} value={v[key]} onChange={(ev) => model.set(key, ev.currentTarget.value)}>
          <option value="">Choose a location</option>
          {locations.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const input = (key: keyof PerDiemValues & `${string}_${'date' | 'time'}`, label: string) => (
    <Field label={label} error={e[key]} required>
      {(p) => (
        <input
          {...p}
          type={key.endsWith('date') ? 'date' : 'time'}
          value={v[key]}
          onInput={(ev) => model.set(key, ev.currentTarget.value)}
        />
      )}
    </Field>
  );

  return trip ? (
    <>
      {location('departure_location', 'Departure Location')}
      {input('start_date', 'Departure Date')}
      {input('start_time', 'Departure Time')}
      {location('arrival_location', 'Arrival Location')}
      {input('end_date', 'Arrival Date')}
      {input('end_time', 'Arrival Time')}
    </>
  ) : (
    <>
      {location('location', 'Travel Location')}
      {input('start_date', 'First Date')}
      {input('end_date', 'Last Date')}
      {input('start_time', 'Daily Start Time')}
      {input('end_time', 'Daily End Time')}
    </>
  );
}
