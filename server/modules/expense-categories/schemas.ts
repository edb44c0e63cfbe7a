import { type Static, Type } from 'typebox';
import {
  DateTimeSchema,
  IdSchema,
  NameSchema,
  PageQuerySchema,
  StrictObject,
  TextSchema,
} from '../common-schemas.js';

export const CategorySchema = Type.Object({
  category_id: Type.String(),
  category_name: Type.String(),
  description: Type.String(),
  is_enabled: Type.Boolean(),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Category = Static<typeof CategorySchema>;

export const CategoryParamsSchema = Type.Object({ category_id: IdSchema });

export const ListCategoriesQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  is_enabled: Type.Optional(Type.Boolean()),
  search_text: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

export const CreateCategorySchema = StrictObject({
  category_name: NameSchema,
  description: Type.Optional(TextSchema),
});

export const UpdateCategorySchema = StrictObject({
  category_name: Type.Optional(NameSchema),
  description: Type.Optional(TextSchema),
  last_modified_time: Type.Optional(DateTimeSchema),
});
