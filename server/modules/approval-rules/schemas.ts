/** TypeBox schemas of /settings/approvalrules: further approval levels above the manager. */
import { type Static, Type } from 'typebox';
import { DateTimeSchema, IdSchema, StrictObject } from '../common-schemas.js';

const ApproverTypeSchema = Type.Union([Type.Literal('department_head'), Type.Literal('user')], {
  description: "department_head: the head of the submitter's department; user: approver_user_id",
});

export const ApprovalRuleSchema = Type.Object({
  rule_id: Type.String(),
  level: Type.Integer({ description: 'Order after the manager level (2, 3, …)' }),
  min_total: Type.Union([Type.Number(), Type.Null()], {
    description: 'Applies when the report total in base currency is above this; null = always',
  }),
  currency_code: Type.String(),
  approver_type: Type.String(),
  approver_user_id: Type.Union([Type.String(), Type.Null()]),
  created_time: DateTimeSchema,
});
export type ApprovalRule = Static<typeof ApprovalRuleSchema>;

const MinTotalSchema = Type.Union([Type.Number({ minimum: 0, maximum: 1e13 }), Type.Null()]);
const LevelSchema = Type.Integer({ minimum: 2, maximum: 20 });

export const CreateApprovalRuleSchema = StrictObject({
  level: LevelSchema,
  min_total: Type.Optional(MinTotalSchema),
  approver_type: ApproverTypeSchema,
  approver_user_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
});
export type CreateApprovalRule = Static<typeof CreateApprovalRuleSchema>;

export const UpdateApprovalRuleSchema = StrictObject({
  level: Type.Optional(LevelSchema),
  min_total: Type.Optional(MinTotalSchema),
  approver_type: Type.Optional(ApproverTypeSchema),
  approver_user_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
});
export type UpdateApprovalRule = Static<typeof UpdateApprovalRuleSchema>;

export const RuleParamsSchema = Type.Object({ rule_id: IdSchema });
