/**
 * Expense request and response shapes (Zoho Expense field names; deal_id is DealSpend's own link).
 */
import { type Static, Type } from 'typebox';
import {
  AmountSchema,
  BoolSchema,
  CurrencyCodeSchema,
  DateSchema,
  DateTimeSchema,
  IdSchema,
  PageQuerySchema,
  StrictObject,
  TextSchema,
} from '../common-schemas.js';

const NullableId = Type.Union([IdSchema, Type.Null()]);
const ShortTextSchema = Type.String({ maxLength: 200 });

export const AttendeeInputSchema = Type.Union([
  StrictObject({ user_id: IdSchema }),
  StrictObject({ contact_id: IdSchema }),
]);

export const AttendeeSchema = Type.Object({
  user_id: Type.Optional(Type.String()),
  contact_id: Type.Optional(Type.String()),
  name: Type.String(),
});

/** The expense fields a caller may set (shared by create, update and receipt conversion). */
const expenseFields = {
  date: DateSchema,
  category_id: IdSchema,
  amount: AmountSchema,
  currency_code: Type.Optional(CurrencyCodeSchema),
  merchant_name: Type.Optional(ShortTextSchema),
  description: Type.Optional(TextSchema),
  reference_number: Type.Optional(Type.String({ maxLength: 100 })),
  is_reimbursable: Type.Optional(BoolSchema),
  is_billable: Type.Optional(BoolSchema),
  customer_id: Type.Optional(NullableId),
  deal_id: Type.Optional(NullableId),
  project_id: Type.Optional(NullableId),
  report_id: Type.Optional(NullableId),
  attendees: Type.Optional(Type.Array(AttendeeInputSchema, { maxItems: 50 })),
};

export const CreateExpenseSchema = StrictObject(expenseFields);
export type CreateExpenseInput = Static<typeof CreateExpenseSchema>;

export const UpdateExpenseSchema = StrictObject({
  date: Type.Optional(expenseFields.date),
  category_id: Type.Optional(expenseFields.category_id),
  amount: Type.Optional(expenseFields.amount),
  currency_code: expenseFields.currency_code,
  merchant_name: expenseFields.merchant_name,
  description: expenseFields.description,
  reference_number: expenseFields.reference_number,
  is_reimbursable: expenseFields.is_reimbursable,
  is_billable: expenseFields.is_billable,
  customer_id: expenseFields.customer_id,
  deal_id: expenseFields.deal_id,
  project_id: expenseFields.project_id,
  attendees: expenseFields.attendees,
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdateExpenseInput = Static<typeof UpdateExpenseSchema>;

export const ExpenseStatusSchema = Type.Union(
  ['unreported', 'unsubmitted', 'submitted', 'approved', 'rejected', 'reimbursed'].map((s) =>
    Type.Literal(s),
  ),
);

export const ReceiptSummarySchema = Type.Object({
  receipt_id: Type.String(),
  file_name: Type.String(),
  size: Type.Integer(),
  content_type: Type.String(),
  uploaded_time: DateTimeSchema,
});

export const ExpenseSchema = Type.Object({
  expense_id: Type.String(),
  user_id: Type.String(),
  user_name: Type.String(),
  date: Type.String(),
  category_id: Type.String(),
  category_name: Type.String(),
  amount: Type.Number(),
  total: Type.Number(),
  bcy_total: Type.Number(),
  currency_code: Type.String(),
  base_currency_code: Type.String(),
  exchange_rate: Type.Number(),
  merchant_name: Type.String(),
  description: Type.String(),
  reference_number: Type.String(),
  is_reimbursable: Type.Boolean(),
  is_billable: Type.Boolean(),
  customer_id: Type.Union([Type.String(), Type.Null()]),
  customer_name: Type.String(),
  deal_id: Type.Union([Type.String(), Type.Null()]),
  deal_name: Type.String(),
  project_id: Type.Union([Type.String(), Type.Null()]),
  project_name: Type.String(),
  report_id: Type.Union([Type.String(), Type.Null()]),
  report_name: Type.String(),
  attendees: Type.Array(AttendeeSchema),
  expense_type: Type.String(),
  per_diem: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  status: Type.String(),
  receipts: Type.Optional(Type.Array(ReceiptSummarySchema)),
  duplicate_of: Type.Optional(Type.Array(Type.String())),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Expense = Static<typeof ExpenseSchema>;

export const ExpenseParamsSchema = Type.Object({ expense_id: IdSchema });

export const ExpenseListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(ExpenseStatusSchema),
  user_id: Type.Optional(IdSchema),
  customer_id: Type.Optional(IdSchema),
  include_related: Type.Optional(Type.Boolean()),
  deal_id: Type.Optional(IdSchema),
  report_id: Type.Optional(IdSchema),
  category_id: Type.Optional(IdSchema),
  date_start: Type.Optional(DateSchema),
  date_end: Type.Optional(DateSchema),
  sort_column: Type.Optional(
    Type.Union([Type.Literal('date'), Type.Literal('amount'), Type.Literal('created_time')]),
  ),
  sort_order: Type.Optional(
    Type.Union([Type.Literal('A'), Type.Literal('D'), Type.Literal('asc'), Type.Literal('desc')]),
  ),
});
export type ExpenseListQuery = Static<typeof ExpenseListQuerySchema>;

const ExpenseIdsSchema = Type.Array(IdSchema, { minItems: 1, maxItems: 200, uniqueItems: true });

export const BulkDeleteSchema = StrictObject({ expense_ids: ExpenseIdsSchema });

export const NewReportFieldsSchema = StrictObject({
  report_name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(TextSchema),
  start_date: Type.Optional(DateSchema),
  end_date: Type.Optional(DateSchema),
  customer_id: Type.Optional(IdSchema),
  deal_id: Type.Optional(IdSchema),
});

export const AddToReportSchema = Type.Union([
  StrictObject({ expense_ids: ExpenseIdsSchema, report_id: IdSchema }),
  StrictObject({ expense_ids: ExpenseIdsSchema, new_report: NewReportFieldsSchema }),
]);
export type AddToReportInput = Static<typeof AddToReportSchema>;

/** One outcome of a bulk action: done, or refused with the error's code and message. */
export const ItemResultSchema = Type.Object({
  expense_id: Type.String(),
  deleted: Type.Optional(Type.Boolean()),
  added: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.Integer()),
  message: Type.Optional(Type.String()),
});
export type ItemResult = Static<typeof ItemResultSchema>;

export const BulkDeleteResponseSchema = Type.Object({
  code: Type.Literal(0),
  message: Type.String(),
  results: Type.Array(ItemResultSchema),
});

export const AddToReportResponseSchema = Type.Object({
  code: Type.Literal(0),
  message: Type.String(),
  report_id: Type.String(),
  results: Type.Array(ItemResultSchema),
});
