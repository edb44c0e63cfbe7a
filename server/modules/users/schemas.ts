import { type Static, Type } from 'typebox';
import { DateTimeSchema, IdSchema, NameSchema, PageQuerySchema, StrictObject } from '../common-schemas.js';

export const RoleSchema = Type.Union([
  Type.Literal('submitter'),
  Type.Literal('approver'),
  Type.Literal('admin'),
]);
export const UserStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('inactive')]);
const NullableId = Type.Union([IdSchema, Type.Null()]);
const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
const EmployeeNumberSchema = Type.Union([Type.String({ maxLength: 60 }), Type.Null()]);

export const UserSchema = Type.Object({
  user_id: Type.String(),
  organization_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  user_role: RoleSchema,
  status: UserStatusSchema,
  manager_id: Type.Union([Type.String(), Type.Null()]),
  manager_name: Type.Union([Type.String(), Type.Null()]),
  department_id: Type.Union([Type.String(), Type.Null()]),
  department_name: Type.Union([Type.String(), Type.Null()]),
  employee_number: Type.Union([Type.String(), Type.Null()]),
  is_from_crm: Type.Boolean(),
  is_from_zoho_people: Type.Boolean(),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type User = Static<typeof UserSchema>;

export const UserParamsSchema = Type.Object({ user_id: IdSchema });

export const ListUsersQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(UserStatusSchema),
  user_role: Type.Optional(RoleSchema),
  department_id: Type.Optional(IdSchema),
  manager_id: Type.Optional(IdSchema),
  search_text: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name or email' }),
  ),
});
export type ListUsersQuery = Static<typeof ListUsersQuerySchema>;

export const CreateUserSchema = StrictObject({
  email: EmailSchema,
  name: NameSchema,
  user_role: Type.Optional(RoleSchema),
  manager_id: Type.Optional(NullableId),
  department_id: Type.Optional(NullableId),
  employee_number: Type.Optional(EmployeeNumberSchema),
});
export type CreateUserBody = Static<typeof CreateUserSchema>;

export const UpdateUserSchema = StrictObject({
  name: Type.Optional(NameSchema),
  user_role: Type.Optional(RoleSchema),
  manager_id: Type.Optional(NullableId),
  department_id: Type.Optional(NullableId),
  status: Type.Optional(UserStatusSchema),
  employee_number: Type.Optional(EmployeeNumberSchema),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdateUserBody = Static<typeof UpdateUserSchema>;
