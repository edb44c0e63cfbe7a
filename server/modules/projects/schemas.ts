import { type Static, Type } from 'typebox';
import {
  DateTimeSchema,
  IdSchema,
  NameSchema,
  PageQuerySchema,
  StrictObject,
  TextSchema,
} from '../common-schemas.js';

export const ProjectStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('inactive')]);

export const ProjectSchema = Type.Object({
  project_id: Type.String(),
  project_name: Type.String(),
  description: Type.String(),
  customer_id: Type.Union([Type.String(), Type.Null()]),
  customer_name: Type.Union([Type.String(), Type.Null()]),
  status: ProjectStatusSchema,
  created_time: DateTimeSchema,
  last_modified_time: DateTimeSchema,
});
export type Project = Static<typeof ProjectSchema>;

export const ProjectParamsSchema = Type.Object({ project_id: IdSchema });

export const ListProjectsQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(ProjectStatusSchema),
  customer_id: Type.Optional(IdSchema),
  search_text: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export type ListProjectsQuery = Static<typeof ListProjectsQuerySchema>;

export const CreateProjectSchema = StrictObject({
  project_name: NameSchema,
  description: Type.Optional(TextSchema),
  customer_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
});
export type CreateProjectBody = Static<typeof CreateProjectSchema>;

export const UpdateProjectSchema = StrictObject({
  project_name: Type.Optional(NameSchema),
  description: Type.Optional(TextSchema),
  customer_id: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  last_modified_time: Type.Optional(DateTimeSchema),
});
export type UpdateProjectBody = Static<typeof UpdateProjectSchema>;
