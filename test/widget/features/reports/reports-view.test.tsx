import { afterEach, describe, expect, it } from 'vitest';
import ReportsView from '../../../../widget/features/reports/reports-view.js';
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
import { report } from './report-fixture.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const USERS = [
  user({ user_id: 'u-admin', name: 'Ada Admin', user_role: 'admin', manager_id: null }),
  user({ user_id: 'u-mgr', name: 'Max Manager', user_role: 'approver', manager_id: null }),
  user(),
];

async function openReport(r = report(), routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({
    'GET /api/v1/expensereports/r1': ok({ expense_report: r }),
    'GET /api/v1/expensereports/r1/approvalhistory': ok({ approval_history: [] }),
    'GET /api/v1/users': usersRoute(USERS),
    ...routes,
  });
  const view = mount(<ReportsView />, { api: server.api });
  cleanup = view.unmount;
  view.app.navigate('reports', { report_id: 'r1' });
  await settle();
  return { server, root: view.root, route: view.route };
}

describe('Expense Reports', () => {
  it('lists reports by status with the seed’s names, starting with Draft', async () => {
    const server = fakeApi({
      'GET /api/v1/expensereports': ok({ expense_reports: [report()], page_context: page }),
    });
    const view = mount(<ReportsView />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    const tabs = Array.from(view.root.querySelectorAll('[role=tab]')).map((t) => t.textContent);
    expect(tabs).toEqual(['Draft', 'Awaiting Approval', 'Approved', 'Rejected', 'Recalled', 'Reimbursed']);
    expect(server.callsTo('GET /api/v1/expensereports')[0]?.query.get('status')).toBe('draft');
    click(button(view.root, 'Awaiting Approval'));
    await settle();
    expect(server.callsTo('GET /api/v1/expensereports').at(-1)?.query.get('status')).toBe('submitted');
  });

  it('+ New Report asks for Report Name, Business Purpose, Duration and Customer, and needs a name', async () => {
    const server = fakeApi({
      'GET /api/v1/expensereports': ok({ expense_reports: [], page_context: page }),
      'POST /api/v1/expensereports': {
        status: 201,
        body: { code: 0, message: 'success', expense_report: report() },
      },
    });
    const view = mount(<ReportsView />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    click(button(view.root, '+ New Report'));
    const dialog = view.root.querySelector<HTMLElement>('[role=dialog]')!;
    for (const label of ['Report Name', 'Business Purpose', 'From', 'To', 'Customer'])
      expect(byLabel(dialog, label)).toBeTruthy();
    click(button(dialog, 'Save'));
    await settle();
    expect(dialog.textContent).toContain('Enter a report name.');
    expect(server.callsTo('POST /api/v1/expensereports')).toHaveLength(0);
    type(byLabel(dialog, 'Report Name'), 'Tokyo visit');
    type(byLabel(dialog, 'Business Purpose'), 'Fleet renewal pitch');
    click(button(dialog, 'Save'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensereports')[0]?.body).toEqual({
      report_name: 'Tokyo visit',
      description: 'Fleet renewal pitch',
    });
    expect(view.route.value.params.report_id).toBe('r1');
  });

  it('the report page shows its expenses and total in the base currency', async () => {
    const { root } = await openReport();
    expect(root.textContent).toContain('Sushi Ten');
    expect(root.textContent).toContain('¥15,000');
    expect(root.querySelector('tfoot')?.textContent).toContain('$142.50');
  });

  it('the Submit pop-up picks the submitter’s manager by default and submits to the chosen approver', async () => {
    const { root, server } = await openReport(report(), {
      'POST /api/v1/expensereports/r1/submit': ok({ expense_report: report({ status: 'submitted' }) }),
    });
    click(button(root, 'Submit'));
    await settle();
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    const approver = byLabel(dialog, 'Approver') as unknown as HTMLSelectElement;
    expect(approver.value).toBe('u-mgr');
    expect(approver.options[approver.selectedIndex]?.textContent).toBe('Max Manager');
    click(button(dialog, 'Submit'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensereports/r1/submit')[0]?.body).toEqual({
      approver_id: 'u-mgr',
    });
  });

  it('the Submit pop-up offers every active approver and admin, past the first page, and no submitter', async () => {
    // 250 approvers whose names sort before the manager's, and submitters among them.
    const many = Array.from({ length: 250 }, (_, i) =>
      user({ user_id: `u-a${i}`, name: `Approver ${String(i).padStart(3, '0')}`, user_role: 'approver' }),
    );
    const reps = Array.from({ length: 60 }, (_, i) =>
      user({ user_id: `u-s${i}`, name: `Another Rep ${i}`, user_role: 'submitter' }),
    );
    const gone = user({
      user_id: 'u-gone',
      name: 'Gone Approver',
      user_role: 'approver',
      status: 'inactive',
    });
    const { root } = await openReport(report(), {
      'GET /api/v1/users': usersRoute([...USERS, ...many, ...reps, gone]),
    });
    click(button(root, 'Submit'));
    await settle();
    const approver = byLabel(
      root.querySelector<HTMLElement>('[role=dialog]')!,
      'Approver',
    ) as unknown as HTMLSelectElement;
    const names = Array.from(approver.options)
      .filter((o) => o.value !== '')
      .map((o) => o.textContent);
    expect(names[0]).toBe('Max Manager');
    expect(approver.value).toBe('u-mgr');
    expect(names).toHaveLength(1 + 250 + 1);
    expect(names).toContain('Approver 249');
    expect(names).toContain('Ada Admin');
    expect(names.some((n) => n?.startsWith('Another Rep') || n === 'Gone Approver' || n === 'Rita Rep')).toBe(
      false,
    );
  });

  it('Recall asks first; Delete is offered only while the report can be deleted', async () => {
    const submitted = await openReport(report({ status: 'submitted' }), {
      'POST /api/v1/expensereports/r1/recall': ok({ expense_report: report({ status: 'recalled' }) }),
    });
    expect(() => button(submitted.root, 'Delete')).toThrow();
    click(button(submitted.root, 'Recall'));
    expect(submitted.server.callsTo('POST /api/v1/expensereports/r1/recall')).toHaveLength(0);
    click(button(submitted.root.querySelector<HTMLElement>('[role=dialog]')!, 'Recall'));
    await settle();
    expect(submitted.server.callsTo('POST /api/v1/expensereports/r1/recall')).toHaveLength(1);
    cleanup?.();
    const draft = await openReport(report(), { 'DELETE /api/v1/expensereports/r1': ok({}) });
    click(button(draft.root, 'Delete'));
    click(button(draft.root.querySelector<HTMLElement>('[role=dialog]')!, 'Delete'));
    await settle();
    expect(draft.server.callsTo('DELETE /api/v1/expensereports/r1')).toHaveLength(1);
    expect(draft.route.value.params.report_id).toBeUndefined();
  });

  it('Draft reports can be selected and submitted together from the list, to the manager by default', async () => {
    const server = fakeApi({
      'GET /api/v1/expensereports': ok({
        expense_reports: [report(), report({ report_id: 'r2', report_name: 'Osaka visit' })],
        page_context: page,
      }),
      'GET /api/v1/users': usersRoute(USERS),
      'POST /api/v1/expensereports/r1/submit': ok({ expense_report: report({ status: 'submitted' }) }),
      'POST /api/v1/expensereports/r2/submit': {
        status: 409,
        body: { code: 6201, message: 'The report has no expenses.' },
      },
    });
    const view = mount(<ReportsView />, { api: server.api });
    cleanup = view.unmount;
    await settle();
    click(view.root.querySelector<HTMLInputElement>('input[aria-label="Select all"]')!);
    click(button(view.root, 'Submit'));
    await settle();
    const dialog = view.root.querySelector<HTMLElement>('[role=dialog]')!;
    expect(dialog.textContent).toContain('Submit 2 reports');
    expect((byLabel(dialog, 'Approver') as unknown as HTMLSelectElement).value).toBe('u-mgr');
    click(button(dialog, 'Submit'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensereports/r1/submit')[0]?.body).toEqual({
      approver_id: 'u-mgr',
    });
    expect(dialog.textContent).toContain('Osaka visit: The report has no expenses.');
  });
});
