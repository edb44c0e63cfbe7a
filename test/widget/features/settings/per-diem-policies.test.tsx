import { afterEach, describe, expect, it } from 'vitest';
import { PerDiemPolicies } from '../../../../widget/features/settings/per-diem-policies.js';
import type { Policy } from '../../../../widget/features/settings/per-diem-policies-model.js';
import {
  button,
  byLabel,
  click,
  fakeApi,
  mount,
  ok,
  page,
  settle,
  type,
  user,
} from '../expenses/fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const T = '2026-01-01T00:00:00.000Z';

function policy(over: Partial<Policy> = {}): Policy {
  return {
    policy_id: 'p1',
    policy_name: 'Europe',
    currency_code: 'EUR',
    rates: [
      { location: 'Paris', rate: 120 },
      { location: 'Berlin', rate: 95 },
      { location: 'Rome', rate: 90 },
      { location: 'Madrid', rate: 85 },
    ],
    rules: [{ min_hours: 8, max_hours: 24, percent: 50 }],
    status: 'active',
    created_time: T,
    last_modified_time: T,
    ...over,
  };
}

function world(policies: Policy[] = [policy()]) {
  const state = { policies };
  const server = fakeApi({
    'GET /api/v1/settings/perdiem': () => ok({ per_diem_policies: state.policies }),
    'GET /api/v1/settings/currencies': ok({
      currencies: [
        { currency_code: 'USD', is_base_currency: true, price_precision: 2, exchange_rate: 1 },
        { currency_code: 'EUR', is_base_currency: false, price_precision: 2, exchange_rate: 1.1 },
      ],
      page_context: page,
    }),
    'POST /api/v1/settings/perdiem': (req) => {
      const b = req.body as Pick<Policy, 'policy_name' | 'currency_code' | 'rates' | 'rules'>;
      state.policies = [...state.policies, policy({ ...b, policy_id: 'p2' })];
      return { status: 201, body: { code: 0, message: 'success', per_diem_policy: state.policies.at(-1) } };
    },
    'PUT /api/v1/settings/perdiem/p1': (req) => {
      const b = req.body as Partial<Policy>;
      if (b.rules && b.rules.length > 1) {
        return { status: 400, body: { code: 1000, message: 'rules: rule 4–10 h overlaps rule 8–24 h' } };
      }
      state.policies = state.policies.map((p) =>
        p.policy_id === 'p1' ? { ...p, ...b, last_modified_time: '2026-01-02T00:00:00.000Z' } : p,
      );
      return ok({ per_diem_policy: state.policies[0] });
    },
    'DELETE /api/v1/settings/perdiem/p1': () => {
      state.policies = state.policies.filter((p) => p.policy_id !== 'p1');
      return ok({ message: 'The per diem policy has been deleted.' });
    },
  });
  return server;
}

async function open(policies?: Policy[]) {
  const server = world(policies);
  const view = mount(<PerDiemPolicies />, { api: server.api, me: user({ user_role: 'admin' }) });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root };
}

const dialog = (root: HTMLElement) => root.querySelector<HTMLElement>('[role="dialog"]');
const labelled = (root: HTMLElement, label: string) => {
  const b = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  if (!b) throw new Error(`No button "${label}"`);
  return b;
};

