import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalStep } from '../../../server/domain/approval-routing.js';
import {
  type Actor,
  expenseStatusFor,
  REPORT_STATUSES,
  type ReportAction,
  type ReportState,
  transition,
} from '../../../server/domain/report-state.js';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const rep: Actor = { user_id: 'rep', user_role: 'submitter' };
const manager: Actor = { user_id: 'mgr', user_role: 'approver' };
const director: Actor = { user_id: 'dir', user_role: 'approver' };
const admin: Actor = { user_id: 'adm', user_role: 'admin' };
const flow1: ApprovalStep[] = [{ level: 1, approver_id: 'mgr' }];
const flow2: ApprovalStep[] = [...flow1, { level: 2, approver_id: 'dir' }];

const draft: ReportState = {
  user_id: 'rep',
  status: 'draft',
  approver_id: null,
  approval_level: 0,
  approval_flow: [],
  submitted_date: null,
  approved_date: null,
  reimbursement_date: null,
};

function run(state: ReportState, steps: Array<[ReportAction, Actor]>): ReportState {
  let s = state;
  for (const [action, actor] of steps) {
    const r = transition(s, action, actor, NOW);
    if (!r.ok) throw new Error(`${action.type} by ${actor.user_id}: ${r.reason}`);
    s = r.report;
  }
  return s;
}

const submit = (flow = flow1): ReportAction => ({ type: 'submit', flow, expense_count: 1 });

describe('report state machine: examples', () => {
  it('draft → submitted → approved → reimbursed', () => {
    const s = run(draft, [
      [submit(), rep],
      [{ type: 'approve' }, manager],
      [{ type: 'reimburse', reimbursement_date: '2026-11-30' }, admin],
    ]);
    expect(s).toMatchObject({
      status: 'reimbursed',
      approved_date: '2026-11-25',
      reimbursement_date: '2026-11-30',
    });
  });

  it('submit records the first approver, the level and the submitted date, and audits the changes', () => {
    const r = transition(draft, submit(flow2), rep, NOW);
    expect(r).toMatchObject({
      ok: true,
      report: { status: 'submitted', approver_id: 'mgr', approval_level: 1, submitted_date: '2026-11-25' },
      history: { action: 'submitted', actor_id: 'rep', approver_id: 'mgr', level: 1 },
      audit: { status: ['draft', 'submitted'], approver_id: [null, 'mgr'] },
    });
  });

  it('a non-final approval forwards to the next level and stays submitted', () => {
    const s = run(draft, [
      [submit(flow2), rep],
      [{ type: 'approve' }, manager],
    ]);
    expect(s).toMatchObject({ status: 'submitted', approver_id: 'dir', approval_level: 2 });
    expect(run(s, [[{ type: 'approve' }, director]]).status).toBe('approved');
  });

  it('submitting needs an expense and an approver, and only the owner submits', () => {
    expect(transition(draft, { type: 'submit', flow: flow1, expense_count: 0 }, rep, NOW)).toEqual({
      ok: false,
      reason: 'REPORT_EMPTY',
    });
    expect(transition(draft, { type: 'submit', flow: [], expense_count: 1 }, rep, NOW)).toEqual({
      ok: false,
      reason: 'NO_APPROVER',
    });
    expect(transition(draft, submit(), manager, NOW)).toEqual({ ok: false, reason: 'NOT_THE_SUBMITTER' });
    expect(transition(draft, submit([{ level: 1, approver_id: 'rep' }]), rep, NOW)).toEqual({
      ok: false,
      reason: 'SELF_APPROVAL',
    });
  });

  it('approving a draft report is an illegal transition', () => {
    expect(transition(draft, { type: 'approve' }, manager, NOW)).toEqual({
      ok: false,
      reason: 'ILLEGAL_TRANSITION',
    });
  });

  it('only the current approver or an admin approves; the owner never does', () => {
    const s = run(draft, [[submit(), rep]]);
    expect(transition(s, { type: 'approve' }, rep, NOW)).toEqual({ ok: false, reason: 'SELF_APPROVAL' });
    expect(transition(s, { type: 'approve' }, director, NOW)).toEqual({
      ok: false,
      reason: 'NOT_THE_APPROVER',
    });
    expect(transition(s, { type: 'approve' }, admin, NOW).ok).toBe(true);
  });

  it('an approver whose role was lowered to submitter after the report reached them can neither approve nor reject', () => {
    const s = run(draft, [[submit(), rep]]);
    const demoted: Actor = { user_id: 'mgr', user_role: 'submitter' };
    expect(transition(s, { type: 'approve' }, demoted, NOW)).toEqual({
      ok: false,
      reason: 'NOT_AN_APPROVER',
    });
    expect(transition(s, { type: 'reject', reason: 'no' }, demoted, NOW)).toEqual({
      ok: false,
      reason: 'NOT_AN_APPROVER',
    });
  });

  it('reject needs a reason; an approved report can be rejected by an admin only', () => {
    const s = run(draft, [[submit(), rep]]);
    expect(transition(s, { type: 'reject', reason: ' ' }, manager, NOW)).toEqual({
      ok: false,
      reason: 'REASON_REQUIRED',
    });
    const approved = run(s, [[{ type: 'approve' }, manager]]);
    expect(transition(approved, { type: 'reject', reason: 'x' }, manager, NOW)).toEqual({
      ok: false,
      reason: 'ADMIN_ONLY',
    });
    const rejected = run(approved, [[{ type: 'reject', reason: 'x' }, admin]]);
    expect(rejected).toMatchObject({ status: 'rejected', approved_date: null });
  });

  it('a rejected report can be approved later by its approver, or resubmitted by its owner', () => {
    const rejected = run(draft, [
      [submit(), rep],
      [{ type: 'reject', reason: 'Missing receipt' }, manager],
    ]);
    expect(run(rejected, [[{ type: 'approve' }, manager]]).status).toBe('approved');
    expect(run(rejected, [[submit(), rep]]).status).toBe('submitted');
  });

  it('recall only by the submitter and only before any approver acted', () => {
    const s = run(draft, [[submit(flow2), rep]]);
    expect(transition(s, { type: 'recall' }, manager, NOW)).toEqual({
      ok: false,
      reason: 'NOT_THE_SUBMITTER',
    });
    expect(run(s, [[{ type: 'recall' }, rep]])).toMatchObject({ status: 'recalled', approver_id: null });
    const forwarded = run(s, [[{ type: 'approve' }, manager]]);
    expect(transition(forwarded, { type: 'recall' }, rep, NOW)).toEqual({
      ok: false,
      reason: 'ILLEGAL_TRANSITION',
    });
  });

  it('reimburse only by an admin and only when approved', () => {
    const approved = run(draft, [
      [submit(), rep],
      [{ type: 'approve' }, manager],
    ]);
    expect(transition(approved, { type: 'reimburse' }, manager, NOW)).toEqual({
      ok: false,
      reason: 'ADMIN_ONLY',
    });
    const submitted = run(draft, [[submit(), rep]]);
    expect(transition(submitted, { type: 'reimburse' }, admin, NOW)).toEqual({
      ok: false,
      reason: 'ILLEGAL_TRANSITION',
    });
  });

  it('expense status follows the report', () => {
    expect(expenseStatusFor('draft')).toBe('unsubmitted');
    expect(expenseStatusFor('recalled')).toBe('unsubmitted');
    expect(expenseStatusFor('submitted')).toBe('submitted');
    expect(expenseStatusFor('reimbursed')).toBe('reimbursed');
  });
});

