import { type Static, Type } from 'typebox';
import { DateTimeSchema, IdSchema, PageQuerySchema } from '../common-schemas.js';
import { ExpenseSchema } from '../expenses/schemas.js';

export const ReceiptSchema = Type.Object({
  receipt_id: Type.String(),
  expense_id: Type.Union([Type.String(), Type.Null()]),
  user_id: Type.String(),
  file_name: Type.String(),
  content_type: Type.String(),
  size: Type.Integer(),
  uploaded_time: DateTimeSchema,
  /** Other expenses that already carry these exact bytes. */
  duplicate_of: Type.Array(Type.String()),
});
export type Receipt = Static<typeof ReceiptSchema>;

export const ReceiptParamsSchema = Type.Object({ receipt_id: IdSchema });
export const ExpenseReceiptParamsSchema = Type.Object({ expense_id: IdSchema, receipt_id: IdSchema });
export const ReceiptListQuerySchema = PageQuerySchema;

export const ConvertResponseSchema = Type.Object({
  code: Type.Literal(0),
  message: Type.String(),
  expense: ExpenseSchema,
  /** The next receipt waiting in the inbox ("Save and Next"), or null when the inbox is empty. */
  next_receipt_id: Type.Union([Type.String(), Type.Null()]),
});
