import { type Static, Type } from 'typebox';
import { DateTimeSchema, IdSchema, NameSchema, PageQuerySchema, StrictObject } from '../common-schemas.js';

export const DepartmentSchema = Type.Object({
  department_id: Type.String(),
  department_name: Type.String(),
  head_user_id: Type.Union([Type.String(), Type.Null()]),
  head_user_name: Type.Union([Type.String(), Type.Null()]),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Department = Static<typeof DepartmentSchema>;

export const DepartmentParamsSchema = Type.Object({ department_id: IdSchema });

export const ListDepartmentsQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  search_text: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

export const CreateDepartmentSchema = StrictObject({
  department_name: NameSchema,
  head_user_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
});

export const UpdateDepartmentSchema = StrictObject({
  department_name: Type.Optional(NameSchema),
  head_user_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  last_modified_time: Type.Optional(DateTimeSchema),
});
