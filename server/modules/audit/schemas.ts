/** TypeBox schemas of the audit log API. */
import { Type } from 'typebox';
import { DateTimeSchema, IdSchema } from '../common-schemas.js';

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer({ description: 'Position in the organisation’s hash chain' }),
  entity_type: Type.String(),
  entity_id: Type.String(),
  action: Type.String(),
  actor_id: Type.String(),
  actor_name: Type.String(),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown()), { description: 'field → [old, new]' }),
  time: DateTimeSchema,
  prev_hash: Type.String(),
  hash: Type.String(),
});

export const AuditQuerySchema = Type.Object({
  entity_type: Type.Union([Type.Literal('expense'), Type.Literal('report')]),
  entity_id: IdSchema,
});

export const ChainCheckSchema = Type.Object({
  ok: Type.Boolean(),
  broken_at: Type.Optional(Type.Integer({ description: 'First sequence number whose link fails' })),
  entries_checked: Type.Integer(),
});
