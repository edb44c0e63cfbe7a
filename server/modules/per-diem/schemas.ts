import { type Static, Type } from 'typebox';
import {
  AmountSchema,
  BoolSchema,
  CurrencyCodeSchema,
  DateSchema,
  DateTimeSchema,
  IdSchema,
  StrictObject,
  TextSchema,
} from '../common-schemas.js';

const LocationSchema = Type.String({ minLength: 1, maxLength: 100 });
const HoursSchema = Type.Number({ minimum: 0, maximum: 24, multipleOf: 0.25 });

export const PerDiemRuleSchema = StrictObject({
  min_hours: HoursSchema,
  max_hours: HoursSchema,
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
});

export const PerDiemRateInputSchema = StrictObject({ location: LocationSchema, rate: AmountSchema });

export const CreatePolicySchema = StrictObject({
  policy_name: Type.String({ minLength: 1, maxLength: 200 }),
  currency_code: CurrencyCodeSchema,
  rates: Type.Array(PerDiemRateInputSchema, { minItems: 1, maxItems: 500 }),
  rules: Type.Optional(Type.Array(PerDiemRuleSchema, { maxItems: 24 })),
});
export type CreatePolicyInput = Static<typeof CreatePolicySchema>;

export const UpdatePolicySchema = StrictObject({
  policy_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  currency_code: Type.Optional(CurrencyCodeSchema),
  rates: Type.Optional(Type.Array(PerDiemRateInputSchema, { minItems: 1, maxItems: 500 })),
  rules: Type.Optional(Type.Array(PerDiemRuleSchema, { maxItems: 24 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdatePolicyInput = Static<typeof UpdatePolicySchema>;

export const PolicySchema = Type.Object({
  policy_id: Type.String(),
  policy_name: Type.String(),
  currency_code: Type.String(),
  rates: Type.Array(Type.Object({ location: Type.String(), rate: Type.Number() })),
  rules: Type.Array(
    Type.Object({ min_hours: Type.Number(), max_hours: Type.Number(), percent: Type.Number() }),
  ),
  status: Type.String(),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Policy = Static<typeof PolicySchema>;

export const PolicyParamsSchema = Type.Object({ policy_id: IdSchema });

const TimeSchema = Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$', description: 'HH:MM' });

const calculationFields = {
  policy_id: Type.Optional(IdSchema),
  per_diem_type: Type.Union([Type.Literal('trip'), Type.Literal('individual_days')]),
  start_date: DateSchema,
  start_time: TimeSchema,
  end_date: DateSchema,
  end_time: TimeSchema,
  /** Trip: the first day's location. */
  departure_location: Type.Optional(LocationSchema),
  /** Trip: the last day's location. */
  arrival_location: Type.Optional(LocationSchema),
  /** Individual days: the location of every day. Trip: the days between (default: arrival). */
  location: Type.Optional(LocationSchema),
};

export const CalculateSchema = StrictObject(calculationFields);
export type CalculateInput = Static<typeof CalculateSchema>;

export const CreatePerDiemSchema = StrictObject({
  ...calculationFields,
  /** The lines to record (the ticked checkboxes); all lines that earn something when omitted. */
  dates: Type.Optional(Type.Array(DateSchema, { minItems: 1, maxItems: 92, uniqueItems: true })),
  report_id: Type.Optional(IdSchema),
  customer_id: Type.Optional(IdSchema),
  deal_id: Type.Optional(IdSchema),
  project_id: Type.Optional(IdSchema),
  description: Type.Optional(TextSchema),
  is_billable: Type.Optional(BoolSchema),
});
export type CreatePerDiemInput = Static<typeof CreatePerDiemSchema>;

export const PerDiemLineSchema = Type.Object({
  date: Type.String(),
  location: Type.String(),
  hours: Type.Number(),
  rate: Type.Number(),
  percent: Type.Number(),
  amount: Type.Number(),
});

export const CalculationSchema = Type.Object({
  policy_id: Type.String(),
  policy_name: Type.String(),
  currency_code: Type.String(),
  per_diem_type: Type.String(),
  lines: Type.Array(PerDiemLineSchema),
  total: Type.Number(),
});
