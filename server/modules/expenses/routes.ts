/**
 * /expenses: create, list, read, update, delete, bulk delete, bulk add to a report, the receipts
 * of one expense, and per diem expenses (/expenses/perdiem).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { appError } from '../../errors.js';
import { respondOnce } from '../../http/idempotency.js';
import { expectedVersion } from '../../http/if-match.js';
import {
  Envelope,
  ErrorResponses,
  ErrorSchema,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  pageWindow,
} from '../common-schemas.js';
import perDiemExpenseRoutes from '../per-diem/expense-routes.js';
import { ExpenseReceiptParamsSchema, ReceiptSchema } from '../receipts/schemas.js';
import { attachReceipt, deleteExpenseReceipt, downloadExpenseReceipt } from '../receipts/service.js';
import { contentDisposition, readReceiptUpload } from '../receipts/upload.js';
import { checkNewExpense, newExpenseWrite, viewOfNewExpense } from './create.js';
import {
  AddToReportResponseSchema,
  AddToReportSchema,
  BulkDeleteResponseSchema,
  BulkDeleteSchema,
  CreateExpenseSchema,
  ExpenseListQuerySchema,
  ExpenseParamsSchema,
  ExpenseSchema,
  UpdateExpenseSchema,
} from './schemas.js';
import {
  addExpensesToReportInBulk,
  bulkDeleteExpenses,
  deleteExpense,
  findVisibleExpense,
  listExpenses,
  updateExpense,
} from './service.js';
import { loadExpenseDetail } from './views.js';

const tags = ['expenses'];
const ExpenseEnvelope = Envelope('expense', ExpenseSchema);
const UploadErrors = { ...ErrorResponses, 413: ErrorSchema, 415: ErrorSchema };
/** Receipt downloads are raw bytes; the schema only documents them. */
const FileResponse = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;
  const ctx = { clock, ids };

  async function detail(member: ReturnType<typeof memberOf>, expenseId: string) {
    const view = await loadExpenseDetail(db, member.org, expenseId);
    if (!view) throw appError('EXPENSE_NOT_FOUND');
    return view;
  }

  app.post(
    '/',
    {
      config: { idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Create an expense (optionally straight into a draft report with report_id)',
        body: CreateExpenseSchema,
        response: { 201: ExpenseEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const checked = await checkNewExpense(db, member, request.body, ctx, undefined, {
        duplicateHints: true,
      });
      const view = viewOfNewExpense(member, checked);
      return respondOnce(
        db,
        request,
        reply,
        201,
        ok('expense', view),
        newExpenseWrite(member, checked, ctx),
        clock,
      );
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List expenses (own; admins all), filtered, sorted and paged',
        querystring: ExpenseListQuerySchema,
        response: { 200: ListEnvelope('expenses', ExpenseSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const w = pageWindow(request.query);
      const { rows, toViews, column, order } = await listExpenses(db, member, request.query, w);
      const page = rows.slice(0, w.perPage);
      return {
        code: 0 as const,
        message: 'success',
        expenses: await toViews(page),
        page_context: {
          page: w.page,
          per_page: w.perPage,
          has_more_page: rows.length > w.perPage,
          sort_column: column,
          sort_order: order === 'asc' ? 'A' : 'D',
        },
      };
    },
  );

  app.post(
    '/bulkdelete',
    {
      schema: {
        tags,
        summary: 'Delete several expenses; one result per expense (only unreported and unsubmitted ones)',
        body: BulkDeleteSchema,
        response: { 200: BulkDeleteResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const results = await bulkDeleteExpenses(db, memberOf(request), request.body.expense_ids, ctx);
      return { code: 0 as const, message: 'success', results };
    },
  );

  app.post(
    '/addtoreport',
    {
      schema: {
        tags,
        summary: 'Add several expenses to an existing report or a new one; one result per expense',
        body: AddToReportSchema,
        response: { 200: AddToReportResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const out = await addExpensesToReportInBulk(db, memberOf(request), request.body, ctx);
      return { code: 0 as const, message: 'success', ...out };
    },
  );

  await app.register(perDiemExpenseRoutes, { prefix: '/perdiem' });

  app.get(
    '/:expense_id',
    {
      schema: {
        tags,
        summary: 'An expense with its receipts and duplicate hints',
        params: ExpenseParamsSchema,
        response: { 200: ExpenseEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await findVisibleExpense(db, member, request.params.expense_id);
      return ok('expense', await detail(member, request.params.expense_id));
    },
  );

  app.put(
    '/:expense_id',
    {
      schema: {
        tags,
        summary: 'Update an expense (send last_modified_time or If-Match; stale → 409)',
        params: ExpenseParamsSchema,
        body: UpdateExpenseSchema,
        response: { 200: ExpenseEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const expected = expectedVersion(request, request.body.last_modified_time);
      await updateExpense(db, member, request.params.expense_id, request.body, expected, ctx);
      return ok('expense', await detail(member, request.params.expense_id));
    },
  );

  app.delete(
    '/:expense_id',
    {
      schema: {
        tags,
        summary: 'Delete an expense (only unreported or unsubmitted)',
        params: ExpenseParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteExpense(db, memberOf(request), request.params.expense_id, ctx);
      return { code: 0 as const, message: 'The expense has been deleted.' };
    },
  );

  app.post(
    '/:expense_id/receipt',
    {
      schema: {
        tags,
        summary: 'Attach a receipt (multipart field "receipt"; ≤ 7 MB; jpg, png, gif, pdf, tiff, bmp, heic)',
        consumes: ['multipart/form-data'],
        params: ExpenseParamsSchema,
        response: { 201: Envelope('receipt', ReceiptSchema), ...UploadErrors },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      // Look the expense up first, so an unknown id is 404 whatever the body holds.
      await findVisibleExpense(db, member, request.params.expense_id);
      const upload = await readReceiptUpload(request);
      const receipt = await attachReceipt(db, member, request.params.expense_id, upload, ctx);
      return reply.status(201).send(ok('receipt', receipt));
    },
  );

  app.get(
    '/:expense_id/receipts/:receipt_id',
    {
      schema: {
        tags,
        summary: 'Download a receipt of the expense',
        params: ExpenseReceiptParamsSchema,
        response: { 200: FileResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { expense_id, receipt_id } = request.params;
      const { row, file } = await downloadExpenseReceipt(db, memberOf(request), expense_id, receipt_id, ctx);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(row.file_name))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.bytes));
    },
  );

  app.delete(
    '/:expense_id/receipts/:receipt_id',
    {
      schema: {
        tags,
        summary: 'Delete a receipt of the expense (while the expense can be edited)',
        params: ExpenseReceiptParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const { expense_id, receipt_id } = request.params;
      await deleteExpenseReceipt(db, memberOf(request), expense_id, receipt_id, ctx);
      return { code: 0 as const, message: 'The receipt has been deleted.' };
    },
  );
};

export default routes;
