/**
 * Shared TypeBox primitives and the response envelopes (Zoho Expense's shapes). Resource schemas
 * build on these so every route validates, documents and types the same way.
 */
import { type TObject, type TProperties, type TSchema, Type } from 'typebox';

/** Ids are strings, always (CRM ids exceed Number.MAX_SAFE_INTEGER). */
export const IdSchema = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });
export const DateSchema = Type.String({
  format: 'date',
  pattern: '^(19|20)\\d\\d-\\d\\d-\\d\\d$',
  description: 'YYYY-MM-DD',
});
/** Checked by the API's `date-time` format (server/http/validation.ts): a real time, in UTC. */
export const DateTimeSchema = Type.String({
  format: 'date-time',
  description: 'ISO 8601 UTC time, e.g. 2026-01-20T10:00:00.000Z',
});
export const CurrencyCodeSchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
/** A decimal amount as Zoho shows it (e.g. 12.5). Parsed into minor units by the service. */
export const AmountSchema = Type.Number({ exclusiveMinimum: 0, maximum: 1e13 });
export const BoolSchema = Type.Boolean();
export const NameSchema = Type.String({ minLength: 1, maxLength: 200 });
export const TextSchema = Type.String({ maxLength: 2000 });

export const PageQuerySchema = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const PageContextSchema = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  has_more_page: Type.Boolean(),
  total: Type.Optional(Type.Integer()),
  sort_column: Type.Optional(Type.String()),
  sort_order: Type.Optional(Type.String()),
});

export const ErrorSchema = Type.Object({ code: Type.Integer(), message: Type.String() });

/** An object that refuses unknown properties (a misspelt field is an error, not silently ignored). */
export function StrictObject<P extends TProperties>(properties: P, options: object = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** `{code:0, message:'success', <key>: item}` */
export function Envelope<K extends string, T extends TSchema>(key: K, item: T) {
  return Type.Object({ code: Type.Literal(0), message: Type.String(), [key]: item } as {
    code: ReturnType<typeof Type.Literal<0>>;
    message: ReturnType<typeof Type.String>;
  } & { [P in K]: T });
}

/** `{code:0, message:'success', <key>: [items], page_context}` */
export function ListEnvelope<K extends string, T extends TSchema>(key: K, item: T) {
  return Type.Object({
    code: Type.Literal(0),
    message: Type.String(),
    [key]: Type.Array(item),
    page_context: PageContextSchema,
  } as {
    code: ReturnType<typeof Type.Literal<0>>;
    message: ReturnType<typeof Type.String>;
    page_context: typeof PageContextSchema;
  } & { [P in K]: ReturnType<typeof Type.Array<T>> });
}

export const MessageEnvelopeSchema = Type.Object({ code: Type.Literal(0), message: Type.String() });

/** Standard error responses every route documents. */
export const ErrorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;

export function ok<K extends string, V>(key: K, value: V): { code: 0; message: 'success' } & { [P in K]: V } {
  return { code: 0, message: 'success', [key]: value } as { code: 0; message: 'success' } & { [P in K]: V };
}

export function okList<K extends string, V>(
  key: K,
  items: V[],
  page: number,
  perPage: number,
  hasMore: boolean,
): {
  code: 0;
  message: 'success';
  page_context: { page: number; per_page: number; has_more_page: boolean };
} & {
  [P in K]: V[];
} {
  return {
    code: 0,
    message: 'success',
    [key]: items,
    page_context: { page, per_page: perPage, has_more_page: hasMore },
  } as never;
}

/** Fetch one more row than the page to learn whether another page exists. */
export function pageWindow(query: { page?: number | undefined; per_page?: number | undefined }) {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? 50;
  return { page, perPage, offset: (page - 1) * perPage, limit: perPage + 1 };
}