describe('report state machine: properties', () => {
  const actors = [rep, manager, director, admin];
  const actorArb = fc.constantFrom(...actors);
  const flowArb = fc.constantFrom<ApprovalStep[]>(
    flow1,
    flow2,
    [],
    [{ level: 1, approver_id: 'adm' }],
    [{ level: 1, approver_id: 'rep' }],
  );
  const actionArb: fc.Arbitrary<ReportAction> = fc.oneof(
    fc.record({
      type: fc.constant('submit' as const),
      flow: flowArb,
      expense_count: fc.integer({ min: 0, max: 3 }),
    }),
    fc.constant<ReportAction>({ type: 'approve' }),
    fc.record({ type: fc.constant('reject' as const), reason: fc.constantFrom('', 'no', ' ') }),
    fc.constant<ReportAction>({ type: 'recall' }),
    fc.constant<ReportAction>({ type: 'reimburse' }),
  );
  const stepsArb = fc.array(fc.tuple(actionArb, actorArb), { maxLength: 25 });

  /** Runs a random sequence, keeping only the accepted steps, and hands each accepted one to `check`. */
  function replay(
    steps: Array<[ReportAction, Actor]>,
    check: (before: ReportState, action: ReportAction, actor: Actor, after: ReportState) => void,
  ): ReportState {
    let s = draft;
    for (const [action, actor] of steps) {
      const r = transition(s, action, actor, NOW);
      if (r.ok) {
        check(s, action, actor, r.report);
        s = r.report;
      } else {
        expect(r.reason).toBeTypeOf('string');
      }
    }
    return s;
  }

  it('no sequence of actions ever lets a user approve their own report', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        replay(steps, (_before, action, actor) => {
          if (action.type === 'approve') expect(actor.user_id).not.toBe('rep');
        });
      }),
    );
  });

  it('the status after any sequence is one of the legal states', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        expect(REPORT_STATUSES).toContain(replay(steps, () => {}).status);
      }),
    );
  });

  it('reimbursed only ever follows approved, and only by an admin', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        replay(steps, (before, _action, actor, after) => {
          if (after.status === 'reimbursed' && before.status !== 'reimbursed') {
            expect(before.status).toBe('approved');
            expect(actor.user_role).toBe('admin');
          }
        });
      }),
    );
  });

  it('recall only happens before any approver acted on the current submission', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let actedSinceSubmit = false;
        replay(steps, (_before, action, actor, after) => {
          if (action.type === 'submit') actedSinceSubmit = false;
          else if (action.type === 'approve' || action.type === 'reject') actedSinceSubmit = true;
          else if (action.type === 'recall') {
            expect(actedSinceSubmit).toBe(false);
            expect(actor.user_id).toBe('rep');
            expect(after.status).toBe('recalled');
          }
        });
      }),
    );
  });

  it('a refused action changes nothing, and an accepted one records exactly the fields that changed', () => {
    fc.assert(
      fc.property(stepsArb, actionArb, actorArb, (steps, action, actor) => {
        const s = replay(steps, () => {});
        const copy = structuredClone(s);
        const r = transition(s, action, actor, NOW);
        expect(s).toEqual(copy);
        if (r.ok) {
          for (const [field, [oldValue, newValue]] of Object.entries(r.audit)) {
            expect((s as unknown as Record<string, unknown>)[field]).toEqual(oldValue);
            expect((r.report as unknown as Record<string, unknown>)[field]).toEqual(newValue);
          }
        }
      }),
    );
  });

  it('a submitted report always waits for someone other than its owner', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        replay(steps, (_b, _a, _actor, after) => {
          if (after.status === 'submitted') {
            expect(after.approver_id).not.toBeNull();
            expect(after.approver_id).not.toBe('rep');
          }
        });
      }),
    );
  });
});
