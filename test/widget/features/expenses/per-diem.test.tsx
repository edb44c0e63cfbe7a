import { afterEach, describe, expect, it, vi } from 'vitest';
import { PerDiemForm } from '../../../../widget/features/expenses/per-diem-form.js';
import { button, byLabel, click, fakeApi, mount, ok, settle, type } from './fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const POLICY = {
  policy_id: 'p1',
  policy_name: 'Domestic',
  currency_code: 'USD',
  status: 'active',
  rates: [
    { location: 'Chennai', rate: 50 },
    { location: 'Mumbai', rate: 60 },
  ],
  rules: [],
};

const LINES = [
  { date: '2026-01-14', location: 'Chennai', hours: 15, rate: 50, percent: 75, amount: 37.5 },
  { date: '2026-01-15', location: 'Mumbai', hours: 24, rate: 60, percent: 100, amount: 60 },
  { date: '2026-01-16', location: 'Mumbai', hours: 17, rate: 60, percent: 75, amount: 45 },
];

describe('Per Diem', () => {
  it('Trip: Calculate Per Diem lists a line per day, and Save and Close records only the ticked days', async () => {
    const server = fakeApi({
      'GET /api/v1/settings/perdiem': ok({ per_diem_policies: [POLICY] }),
      'POST /api/v1/expenses/perdiem/calculate': ok({
        per_diem: { lines: LINES, currency_code: 'USD', total: 142.5 },
      }),
      'POST /api/v1/expenses/perdiem': { status: 201, body: { code: 0, message: 'success', expenses: [] } },
    });
    const onSaved = vi.fn();
    const view = mount(<PerDiemForm reports={[]} onSaved={onSaved} onCancel={() => undefined} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    await settle();
    const root = view.root;
    expect(byLabel(root, 'Policy').value).toBe('p1');
    type(byLabel(root, 'Departure Location'), 'Chennai');
    type(byLabel(root, 'Departure Date'), '2026-01-14');
    type(byLabel(root, 'Departure Time'), '09:00');
    type(byLabel(root, 'Arrival Location'), 'Mumbai');
    type(byLabel(root, 'Arrival Date'), '2026-01-16');
    type(byLabel(root, 'Arrival Time'), '17:00');
    click(button(root, 'Calculate Per Diem'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses/perdiem/calculate')[0]?.body).toEqual({
      policy_id: 'p1',
      per_diem_type: 'trip',
      start_date: '2026-01-14',
      start_time: '09:00',
      end_date: '2026-01-16',
      end_time: '17:00',
      departure_location: 'Chennai',
      arrival_location: 'Mumbai',
    });
    const boxes = root.querySelectorAll<HTMLInputElement>('input[aria-label^="Record per diem"]');
    expect(boxes).toHaveLength(3);
    click(boxes[1]!);
    click(button(root, 'Save and Close'));
    await settle();
    expect(server.callsTo('POST /api/v1/expenses/perdiem')[0]?.body).toMatchObject({
      dates: ['2026-01-14', '2026-01-16'],
    });
    expect(onSaved).toHaveBeenCalled();
  });

  it('Individual Days asks for the travel location and a daily window, and checks it before calculating', async () => {
    const server = fakeApi({ 'GET /api/v1/settings/perdiem': ok({ per_diem_policies: [POLICY] }) });
    const view = mount(<PerDiemForm reports={[]} onSaved={() => undefined} onCancel={() => undefined} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    await settle();
    const root = view.root;
    click(root.querySelectorAll<HTMLInputElement>('input[type=radio]')[1]!);
    for (const label of [
      'Travel Location',
      'First Date',
      'Last Date',
      'Daily Start Time',
      'Daily End Time',
    ]) {
      expect(byLabel(root, label)).toBeTruthy();
    }
    type(byLabel(root, 'Daily Start Time'), '17:00');
    type(byLabel(root, 'Daily End Time'), '09:00');
    click(button(root, 'Calculate Per Diem'));
    await settle();
    expect(root.textContent).toContain('Choose the travel location.');
    expect(root.textContent).toContain('The end time is before the start time.');
    expect(server.callsTo('POST /api/v1/expenses/perdiem/calculate')).toHaveLength(0);
  });

  it('says where policies come from when the organisation has no active one, and calculates nothing', async () => {
    const server = fakeApi({
      'GET /api/v1/settings/perdiem': ok({ per_diem_policies: [{ ...POLICY, status: 'inactive' }] }),
    });
    const view = mount(<PerDiemForm reports={[]} onSaved={() => undefined} onCancel={() => undefined} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    await settle();
    const root = view.root;
    expect(root.querySelector('[role=status]')?.textContent).toContain(
      'Your organisation has no per diem policy yet',
    );
    expect(button(root, 'Calculate Per Diem').disabled).toBe(true);
  });

  it('shows no such notice while a policy is active', async () => {
    const server = fakeApi({ 'GET /api/v1/settings/perdiem': ok({ per_diem_policies: [POLICY] }) });
    const view = mount(<PerDiemForm reports={[]} onSaved={() => undefined} onCancel={() => undefined} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    await settle();
    expect(view.root.textContent).not.toContain('no per diem policy');
    expect(button(view.root, 'Calculate Per Diem').disabled).toBe(false);
  });
});
