/**
 * /receipts: the inbox of receipts uploaded without an expense. Each waits (oldest first) until it
 * is turned into an expense (convert = the seed's "Add Manually"; next_receipt_id drives "Save and
 * Next") or deleted.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { appError } from '../../errors.js';
import {
  Envelope,
  ErrorResponses,
  ErrorSchema,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
  pageWindow,
} from '../common-schemas.js';
import { CreateExpenseSchema } from '../expenses/schemas.js';
import { loadExpenseDetail } from '../expenses/views.js';
import {
  ConvertResponseSchema,
  ReceiptListQuerySchema,
  ReceiptParamsSchema,
  ReceiptSchema,
} from './schemas.js';
import {
  convertReceipt,
  deleteInboxReceipt,
  downloadOwnReceipt,
  getOwnReceipt,
  listInbox,
  uploadToInbox,
} from './service.js';
import { contentDisposition, readReceiptUpload } from './upload.js';

const tags = ['receipts'];
const ReceiptEnvelope = Envelope('receipt', ReceiptSchema);
const FileResponse = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;
  const ctx = { clock, ids };

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Upload a receipt to the inbox (multipart field "receipt")',
        consumes: ['multipart/form-data'],
        response: { 201: ReceiptEnvelope, ...ErrorResponses, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const upload = await readReceiptUpload(request);
      return reply.status(201).send(ok('receipt', await uploadToInbox(db, member, upload, ctx)));
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Your receipts waiting to become expenses, oldest first',
        querystring: ReceiptListQuerySchema,
        response: { 200: ListEnvelope('receipts', ReceiptSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const w = pageWindow(request.query);
      const rows = await listInbox(db, memberOf(request), w);
      return okList('receipts', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/:receipt_id',
    {
      schema: {
        tags,
        summary: 'One of your receipts',
        params: ReceiptParamsSchema,
        response: { 200: ReceiptEnvelope, ...ErrorResponses },
      },
    },
    async (request) => ok('receipt', await getOwnReceipt(db, memberOf(request), request.params.receipt_id)),
  );

  app.get(
    '/:receipt_id/file',
    {
      schema: {
        tags,
        summary: 'Download one of your receipts',
        params: ReceiptParamsSchema,
        response: { 200: FileResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { row, file } = await downloadOwnReceipt(db, memberOf(request), request.params.receipt_id, ctx);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(row.file_name))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.bytes));
    },
  );

  app.delete(
    '/:receipt_id',
    {
      schema: {
        tags,
        summary: 'Delete a receipt from the inbox',
        params: ReceiptParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteInboxReceipt(db, memberOf(request), request.params.receipt_id);
      return { code: 0 as const, message: 'The receipt has been deleted.' };
    },
  );

  app.post(
    '/:receipt_id/convert',
    {
      schema: {
        tags,
        summary: 'Turn an inbox receipt into an expense ("Add Manually"); answers the next receipt waiting',
        params: ReceiptParamsSchema,
        body: CreateExpenseSchema,
        response: { 201: ConvertResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const out = await convertReceipt(db, member, request.params.receipt_id, request.body, ctx);
      const expense = await loadExpenseDetail(db, member.org, out.expenseId);
      if (!expense) throw appError('EXPENSE_NOT_FOUND');
      return reply
        .status(201)
        .send({ code: 0 as const, message: 'success', expense, next_receipt_id: out.nextReceiptId });
    },
  );
};

export default routes;
