import { type Static, Type } from 'typebox';
import {
  CurrencyCodeSchema,
  DateSchema,
  DateTimeSchema,
  IdSchema,
  NameSchema,
  PageQuerySchema,
  StrictObject,
} from '../common-schemas.js';

export const ForecastTypeSchema = Type.Union(
  [Type.Literal('Open'), Type.Literal('Closed Won'), Type.Literal('Closed Lost')],
  { description: 'From the CRM stage: Open, Closed Won or Closed Lost' },
);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const DealSchema = Type.Object({
  deal_id: Type.String(),
  deal_name: Type.String(),
  stage: Type.String(),
  forecast_type: ForecastTypeSchema,
  amount: Type.Union([Type.Number(), Type.Null()], { description: 'Decimal, in currency_code' }),
  currency_code: Type.String(),
  closing_date: Nullable(Type.String()),
  owner_id: Nullable(Type.String()),
  owner_name: Nullable(Type.String()),
  account_id: Nullable(Type.String()),
  account_name: Nullable(Type.String()),
  contact_id: Nullable(Type.String()),
  contact_name: Nullable(Type.String()),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Deal = Static<typeof DealSchema>;

export const DealParamsSchema = Type.Object({ deal_id: IdSchema });

export const ListDealsQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  account_id: Type.Optional(IdSchema),
  contact_id: Type.Optional(IdSchema),
  // Deals whose account or contact is this customer.
  customer_id: Type.Optional(IdSchema),
  owner_id: Type.Optional(IdSchema),
  stage: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  forecast_type: Type.Optional(ForecastTypeSchema),
  search_text: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Part of the deal name' }),
  ),
  crm_id: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,30}$',
      description: 'The Zoho CRM record id: the DealSpend record linked to it by the CRM sync, if any',
    }),
  ),
});
export type ListDealsQuery = Static<typeof ListDealsQuerySchema>;

const StageSchema = Type.String({ minLength: 1, maxLength: 100 });
const DealAmountSchema = Type.Union([Type.Number({ minimum: 0, maximum: 1e13 }), Type.Null()]);

export const CreateDealSchema = StrictObject({
  deal_name: NameSchema,
  stage: StageSchema,
  forecast_type: Type.Optional(ForecastTypeSchema),
  amount: Type.Optional(DealAmountSchema),
  currency_code: Type.Optional(CurrencyCodeSchema),
  closing_date: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  owner_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  account_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  contact_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
});
export type CreateDealBody = Static<typeof CreateDealSchema>;

export const UpdateDealSchema = StrictObject({
  deal_name: Type.Optional(NameSchema),
  stage: Type.Optional(StageSchema),
  forecast_type: Type.Optional(ForecastTypeSchema),
  amount: Type.Optional(DealAmountSchema),
  currency_code: Type.Optional(CurrencyCodeSchema),
  closing_date: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  owner_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  account_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  contact_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdateDealBody = Static<typeof UpdateDealSchema>;
