/**
 * /expensereports: create, list, read, update, delete; expenses in and out; the life-cycle actions
 * submit, approve, reject, recall, reimburse; approval history and audit log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import { AuditEntrySchema } from '../audit/schemas.js';
import { findAuditTrail } from '../audit/trail.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
  pageWindow,
} from '../common-schemas.js';
import { presentReports } from './present.js';
import {
  AddExpensesSchema,
  ApproveSchema,
  CreateReportSchema,
  HistoryEntrySchema,
  RecallSchema,
  ReimburseSchema,
  RejectSchema,
  ReportExpenseParamsSchema,
  ReportListQuerySchema,
  ReportParamsSchema,
  ReportSchema,
  SubmitSchema,
  UpdateReportSchema,
} from './schemas.js';
import {
  type ActionInput,
  addExpensesToReport,
  applyReportAction,
  createReport,
  deleteReport,
  findVisibleReport,
  listApprovalHistory,
  listReports,
  removeExpenseFromReport,
  updateReport,
} from './service.js';

const tags = ['expensereports'];
const ReportEnvelope = Envelope('expense_report', ReportSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /** Reads a report back in the API shape after a change. */
  async function show(member: ReturnType<typeof memberOf>, reportId: string) {
    const report = await findVisibleReport(db, member, reportId);
    const [presented] = await presentReports(db, member, [report], true);
    return ok('expense_report', presented!);
  }

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create an expense report (optionally with expenses)',
        body: CreateReportSchema,
        response: { 201: ReportEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const { expense_ids, ...input } = request.body;
      const report = await db.transaction().execute(async (trx) => {
        const created = await createReport(trx, member, input, app.ctx);
        if (expense_ids?.length)
          await addExpensesToReport(trx, member, created.report_id, expense_ids, app.ctx);
        return created;
      });
      reply.status(201);
      return show(member, report.report_id);
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List expense reports',
        querystring: ReportListQuerySchema,
        response: { 200: ListEnvelope('expense_reports', ReportSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { page, perPage, offset, limit } = pageWindow(request.query);
      const rows = await listReports(db, member, request.query, { offset, limit });
      const items = await presentReports(db, member, rows.slice(0, perPage));
      return okList('expense_reports', items, page, perPage, rows.length > perPage);
    },
  );

  app.get(
    '/:report_id',
    {
      schema: {
        tags,
        summary: 'Get an expense report with its expenses',
        params: ReportParamsSchema,
        response: { 200: ReportEnvelope, ...ErrorResponses },
      },
    },
    async (request) => show(memberOf(request), request.params.report_id),
  );

  app.put(
    '/:report_id',
    {
      schema: {
        tags,
        summary: 'Update a draft, recalled or rejected report (send last_modified_time or If-Match)',
        params: ReportParamsSchema,
        body: UpdateReportSchema,
        response: { 200: ReportEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { last_modified_time, ...input } = request.body;
      const expected = expectedVersion(request, last_modified_time);
      await updateReport(db, member, request.params.report_id, input, expected, app.ctx);
      return show(member, request.params.report_id);
    },
  );

  app.delete(
    '/:report_id',
    {
      schema: {
        tags,
        summary: 'Delete a draft, recalled or rejected report; its expenses become unreported',
        params: ReportParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteReport(db, memberOf(request), request.params.report_id, app.ctx);
      return { code: 0 as const, message: 'The expense report has been deleted.' };
    },
  );
  app.post(
    '/:report_id/expenses',
    {
      schema: {
        tags,
        summary: 'Add expenses to a draft, recalled or rejected report',
        params: ReportParamsSchema,
        body: AddExpensesSchema,
        response: { 200: ReportEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await db
        .transaction()
        .execute((trx) =>
          addExpensesToReport(trx, member, request.params.report_id, request.body.expense_ids, app.ctx),
        );
      return show(member, request.params.report_id);
    },
  );

  app.delete(
    '/:report_id/expenses/:expense_id',
    {
      schema: {
        tags,
        summary: 'Remove an expense from a draft, recalled or rejected report (it becomes unreported)',
        params: ReportExpenseParamsSchema,
        response: { 200: ReportEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await removeExpenseFromReport(db, member, request.params.report_id, request.params.expense_id, app.ctx);
      return show(member, request.params.report_id);
    },
  );

  /** One route per life-cycle action; each answers with the report as it is afterwards. */
  function action<
    B extends
      | typeof SubmitSchema
      | typeof ApproveSchema
      | typeof RejectSchema
      | typeof RecallSchema
      | typeof ReimburseSchema,
  >(name: string, summary: string, body: B, toInput: (b: Record<string, unknown>) => ActionInput) {
    app.post(
      `/:report_id/${name}`,
      {
        schema: {
          tags,
          summary,
          params: ReportParamsSchema,
          body,
          response: { 200: ReportEnvelope, ...ErrorResponses },
        },
        // Actions without options may be sent with no body at all.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) (request as { body: unknown }).body = {};
        },
      },
      async (request) => {
        const member = memberOf(request);
        const input = toInput(request.body as Record<string, unknown>);
        await applyReportAction(db, member, request.params.report_id, input, app.ctx);
        return show(member, request.params.report_id);
      },
    );
  }

  action('submit', 'Submit for approval; approver_id defaults to your manager', SubmitSchema, (b) => ({
    type: 'submit',
    approver_id: b.approver_id as string | undefined,
  }));
  action(
    'approve',
    'Approve (the current approver or an admin); a non-final level forwards to the next approver',
    ApproveSchema,
    (b) => ({ type: 'approve', comments: b.comments as string | undefined }),
  );
  action('reject', 'Reject with a reason (from submitted; from approved by an admin)', RejectSchema, (b) => ({
    type: 'reject',
    reason: String(b.reason ?? b.comments ?? ''),
  }));
  action(
    'recall',
    'Take back a submitted report before any approver acted (the submitter)',
    RecallSchema,
    () => ({ type: 'recall' }),
  );
  action('reimburse', 'Record the reimbursement of an approved report (admins)', ReimburseSchema, (b) => ({
    type: 'reimburse',
    reimbursement_date: b.reimbursement_date as string | undefined,
    reference: b.reference as string | undefined,
  }));

  app.get(
    '/:report_id/approvalhistory',
    {
      schema: {
        tags,
        summary: 'The report’s approval history, oldest first',
        params: ReportParamsSchema,
        response: { 200: Envelope('approval_history', Type.Array(HistoryEntrySchema)), ...ErrorResponses },
      },
    },
    async (request) =>
      ok('approval_history', await listApprovalHistory(db, memberOf(request), request.params.report_id)),
  );

  app.get(
    '/:report_id/auditlog',
    {
      schema: {
        tags,
        summary: 'The report’s audit log (owner, its approvers, admins), oldest first',
        params: ReportParamsSchema,
        response: { 200: Envelope('audit_log', Type.Array(AuditEntrySchema)), ...ErrorResponses },
      },
    },
    async (request) =>
      ok('audit_log', await findAuditTrail(db, memberOf(request), 'report', request.params.report_id)),
  );
};
export default routes;
