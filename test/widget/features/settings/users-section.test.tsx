import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../widget/features/settings/users-model.js';
import { UsersSection } from '../../../../widget/features/settings/users-section.js';
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

function member(id: string, name: string, over: Partial<User> = {}): User {
  return {
    user_id: id,
    organization_id: 'o1',
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}@zylker.example`,
    user_role: 'submitter',
    status: 'active',
    manager_id: null,
    manager_name: null,
    department_id: null,
    department_name: null,
    employee_number: null,
    is_from_crm: true,
    is_from_zoho_people: false,
    created_time: T,
    last_modified_time: T,
    ...over,
  };
}

function world(opts: { pages?: User[][] } = {}) {
  const state = {
    pages: opts.pages ?? [
      [
        member('u1', 'Ada Admin', { user_role: 'admin' }),
        member('u2', 'Rita Gomez', { manager_id: 'u3', manager_name: 'Mark Manager' }),
        member('u3', 'Mark Manager', { user_role: 'approver' }),
        member('u4', 'Ian Inactive', { status: 'inactive' }),
      ],
    ],
  };
  const find = (id: string) => state.pages.flat().find((u) => u.user_id === id)!;
  const change = (id: string, over: Partial<User>) => {
    state.pages = state.pages.map((p) =>
      p.map((u) =>
        u.user_id === id ? { ...u, ...over, last_modified_time: '2026-01-02T00:00:00.000Z' } : u,
      ),
    );
    return find(id);
  };
  const server = fakeApi({
    'GET /api/v1/users': (req) => {
      const n = Number(req.query.get('page') ?? 1);
      return ok({
        users: state.pages[n - 1] ?? [],
        page_context: { ...page, page: n, has_more_page: n < state.pages.length },
      });
    },
    'GET /api/v1/departments': ok({
      departments: [
        { department_id: 'd1', department_name: 'Sales East', head_user_id: null, head_user_name: null },
      ],
      page_context: page,
    }),
    'PUT /api/v1/users/u2': (req) => {
      if ((req.body as { last_modified_time: string }).last_modified_time !== find('u2').last_modified_time) {
        return { status: 409, body: { code: 4001, message: 'The record was changed since you loaded it.' } };
      }
      const b = req.body as {
        user_role: User['user_role'];
        manager_id: string | null;
        department_id: string | null;
      };
      const manager = b.manager_id ? find(b.manager_id).name : null;
      return ok({
        user: change('u2', {
          user_role: b.user_role,
          manager_id: b.manager_id,
          manager_name: manager,
          department_id: b.department_id,
          department_name: b.department_id ? 'Sales East' : null,
        }),
      });
    },
    'PUT /api/v1/users/u3': {
      status: 400,
      body: { code: 6001, message: 'This manager would make the reporting line loop back to the user.' },
    },
    'POST /api/v1/users': (req) => {
      const b = req.body as Pick<User, 'email' | 'name' | 'user_role' | 'manager_id' | 'department_id'>;
      if (b.email === 'rita@zylker.example') {
        return { status: 409, body: { code: 4013, message: 'A user with this email already exists.' } };
      }
      state.pages[0] = [
        ...state.pages[0]!,
        member('u9', b.name, { ...b, manager_name: b.manager_id ? find(b.manager_id).name : null }),
      ];
      return { status: 201, body: { code: 0, message: 'success', user: find('u9') } };
    },
    'POST /api/v1/users/u2/inactive': () => ok({ user: change('u2', { status: 'inactive' }) }),
    'POST /api/v1/users/u1/inactive': {
      status: 409,
      body: { code: 6000, message: 'The organisation must keep at least one active admin.' },
    },
    'POST /api/v1/users/u4/active': () => ok({ user: change('u4', { status: 'active' }) }),
  });
  return { server, state, change };
}

async function open(opts?: { pages?: User[][] }) {
  const { server, change } = world(opts);
  const view = mount(<UsersSection />, { api: server.api, me: user({ user_role: 'admin' }) });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root, change };
}

function rowOf(root: HTMLElement, name: string): HTMLTableRowElement {
  const row = Array.from(root.querySelectorAll<HTMLTableRowElement>('tbody tr')).find((r) =>
    r.cells[0]?.textContent?.startsWith(name),
  );
  if (!row) throw new Error(`No row for ${name}`);
  return row as HTMLTableRowElement;
}

const cells = (row: HTMLTableRowElement) => Array.from(row.cells).map((c) => c.textContent);
const labelled = (root: HTMLElement, label: string) => {
  const b = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  if (!b) throw new Error(`No button "${label}"`);
  return b;
};
const dialog = (root: HTMLElement) => root.querySelector<HTMLElement>('[role="dialog"]');

describe('Settings › Users', () => {
  it('lists each user with role, manager, department and status', async () => {
    const { root } = await open();
    expect(cells(rowOf(root, 'Rita Gomez')).slice(0, 5)).toEqual([
      'Rita Gomezrita@zylker.example',
      'Submitter',
      'Mark Manager',
      '',
      'Active',
    ]);
    expect(cells(rowOf(root, 'Ian Inactive'))[4]).toBe('Inactive');
    expect(labelled(root, 'Make Ian Inactive active').textContent).toBe('Make active');
    expect(labelled(root, 'Make Rita Gomez inactive').textContent).toBe('Make inactive');
  });

  it('Show more users reads the next page and lists each user once', async () => {
    const { server, root } = await open({
      pages: [
        [member('u1', 'Ada Admin'), member('u2', 'Bo Brown')],
        [member('u2', 'Bo Brown'), member('u5', 'Cy Cole')],
      ],
    });
    click(button(root, 'Show more users'));
    await settle();
    expect(server.callsTo('GET /api/v1/users').map((c) => c.query.get('page'))).toEqual(['1', '2']);
    expect(
      Array.from(root.querySelectorAll<HTMLTableRowElement>('tbody tr')).map((r) => r.cells[0]!.textContent),
    ).toEqual(['Ada Adminada@zylker.example', 'Bo Brownbo@zylker.example', 'Cy Colecy@zylker.example']);
    expect(root.textContent).not.toContain('Show more users');
  });

  it('Edit changes role, manager and department, sending the version it read', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Edit Rita Gomez'));
    await settle();
    const d = dialog(root)!;
    expect(d.querySelector('h2')?.textContent).toBe('Edit Rita Gomez');
    // Her own name is no choice of manager; an inactive user neither.
    const managers = Array.from((byLabel(d, 'Manager') as unknown as HTMLSelectElement).options).map(
      (o) => o.textContent,
    );
    expect(managers).toEqual(['No manager', 'Ada Admin', 'Mark Manager']);
    type(byLabel(d, 'Role'), 'approver');
    type(byLabel(d, 'Manager'), 'u1');
    type(byLabel(d, 'Department'), 'd1');
    click(button(d, 'Save'));
    await settle();
    expect(server.callsTo('PUT /api/v1/users/u2').map((c) => c.body)).toEqual([
      { user_role: 'approver', manager_id: 'u1', department_id: 'd1', last_modified_time: T },
    ]);
    expect(dialog(root)).toBeNull();
    expect(cells(rowOf(root, 'Rita Gomez')).slice(1, 4)).toEqual(['Approver', 'Ada Admin', 'Sales East']);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Rita Gomez has been saved.');
  });

  it('a change the server refuses is shown in the dialog, which stays open with the choices kept', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Edit Mark Manager'));
    await settle();
    const d = dialog(root)!;
    type(byLabel(d, 'Manager'), 'u2');
    click(button(d, 'Save'));
    await settle();
    expect(server.callsTo('PUT /api/v1/users/u3')).toHaveLength(1);
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'This manager would make the reporting line loop back to the user.',
    );
    expect(byLabel(dialog(root)!, 'Manager').value).toBe('u2');
    expect(cells(rowOf(root, 'Mark Manager'))[2]).toBe('');
  });

  it('Make inactive asks first; Cancel changes nothing, confirming makes the user inactive', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Make Rita Gomez inactive'));
    await settle();
    expect(dialog(root)?.textContent).toContain('Make Rita Gomez inactive? They can no longer sign in');
    click(button(dialog(root)!, 'Cancel'));
    await settle();
    expect(server.callsTo('POST /api/v1/users/u2/inactive')).toHaveLength(0);
    click(labelled(root, 'Make Rita Gomez inactive'));
    await settle();
    click(button(dialog(root)!, 'Make inactive'));
    await settle();
    expect(server.callsTo('POST /api/v1/users/u2/inactive')).toHaveLength(1);
    expect(cells(rowOf(root, 'Rita Gomez'))[4]).toBe('Inactive');
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Rita Gomez is now inactive.');
  });

  it('the last admin stays active: the refusal is shown and the row is unchanged', async () => {
    const { root } = await open();
    click(labelled(root, 'Make Ada Admin inactive'));
    await settle();
    click(button(dialog(root)!, 'Make inactive'));
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'The organisation must keep at least one active admin.',
    );
    expect(cells(rowOf(root, 'Ada Admin'))[4]).toBe('Active');
  });

  it('Make active needs no confirmation', async () => {
    const { server, root } = await open();
    click(labelled(root, 'Make Ian Inactive active'));
    await settle();
    expect(server.callsTo('POST /api/v1/users/u4/active')).toHaveLength(1);
    expect(cells(rowOf(root, 'Ian Inactive'))[4]).toBe('Active');
  });

  it('a user changed meanwhile: the list is read again, and a second Save applies the same choices', async () => {
    const { server, root, change } = await open();
    click(labelled(root, 'Edit Rita Gomez'));
    await settle();
    change('u2', { department_id: 'd1', department_name: 'Sales East' }); // a sync, say
    type(byLabel(dialog(root)!, 'Role'), 'approver');
    click(button(dialog(root)!, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'Rita Gomez was changed meanwhile (by another admin or a sync); the list now shows the current values. Check them, then Save again to apply your choices.',
    );
    expect(cells(rowOf(root, 'Rita Gomez')).slice(1, 4)).toEqual(['Submitter', 'Mark Manager', 'Sales East']);
    // The admin's choice stays; the department the sync set now shows in the dialog too.
    expect(byLabel(dialog(root)!, 'Role').value).toBe('approver');
    expect(byLabel(dialog(root)!, 'Department').value).toBe('d1');
    click(button(dialog(root)!, 'Save'));
    await settle();
    expect(server.callsTo('PUT /api/v1/users/u2').map((c) => c.body)).toEqual([
      { user_role: 'approver', manager_id: 'u3', department_id: null, last_modified_time: T },
      {
        user_role: 'approver',
        manager_id: 'u3',
        department_id: 'd1',
        last_modified_time: '2026-01-02T00:00:00.000Z',
      },
    ]);
    expect(dialog(root)).toBeNull();
    expect(cells(rowOf(root, 'Rita Gomez')).slice(1, 4)).toEqual(['Approver', 'Mark Manager', 'Sales East']);
  });

  it('+ Add user adds an active user with a role and a manager; the list shows them', async () => {
    const { server, root } = await open();
    click(button(root, '+ Add user'));
    await settle();
    const d = dialog(root)!;
    expect(d.querySelector('h2')?.textContent).toBe('Add user');
    type(byLabel(d, 'Email'), ' nora@zylker.example ');
    type(byLabel(d, 'Name'), 'Nora North');
    type(byLabel(d, 'Role'), 'approver');
    type(byLabel(d, 'Manager'), 'u3');
    click(button(d, 'Save'));
    await settle();
    expect(server.callsTo('POST /api/v1/users').map((c) => c.body)).toEqual([
      {
        email: 'nora@zylker.example',
        name: 'Nora North',
        user_role: 'approver',
        manager_id: 'u3',
        department_id: null,
      },
    ]);
    expect(dialog(root)).toBeNull();
    expect(cells(rowOf(root, 'Nora North')).slice(1, 5)).toEqual(['Approver', 'Mark Manager', '', 'Active']);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Nora North has been added.');
  });

  it('Add user refuses an email that is not one before sending, and shows the server’s refusal with the input kept', async () => {
    const { server, root } = await open();
    click(button(root, '+ Add user'));
    await settle();
    type(byLabel(dialog(root)!, 'Email'), 'rita at zylker');
    type(byLabel(dialog(root)!, 'Name'), 'Rita Again');
    click(button(dialog(root)!, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'Enter the email address they sign in to Zoho with.',
    );
    expect(server.callsTo('POST /api/v1/users')).toHaveLength(0);
    type(byLabel(dialog(root)!, 'Email'), 'rita@zylker.example');
    click(button(dialog(root)!, 'Save'));
    await settle();
    expect(dialog(root)?.querySelector('[role="alert"]')?.textContent).toBe(
      'A user with this email already exists.',
    );
    expect(byLabel(dialog(root)!, 'Name').value).toBe('Rita Again');
  });
});
