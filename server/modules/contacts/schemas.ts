import { type Static, Type } from 'typebox';
import { DateTimeSchema, IdSchema, NameSchema, PageQuerySchema, StrictObject } from '../common-schemas.js';

export const SubTypeSchema = Type.Union([Type.Literal('business'), Type.Literal('individual')], {
  description: 'business: a CRM account; individual: a CRM contact (who may belong to an account)',
});
export const ContactStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('inactive')]);
const CustomValue = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);
export const CustomFieldsSchema = Type.Record(Type.String({ maxLength: 100 }), CustomValue, {
  maxProperties: 100,
});
const OptText = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const OptEmail = Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]);

export const ContactSchema = Type.Object({
  contact_id: Type.String(),
  contact_name: Type.String(),
  contact_type: Type.Literal('customer'),
  customer_sub_type: SubTypeSchema,
  first_name: Type.Union([Type.String(), Type.Null()]),
  last_name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  company_name: Type.Union([Type.String(), Type.Null()]),
  account_id: Type.Union([Type.String(), Type.Null()]),
  account_name: Type.Union([Type.String(), Type.Null()]),
  status: ContactStatusSchema,
  custom_fields: CustomFieldsSchema,
  created_by_user_id: Type.Union([Type.String(), Type.Null()]),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Contact = Static<typeof ContactSchema>;

export const ContactParamsSchema = Type.Object({ contact_id: IdSchema });

export const ListContactsQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  search_text: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, company or email' }),
  ),
  customer_sub_type: Type.Optional(SubTypeSchema),
  account_id: Type.Optional(IdSchema),
  status: Type.Optional(ContactStatusSchema),
  crm_id: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,30}$',
      description:
        'The Zoho CRM account or contact id: the DealSpend record linked to it by the CRM sync, if any',
    }),
  ),
});
export type ListContactsQuery = Static<typeof ListContactsQuerySchema>;

const editable = {
  contact_name: Type.Optional(NameSchema),
  first_name: Type.Optional(OptText(100)),
  last_name: Type.Optional(OptText(100)),
  email: Type.Optional(OptEmail),
  phone: Type.Optional(OptText(50)),
  company_name: Type.Optional(OptText(200)),
  account_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  status: Type.Optional(ContactStatusSchema),
  custom_fields: Type.Optional(CustomFieldsSchema),
};

export const CreateContactSchema = StrictObject({
  ...editable,
  customer_sub_type: Type.Optional(SubTypeSchema),
});
export type CreateContactBody = Static<typeof CreateContactSchema>;

export const UpdateContactSchema = StrictObject({
  ...editable,
  customer_sub_type: Type.Optional(SubTypeSchema),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdateContactBody = Static<typeof UpdateContactSchema>;
