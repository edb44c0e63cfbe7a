import { type Static, Type } from 'typebox';
import {
  CurrencyCodeSchema,
  DateSchema,
  DateTimeSchema,
  PageQuerySchema,
  StrictObject,
} from '../common-schemas.js';

export const CurrencySchema = Type.Object({
  currency_code: Type.String(),
  price_precision: Type.Integer({ description: 'Decimal places of the minor unit' }),
  is_base_currency: Type.Boolean(),
  exchange_rate: Type.Union([Type.Number(), Type.Null()], {
    description: 'Base-currency units per one unit of this currency, as of today (null: no rate yet)',
  }),
  effective_date: Type.Union([Type.String(), Type.Null()]),
  created_time: DateTimeSchema,
});
export type Currency = Static<typeof CurrencySchema>;

export const ExchangeRateSchema = Type.Object({
  rate_id: Type.String(),
  currency_code: Type.String(),
  effective_date: Type.String(),
  rate: Type.String({ description: 'Exact decimal: base-currency units per one unit of this currency' }),
  created_time: DateTimeSchema,
});
export type ExchangeRate = Static<typeof ExchangeRateSchema>;

export const CurrencyParamsSchema = Type.Object({ currency_code: CurrencyCodeSchema });

/** A rate as a decimal string ("0.92") or a JSON number (0.92); at most 12 decimal places. */
export const RateInputSchema = Type.Union([
  Type.String({ minLength: 1, maxLength: 26 }),
  Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
]);

export const AddCurrencySchema = StrictObject({
  currency_code: CurrencyCodeSchema,
  exchange_rate: Type.Optional(RateInputSchema),
  effective_date: Type.Optional(DateSchema),
});

export const AddExchangeRateSchema = StrictObject({
  effective_date: DateSchema,
  rate: RateInputSchema,
});

export const ListRatesQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  from_date: Type.Optional(DateSchema),
  to_date: Type.Optional(DateSchema),
});