describe('Settings › Per diem policies', () => {
  it('lists each policy with its first rates, and says when there is none', async () => {
    const { root } = await open([
      policy(),
      policy({
        policy_id: 'p3',
        policy_name: 'Home',
        status: 'inactive',
        rates: [{ location: 'Austin', rate: 60 }],
        currency_code: 'USD',
      }),
    ]);
    const items = Array.from(root.querySelectorAll('li')).map((li) => li.textContent);
    expect(items[0]).toContain('Europe · Paris €120.00, Berlin €95.00, Rome €90.00 and 1 more');
    expect(items[1]).toContain('Home · Austin $60.00 · Inactive');
    expect(labelled(root, 'Make Home active').textContent).toBe('Make active');
    cleanup?.();
    const empty = await open([]);
    expect(empty.root.textContent).toContain(
      'No per diem policies yet: users cannot record per diem until there is one.',
    );
  });

  it('New: a name, rates per location and a rule are sent as numbers; blank rows are left out', async () => {
    const { server, root } = await open([]);
    click(button(root, '+ New per diem policy'));
    await settle();
    const d = dialog(root)!;
    expect(byLabel(d, 'Currency').value).toBe('USD');
    type(byLabel(d, 'Policy name'), '  Domestic ');
    type(byLabel(d, 'Location 1'), 'Austin');
    type(byLabel(d, 'Rate 1 (USD)'), '60.50');
    click(button(d, '+ Add location'));
    click(button(d, '+ Add location'));
    type(byLabel(d, 'Location 2'), 'Boston');
    type(byLabel(d, 'Rate 2 (USD)'), '75');
    click(button(d, '+ Add rule'));
    type(byLabel(d, 'Rule 1: from hours'), '8');
    type(byLabel(d, 'Rule 1: to hours'), '24');
    type(byLabel(d, 'Rule 1: percent'), '50');
    click(button(d, 'Save'));
    await settle();
    expect(server.callsTo('POST /api/v1/settings/perdiem').map((c) => c.body)).toEqual([
      {
        policy_name: 'Domestic',
        currency_code: 'USD',
        rates: [
          { location: 'Austin', rate: 60.5 },
          { location: 'Boston', rate: 75 },
        ],
        rules: [{ min_hours: 8, max_hours: 24, percent: 50 }],
      },
    ]);
    expect(dialog(root)).toBeNull();
    expect(root.textContent).toContain('Domestic · Austin $60.50, Boston $75.00');
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'The per diem policy "Domestic" has been saved.',
    );
  });

  it('a draft missing its name or with a malformed rate is refused in the dialog, and nothing is sent', async () => {
    const { server, root } = await open([]);
    click(button(root, '+ New per diem policy'));
    await settle();
    const d = dialog(root)!;
    type(byLabel(d, 'Location 1'), 'Austin');
    type(byLabel(d, 'Rate 1 (USD)'), '60,50');
    click(button(d, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe('Enter the policy name.');
    type(byLabel(dialog(root)!, 'Policy name'), 'Domestic');
    click(button(dialog(root)!, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'Enter the daily rate for Austin as an amount above zero, such as 45.50.',
    );
    expect(server.callsTo('POST /api/v1/settings/perdiem')).toHaveLength(0);
    expect(byLabel(dialog(root)!, 'Rate 1 (USD)').value).toBe('60,50');
  });

  it('Edit starts from the policy, sends the version it read, and shows a refusal with the draft kept', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Edit Europe'));
    await settle();
    const d = dialog(root)!;
    expect(byLabel(d, 'Location 2').value).toBe('Berlin');
    expect(byLabel(d, 'Rule 1: percent').value).toBe('50');
    click(button(d, '+ Add rule'));
    type(byLabel(d, 'Rule 2: from hours'), '4');
    type(byLabel(d, 'Rule 2: to hours'), '10');
    type(byLabel(d, 'Rule 2: percent'), '25');
    click(button(d, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'rules: rule 4–10 h overlaps rule 8–24 h',
    );
    click(labelled(dialog(root)!, 'Remove rule 2'));
    type(byLabel(dialog(root)!, 'Rate 1 (EUR)'), '125');
    click(button(dialog(root)!, 'Save'));
    await settle();
    const sent = server
      .callsTo('PUT /api/v1/settings/perdiem/p1')
      .map((c) => c.body as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({
      last_modified_time: T,
      rules: [{ min_hours: 8, max_hours: 24, percent: 50 }],
    });
    expect((sent[1]!.rates as Array<{ rate: number }>)[0]).toEqual({ location: 'Paris', rate: 125 });
    expect(dialog(root)).toBeNull();
    expect(root.textContent).toContain('Paris €125.00');
  });

  it('Make inactive sends the status with the version; Delete asks first', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Make Europe inactive'));
    await settle();
    expect(server.callsTo('PUT /api/v1/settings/perdiem/p1').map((c) => c.body)).toEqual([
      { status: 'inactive', last_modified_time: T },
    ]);
    expect(root.textContent).toContain(
      'Europe · Paris €120.00, Berlin €95.00, Rome €90.00 and 1 more · Inactive',
    );
    click(labelled(root, 'Delete Europe'));
    await settle();
    expect(dialog(root)?.textContent).toContain('Delete the per diem policy "Europe"?');
    expect(server.callsTo('DELETE /api/v1/settings/perdiem/p1')).toHaveLength(0);
    click(button(dialog(root)!, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/settings/perdiem/p1')).toHaveLength(1);
    expect(root.textContent).toContain('No per diem policies yet');
  });
});
