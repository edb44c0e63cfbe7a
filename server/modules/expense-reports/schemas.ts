/**
 * TypeBox schemas of /expensereports: Zoho Expense field names, our `deal_id` link, amounts as
 * decimals in the organisation's base currency.
 */
import { type Static, Type } from 'typebox';
import {
  DateSchema,
  DateTimeSchema,
  IdSchema,
  NameSchema,
  PageQuerySchema,
  StrictObject,
  TextSchema,
} from '../common-schemas.js';

export const ReportStatusSchema = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('submitted'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('recalled'),
    Type.Literal('reimbursed'),
  ],
  { description: 'draft | submitted (awaiting approval) | approved | rejected | recalled | reimbursed' },
);

const NullableId = Type.Union([IdSchema, Type.Null()]);
const NullableDate = Type.Union([DateSchema, Type.Null()]);

export const ApprovalStepSchema = Type.Object({
  level: Type.Integer(),
  approver_id: Type.String(),
  approver_name: Type.String(),
});

export const ReportExpenseSchema = Type.Object({
  expense_id: Type.String(),
  date: Type.String(),
  category_id: Type.String(),
  category_name: Type.String(),
  amount: Type.Number({ description: 'In the expense’s own currency' }),
  currency_code: Type.String(),
  exchange_rate: Type.String(),
  bcy_total: Type.Number({ description: 'In the organisation’s base currency' }),
  merchant_name: Type.String(),
  description: Type.String(),
  is_reimbursable: Type.Boolean(),
  is_billable: Type.Boolean(),
  customer_id: Type.Union([Type.String(), Type.Null()]),
  deal_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
});

export const ReportSchema = Type.Object({
  report_id: Type.String(),
  report_number: Type.String(),
  report_name: Type.String(),
  description: Type.String({ description: 'Business purpose' }),
  start_date: Type.Union([Type.String(), Type.Null()]),
  end_date: Type.Union([Type.String(), Type.Null()]),
  customer_id: Type.Union([Type.String(), Type.Null()]),
  customer_name: Type.String(),
  deal_id: Type.Union([Type.String(), Type.Null()]),
  deal_name: Type.String(),
  status: ReportStatusSchema,
  user_id: Type.String(),
  user_name: Type.String(),
  approver_id: Type.Union([Type.String(), Type.Null()]),
  approver_name: Type.String(),
  approval_level: Type.Integer(),
  approval_flow: Type.Array(ApprovalStepSchema),
  submitted_date: Type.Union([Type.String(), Type.Null()]),
  approved_date: Type.Union([Type.String(), Type.Null()]),
  reimbursement_date: Type.Union([Type.String(), Type.Null()]),
  currency_code: Type.String({ description: 'The organisation’s base currency' }),
  total: Type.Number(),
  reimbursable_total: Type.Number(),
  non_reimbursable_total: Type.Number(),
  expense_count: Type.Integer(),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
  expenses: Type.Optional(Type.Array(ReportExpenseSchema)),
});
export type Report = Static<typeof ReportSchema>;

export const CreateReportSchema = StrictObject({
  report_name: NameSchema,
  description: Type.Optional(TextSchema),
  start_date: Type.Optional(NullableDate),
  end_date: Type.Optional(NullableDate),
  customer_id: Type.Optional(NullableId),
  deal_id: Type.Optional(NullableId),
  expense_ids: Type.Optional(Type.Array(IdSchema, { maxItems: 500 })),
});

export const UpdateReportSchema = StrictObject({
  report_name: Type.Optional(NameSchema),
  description: Type.Optional(TextSchema),
  start_date: Type.Optional(NullableDate),
  end_date: Type.Optional(NullableDate),
  customer_id: Type.Optional(NullableId),
  deal_id: Type.Optional(NullableId),
  last_modified_time: Type.Optional(DateTimeSchema),
});

export const ReportParamsSchema = Type.Object({ report_id: IdSchema });
export const ReportExpenseParamsSchema = Type.Object({ report_id: IdSchema, expense_id: IdSchema });

export const AddExpensesSchema = StrictObject({
  expense_ids: Type.Array(IdSchema, { minItems: 1, maxItems: 500 }),
});

export const SubmitSchema = StrictObject({ approver_id: Type.Optional(IdSchema) });
export const ApproveSchema = StrictObject({ comments: Type.Optional(TextSchema) });
export const RejectSchema = StrictObject({
  reason: Type.Optional(TextSchema),
  /** Zoho's name for the same text. */
  comments: Type.Optional(TextSchema),
});
export const RecallSchema = StrictObject({});
export const ReimburseSchema = StrictObject({
  reimbursement_date: Type.Optional(DateSchema),
  reference: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ReportListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(ReportStatusSchema),
  filter_by: Type.Optional(
    Type.Union(
      ['All', 'Draft', 'Submitted', 'Approved', 'Rejected', 'Recalled', 'Reimbursed'].map((s) =>
        Type.Literal(`Status.${s}`),
      ),
      { description: 'Zoho style status filter, e.g. Status.Draft' },
    ),
  ),
  customer_id: Type.Optional(IdSchema),
  include_related: Type.Optional(
    Type.Boolean({ description: 'With customer_id of an account: also the reports of its contacts' }),
  ),
  deal_id: Type.Optional(IdSchema),
  user_id: Type.Optional(IdSchema),
  date_start: Type.Optional(DateSchema),
  date_end: Type.Optional(DateSchema),
  sort_column: Type.Optional(
    Type.Union(
      [
        'created_time',
        'last_modified_time',
        'report_name',
        'report_number',
        'start_date',
        'submitted_date',
      ].map((s) => Type.Literal(s)),
    ),
  ),
  sort_order: Type.Optional(Type.Union([Type.Literal('A'), Type.Literal('D')])),
});
export type ReportListQuery = Static<typeof ReportListQuerySchema>;

export const HistoryEntrySchema = Type.Object({
  history_id: Type.String(),
  action: Type.String(),
  actor_id: Type.String(),
  actor_name: Type.String(),
  approver_id: Type.Union([Type.String(), Type.Null()]),
  approver_name: Type.String(),
  level: Type.Integer(),
  comments: Type.String(),
  time: DateTimeSchema,
});
