import { afterEach, describe, expect, it } from 'vitest';
import ApprovalsView from '../../../../widget/features/approvals/approvals-view.js';
import {
  button,
  byLabel,
  click,
  fakeApi,
  mount,
  ok,
  page,
  pagedRoute,
  settle,
  type,
  user,
} from '../expenses/fake-api.js';
import { report } from '../reports/report-fixture.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const manager = user({ user_id: 'u-mgr', name: 'Max Manager', user_role: 'approver', manager_id: null });
const waiting = report({ status: 'submitted', approver_id: 'u-mgr', approver_name: 'Max Manager' });

async function openPage(routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({
    'GET /api/v1/expensereports/r1': ok({ expense_report: waiting }),
    'GET /api/v1/expensereports/r1/approvalhistory': ok({
      approval_history: [
        {
          history_id: 'h1',
          action: 'submitted',
          actor_id: 'u-rep',
          actor_name: 'Rita Rep',
          approver_id: 'u-mgr',
          approver_name: 'Max Manager',
          level: 1,
          comments: '',
          time: '2026-03-04T10:00:00Z',
        },
      ],
    }),
    ...routes,
  });
  const view = mount(<ApprovalsView />, { api: server.api, me: manager });
  cleanup = view.unmount;
  view.app.navigate('approvals', { report_id: 'r1' });
  await settle();
  return { server, root: view.root, route: view.route };
}

describe('Approvals', () => {
  it('lists the waiting reports oldest first', async () => {
    const server = fakeApi({
      'GET /api/v1/approvals': ok({
        expense_reports: [
          report({
            report_id: 'r2',
            report_name: 'Newer',
            status: 'submitted',
            submitted_date: '2026-03-05',
          }),
          report({
            report_id: 'r1',
            report_name: 'Older',
            status: 'submitted',
            submitted_date: '2026-03-01',
          }),
        ],
        page_context: page,
      }),
    });
    const view = mount(<ApprovalsView />, { api: server.api, me: manager });
    cleanup = view.unmount;
    await settle();
    const names = Array.from(view.root.querySelectorAll('tbody tr td:first-child')).map((c) => c.textContent);
    expect(names).toEqual(['Older', 'Newer']);
  });

  it('lists every waiting report, past the first page', async () => {
    const waiting = Array.from({ length: 230 }, (_, i) =>
      report({
        report_id: `r${i}`,
        report_name: `Visit ${i}`,
        status: 'submitted',
        submitted_date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
      }),
    );
    const server = fakeApi({ 'GET /api/v1/approvals': pagedRoute('expense_reports', waiting) });
    const view = mount(<ApprovalsView />, { api: server.api, me: manager });
    cleanup = view.unmount;
    await settle();
    const names = Array.from(view.root.querySelectorAll('tbody tr td:first-child')).map((c) => c.textContent);
    expect(names).toHaveLength(230);
    expect(names).toContain('Visit 229');
  });

  it('says so when nothing waits', async () => {
    const server = fakeApi({ 'GET /api/v1/approvals': ok({ expense_reports: [], page_context: page }) });
    const view = mount(<ApprovalsView />, { api: server.api, me: manager });
    cleanup = view.unmount;
    await settle();
    expect(view.root.textContent).toContain('No reports are waiting for your approval.');
  });

  it('the report page shows its expenses, history, and lists an expense’s receipts', async () => {
    const { root } = await openPage({
      'GET /api/v1/expenses/e1': ok({
        expense: {
          expense_id: 'e1',
          receipts: [{ receipt_id: 'rc1', file_name: 'sushi.jpg', size: 10, content_type: 'image/jpeg' }],
        },
      }),
    });
    expect(root.textContent).toContain('Sushi Ten');
    expect(root.textContent).toContain('Rita Rep submitted the report to Max Manager');
    click(button(root, 'Receipts'));
    await settle();
    expect(root.querySelector('button[aria-label="View sushi.jpg"]')).not.toBeNull();
    expect(root.querySelector('button[aria-label="Download sushi.jpg"]')).not.toBeNull();
  });

  it('Reject needs a reason, and sends it', async () => {
    const { root, server, route } = await openPage({
      'POST /api/v1/expensereports/r1/reject': ok({ expense_report: report({ status: 'rejected' }) }),
    });
    click(button(root, 'Reject'));
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    click(button(dialog, 'Reject'));
    await settle();
    expect(dialog.textContent).toContain('Enter the reason for rejecting this report.');
    expect(server.callsTo('POST /api/v1/expensereports/r1/reject')).toHaveLength(0);
    type(byLabel(dialog, 'Reason'), 'Receipt for the dinner is missing.');
    click(button(dialog, 'Reject'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensereports/r1/reject')[0]?.body).toEqual({
      comments: 'Receipt for the dinner is missing.',
    });
    expect(route.value.params.report_id).toBeUndefined();
  });

  it('Approve asks first, then approves', async () => {
    const { root, server } = await openPage({
      'POST /api/v1/expensereports/r1/approve': ok({ expense_report: report({ status: 'approved' }) }),
    });
    click(button(root, 'Approve'));
    expect(server.callsTo('POST /api/v1/expensereports/r1/approve')).toHaveLength(0);
    click(button(root.querySelector<HTMLElement>('[role=dialog]')!, 'Approve'));
    await settle();
    expect(server.callsTo('POST /api/v1/expensereports/r1/approve')).toHaveLength(1);
  });

  it('offers no Approve or Reject on the approver’s own report', async () => {
    const server = fakeApi({
      'GET /api/v1/expensereports/r1': ok({ expense_report: { ...waiting, user_id: 'u-mgr' } }),
      'GET /api/v1/expensereports/r1/approvalhistory': ok({ approval_history: [] }),
    });
    const view = mount(<ApprovalsView />, { api: server.api, me: manager });
    cleanup = view.unmount;
    view.app.navigate('approvals', { report_id: 'r1' });
    await settle();
    expect(() => button(view.root, 'Approve')).toThrow();
    expect(() => button(view.root, 'Reject')).toThrow();
  });
});
