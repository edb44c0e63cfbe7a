/**
 * Two Ajv instances: bodies are validated strictly (a string is never coerced into a number, so
 * `"amount":"12"` is an error that names the field), while params and query strings, which are
 * always text on the wire, are coerced to the declared types. Every part also refuses text holding
 * a NUL character, which PostgreSQL cannot store or compare.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** How the API writes every time, and the one form it reads: ISO 8601 in UTC with a `Z`. */
const ISO_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** What a client is told when a time is not one (names the form by example). */
export const DATE_TIME_HINT = 'an ISO 8601 UTC time such as 2026-01-20T10:00:00.000Z';

/**
 * Whether `value` is a real ISO 8601 UTC time, e.g. `2026-01-20T10:00:00.000Z`. Date.parse alone
 * is too lenient: it rolls 2026-02-30 over into March and 24:00 into the next day, so the value
 * must also print back the same to the second.
 */
export function isIsoUtcTime(value: string): boolean {
  if (!ISO_UTC_TIME.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19);
}

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true, ...options });
  addFormats(ajv);
  // The API's times are UTC (every stored version is), so `date-time` here refuses RFC 3339's
  // other offsets too: "…+02:00" could never match a stored last_modified_time anyway.
  ajv.addFormat('date-time', { type: 'string', validate: isIsoUtcTime });
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false, removeAdditional: false });
const textAjv = makeAjv({ coerceTypes: 'array', removeAdditional: false });

/** The JSON pointer of the first string (value or key) in `value` that holds a NUL, or null. */
function pathOfNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (key.includes('\u0000')) return at;
    const found = pathOfNul(item, at);
    if (found !== null) return found;
  }
  return null;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

type AjvError = {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: object;
  message?: string;
};

/** The subschema at an Ajv schemaPath such as `#/properties/user_role/anyOf`, or undefined. */
function schemaAt(schema: unknown, schemaPath: string): unknown {
  let at: unknown = schema;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (typeof at !== 'object' || at === null) return undefined;
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * A union of literals (`Type.Union([Type.Literal('a'), Type.Literal('b')])`) fails with one error
 * per branch ("must be equal to constant") and then an `anyOf`. When every branch of the anyOf
 * that the first error belongs to is a `const`, the errors are replaced by one `enum` error listing
 * the allowed values, as a `Type.Enum`-style schema would report. Any other union (nullable
 * fields, string-or-number) keeps its errors as Ajv gave them.
 */
function literalUnionAsEnum(
  schema: unknown,
  errors: AjvError[] | null | undefined,
): AjvError[] | null | undefined {
  const first = errors?.[0];
  if (!errors || !first) return errors;
  const anyOf = errors.find(
    (e) =>
      e.keyword === 'anyOf' &&
      e.instancePath === first.instancePath &&
      first.schemaPath.startsWith(`${e.schemaPath}/`),
  );
  if (!anyOf) return errors;
  const branches = schemaAt(schema, anyOf.schemaPath);
  if (!Array.isArray(branches) || branches.length === 0) return errors;
  if (!branches.every((b) => typeof b === 'object' && b !== null && 'const' in b)) return errors;
  const allowedValues = branches.map((b) => (b as { const: unknown }).const);
  return [
    {
      keyword: 'enum',
      instancePath: anyOf.instancePath,
      schemaPath: anyOf.schemaPath,
      params: { allowedValues },
      message: 'must be equal to one of the allowed values',
    },
  ];
}

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  const check = ajv.compile(schema as object) as Validate;
  const validate: Validate = (data) => {
    const at = pathOfNul(data);
    if (at !== null) {
      validate.errors = [
        {
          keyword: 'nul',
          instancePath: at,
          schemaPath: '',
          params: {},
          message: 'must not contain a NUL character',
        },
      ];
      return false;
    }
    const valid = check(data);
    validate.errors = valid ? check.errors : literalUnionAsEnum(schema, check.errors as AjvError[] | null);
    return valid;
  };
  return validate as ReturnType<FastifySchemaCompiler<any>>;
};

/**
 * Validators and response serializers are compiled once per distinct schema and shared by every
 * app instance in the process. Compiling them is most of what building the app costs (tests build
 * one app per test), and a compiled function is pure, so sharing is safe.
 */
const validatorCache = new Map<string, ReturnType<FastifySchemaCompiler<any>>>();

export const cachedValidatorCompiler: FastifySchemaCompiler<any> = (route) => {
  const key = `${route.httpPart === 'body' ? 'b' : 't'}:${JSON.stringify(route.schema)}`;
  let fn = validatorCache.get(key);
  if (!fn) {
    fn = validatorCompiler(route);
    validatorCache.set(key, fn);
  }
  return fn;
};

const serializerCache = new Map<string, (data: unknown) => string>();

export function serializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  const key = JSON.stringify(schema);
  let fn = serializerCache.get(key);
  if (!fn) {
    fn = fastJson(schema as Parameters<typeof fastJson>[0]);
    serializerCache.set(key, fn);
  }
  return fn;
}
