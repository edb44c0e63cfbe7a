import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpenseStatus, ReportStatus } from '../../../server/db/schema.js';
import { canDeleteExpense } from '../../../server/domain/expense-deletion.js';
import { decideExpenseEdit } from '../../../server/domain/expense-status.js';

const STATUSES: ExpenseStatus[] = [
  'unreported',
  'unsubmitted',
  'submitted',
  'approved',
  'rejected',
  'reimbursed',
];
const REPORT_STATUSES: (ReportStatus | null)[] = [
  null,
  'draft',
  'submitted',
  'approved',
  'rejected',
  'recalled',
  'reimbursed',
];

describe('canDeleteExpense (seed: only unreported and unsubmitted expenses can be deleted)', () => {
  it('allows unreported and unsubmitted expenses', () => {
    expect(canDeleteExpense({ status: 'unreported' })).toEqual({ ok: true });
    expect(canDeleteExpense({ status: 'unsubmitted' })).toEqual({ ok: true });
  });

  it('refuses every other status', () => {
    for (const status of STATUSES.filter((s) => s !== 'unreported' && s !== 'unsubmitted')) {
      expect(canDeleteExpense({ status }), status).toEqual({ ok: false, reason: 'EXPENSE_NOT_DELETABLE' });
    }
  });
});

describe('decideExpenseEdit', () => {
  const owner = { isOwner: true, isAdmin: false, isReportApprover: false, reportWasSubmitted: false };

  it('the owner edits an unreported expense or one in a draft, recalled or rejected report', () => {
    for (const reportStatus of [null, 'draft', 'recalled', 'rejected'] as const) {
      expect(decideExpenseEdit({ ...owner, reportStatus }).ok, String(reportStatus)).toBe(true);
    }
  });

  it('the owner cannot edit while the report is submitted, approved or reimbursed', () => {
    for (const reportStatus of ['submitted', 'approved', 'reimbursed'] as const) {
      expect(decideExpenseEdit({ ...owner, reportStatus })).toEqual({ ok: false, reason: 'EXPENSE_LOCKED' });
    }
  });

  it('an approver of the report or an admin may edit while submitted, and the change is audited', () => {
    const approver = { isOwner: false, isAdmin: false, isReportApprover: true, reportWasSubmitted: true };
    expect(decideExpenseEdit({ ...approver, reportStatus: 'submitted' })).toEqual({
      ok: true,
      audited: true,
    });
    expect(
      decideExpenseEdit({ ...approver, isReportApprover: false, isAdmin: true, reportStatus: 'submitted' }),
    ).toEqual({
      ok: true,
      audited: true,
    });
  });

  it('changes to a report that was submitted before are audited; before that they are not', () => {
    expect(decideExpenseEdit({ ...owner, reportStatus: 'draft' })).toEqual({ ok: true, audited: false });
    expect(decideExpenseEdit({ ...owner, reportWasSubmitted: true, reportStatus: 'rejected' })).toEqual({
      ok: true,
      audited: true,
    });
  });

  it('nobody edits an approved or reimbursed expense, and a stranger edits nothing (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REPORT_STATUSES),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (reportStatus, isOwner, isAdmin, isReportApprover, reportWasSubmitted) => {
          const d = decideExpenseEdit({
            reportStatus,
            isOwner,
            isAdmin,
            isReportApprover,
            reportWasSubmitted,
          });
          if (reportStatus === 'approved' || reportStatus === 'reimbursed') expect(d.ok).toBe(false);
          if (!isOwner && !isAdmin && !isReportApprover) expect(d.ok).toBe(false);
          if (d.ok && reportStatus === 'submitted') expect(d.audited).toBe(true);
        },
      ),
    );
  });
});
