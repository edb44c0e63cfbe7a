import { type Static, Type } from 'typebox';
import { CurrencyCodeSchema, DateTimeSchema, IdSchema, NameSchema, StrictObject } from '../common-schemas.js';

export const PotentialsModeSchema = Type.Union([Type.Literal('user'), Type.Literal('all')], {
  description: "'user': people see only deals they own; 'all': everyone sees every deal",
});

export const OrganizationSchema = Type.Object({
  organization_id: Type.String(),
  name: Type.String(),
  currency_code: Type.String({ description: 'Base currency' }),
  price_precision: Type.Integer(),
  time_zone: Type.String(),
  is_default_org: Type.Boolean(),
  user_role: Type.String(),
  user_id: Type.String(),
  potentials_mode: PotentialsModeSchema,
  seat_count: Type.Integer(),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Organization = Static<typeof OrganizationSchema>;

export const OrganizationParamsSchema = Type.Object({ organization_id: IdSchema });

const TimeZoneSchema = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });

export const CreateOrganizationSchema = StrictObject({
  name: NameSchema,
  currency_code: CurrencyCodeSchema,
  time_zone: Type.Optional(TimeZoneSchema),
});

export const UpdateOrganizationSchema = StrictObject({
  name: Type.Optional(NameSchema),
  currency_code: Type.Optional(CurrencyCodeSchema),
  time_zone: Type.Optional(TimeZoneSchema),
  potentials_mode: Type.Optional(PotentialsModeSchema),
  seat_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  last_modified_time: Type.Optional(DateTimeSchema),
});
