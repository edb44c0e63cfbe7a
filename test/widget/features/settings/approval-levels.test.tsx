import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalLevels } from '../../../../widget/features/settings/approval-levels.js';
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
  usersRoute,
} from '../expenses/fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const T = '2026-01-01T00:00:00.000Z';

function rule(id: string, level: number, over: Record<string, unknown> = {}) {
  return {
    rule_id: id,
    level,
    min_total: null,
    currency_code: 'USD',
    approver_type: 'department_head',
    approver_user_id: null,
    created_time: T,
    ...over,
  };
}

function world(rules = [rule('r1', 2, { min_total: 1000 })]) {
  const state = { rules };
  const people = [
    user({ user_id: 'u1', name: 'Patricia Boyle', user_role: 'admin' }),
    user({ user_id: 'u2', name: 'Lucas Martin', user_role: 'approver' }),
    user({ user_id: 'u3', name: 'Rita Gomez', user_role: 'submitter' }),
  ];
  const server = fakeApi({
    'GET /api/v1/settings/approvalrules': () => ok({ approval_rules: state.rules, page_context: page }),
    'GET /api/v1/users': usersRoute(people),
    'GET /api/v1/settings/currencies': ok({
      currencies: [{ currency_code: 'USD', is_base_currency: true, price_precision: 2, exchange_rate: 1 }],
      page_context: page,
    }),
    'POST /api/v1/settings/approvalrules': (req) => {
      const b = req.body as { level: number; min_total: number | null; approver_user_id?: string };
      if (b.min_total !== null && !Number.isInteger(b.min_total * 100)) {
        return { status: 400, body: { code: 1000, message: 'min_total has more decimals than USD allows' } };
      }
      state.rules = [
        ...state.rules,
        rule('r9', b.level, {
          min_total: b.min_total,
          approver_type: b.approver_user_id ? 'user' : 'department_head',
          approver_user_id: b.approver_user_id ?? null,
        }),
      ];
      return { status: 201, body: { code: 0, message: 'success', approval_rule: state.rules.at(-1) } };
    },
    'DELETE /api/v1/settings/approvalrules/r1': () => {
      state.rules = state.rules.filter((r) => r.rule_id !== 'r1');
      return ok({ message: 'The approval rule has been deleted.' });
    },
  });
  return server;
}

async function open(rules?: ReturnType<typeof rule>[]) {
  const server = world(rules);
  const view = mount(<ApprovalLevels />, { api: server.api, me: user({ user_role: 'admin' }) });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root };
}

const items = (root: HTMLElement) => Array.from(root.querySelectorAll('li')).map((li) => li.textContent);

describe('Settings › Approval levels', () => {
  it('lists each level with its threshold in the base currency and its approver', async () => {
    const { root } = await open([
      rule('r1', 2, { min_total: 1000 }),
      rule('r2', 3, { approver_type: 'user', approver_user_id: 'u2' }),
      rule('r3', 4, { approver_type: 'user', approver_user_id: 'gone' }),
    ]);
    expect(items(root)).toEqual([
      "Level 2 · reports above $1,000.00 · the submitter's department head Delete",
      'Level 3 · every report · Lucas Martin Delete',
      'Level 4 · every report · a user who can no longer approve Delete',
    ]);
    // Approvers and admins may approve; submitters are no choice.
    const choices = Array.from((byLabel(root, 'Approver') as unknown as HTMLSelectElement).options).map(
      (o) => o.textContent,
    );
    expect(choices).toEqual(["The submitter's department head", 'Lucas Martin', 'Patricia Boyle']);
    expect(byLabel(root, 'For reports above (USD)').value).toBe('');
    expect(byLabel(root, 'Level').value).toBe('5');
  });

  it('with no levels it says the first approval is final, and offers level 2', async () => {
    const { root } = await open([]);
    expect(root.textContent).toContain('No further levels: the first approval is final.');
    expect(byLabel(root, 'Level').value).toBe('2');
  });

  it('adds a level above an amount approved by a named user, then offers the next level', async () => {
    const { server, root } = await open();
    type(byLabel(root, 'For reports above (USD)'), '5000');
    type(byLabel(root, 'Approver'), 'u1');
    click(button(root, 'Add level'));
    await settle();
    expect(server.callsTo('POST /api/v1/settings/approvalrules').map((c) => c.body)).toEqual([
      { level: 3, min_total: 5000, approver_type: 'user', approver_user_id: 'u1' },
    ]);
    expect(items(root)).toContain('Level 3 · reports above $5,000.00 · Patricia Boyle Delete');
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Approval level 3 has been added.');
    expect(byLabel(root, 'Level').value).toBe('4');
    expect(byLabel(root, 'For reports above (USD)').value).toBe('');
  });

  it('refuses a level out of range or a malformed amount before sending, and shows the server’s refusal', async () => {
    const { server, root } = await open();
    type(byLabel(root, 'Level'), '1');
    type(byLabel(root, 'For reports above (USD)'), '1,000');
    click(button(root, 'Add level'));
    await settle();
    expect(Array.from(root.querySelectorAll('form [role="alert"]')).map((a) => a.textContent)).toEqual([
      'Enter a level from 2 to 20.',
      'Enter an amount such as 1000 or 1000.50, or leave it empty for every report.',
    ]);
    expect(server.callsTo('POST /api/v1/settings/approvalrules')).toHaveLength(0);
    type(byLabel(root, 'Level'), '3');
    type(byLabel(root, 'For reports above (USD)'), '10.555');
    click(button(root, 'Add level'));
    await settle();
    expect(root.querySelector('form [role="alert"]')?.textContent).toBe(
      'min_total has more decimals than USD allows',
    );
    expect(byLabel(root, 'For reports above (USD)').value).toBe('10.555');
  });

  it('Delete asks first, then removes the level', async () => {
    const { server, root } = await open();
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Delete approval level 2"]')!);
    await settle();
    const dialog = root.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(dialog.textContent).toContain(
      `Delete "Level 2 · reports above $1,000.00 · the submitter's department head"?`,
    );
    expect(server.callsTo('DELETE /api/v1/settings/approvalrules/r1')).toHaveLength(0);
    click(button(dialog, 'Delete'));
    await settle();
    expect(server.callsTo('DELETE /api/v1/settings/approvalrules/r1')).toHaveLength(1);
    expect(root.textContent).toContain('No further levels: the first approval is final.');
  });
});
