/**
 * DealSpend values written to Zoho CRM fields. Customers hold text (a custom field may also hold a
 * number or a boolean, which the sync compares as text), while a CRM field takes the JSON type its
 * `data_type` in GET /settings/fields says: a boolean field refuses "true", an integer field "42".
 * So a pushed value is converted by the field's data type, and a mapping between a field and a
 * DealSpend field that cannot hold its values is refused when the admin saves it.
 */

/** The kinds of value CRM fields take, as far as a push is concerned. */
export type CrmValueKind = 'text' | 'boolean' | 'integer' | 'decimal' | 'date' | 'datetime';

const KIND_OF: Readonly<Record<string, CrmValueKind>> = {
  text: 'text',
  textarea: 'text',
  email: 'text',
  phone: 'text',
  website: 'text',
  picklist: 'text',
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'integer',
  double: 'decimal',
  currency: 'decimal',
  decimal: 'decimal',
  percent: 'decimal',
  date: 'date',
  datetime: 'datetime',
};

/** Data types whose values CRM computes: they are read, never written. */
const COMPUTED_TYPES: ReadonlySet<string> = new Set(['formula', 'autonumber', 'rollup_summary']);

/** The kind of value a CRM field takes, or undefined when it takes no single value (a lookup, a multi-select, a file). */
export function crmValueKind(dataType: string): CrmValueKind | undefined {
  return KIND_OF[dataType];
}

/** A field as GET /settings/fields describes it (the parts that matter here). */
export interface CrmFieldType {
  api_name: string;
  data_type: string;
  read_only?: boolean | undefined;
}

/** Whether a push may write the field: CRM lets it be written and it takes a single value. */
export function writableKind(field: CrmFieldType): CrmValueKind | undefined {
  return field.read_only || COMPUTED_TYPES.has(field.data_type) ? undefined : crmValueKind(field.data_type);
}

const KIND_LABEL: Readonly<Record<CrmValueKind, string>> = {
  text: 'text',
  boolean: 'true/false values',
  integer: 'whole numbers',
  decimal: 'numbers',
  date: 'dates',
  datetime: 'dates with times',
};

/**
 * Why a CRM field cannot be mapped to a DealSpend customer field, or undefined when it can.
 * DealSpend's own customer fields hold text, so they take text fields only; a custom field
 * (`custom:<label>`) takes any field of a single value. Fields CRM computes or will not let be
 * written are pulled only, and a contact's Account_Name (a lookup) is pulled as its account's name.
 * @example mappingProblem('phone', { api_name: 'Zoho_Expense', data_type: 'boolean' })
 * // "Zoho CRM's Zoho_Expense holds true/false values and DealSpend's phone holds text: map it to a custom field instead."
 */
export function mappingProblem(
  module: 'Accounts' | 'Contacts',
  target: string,
  field: CrmFieldType,
): string | undefined {
  const kind = crmValueKind(field.data_type);
  if (kind === undefined) {
    const pulledOnly =
      field.read_only ||
      COMPUTED_TYPES.has(field.data_type) ||
      (module === 'Contacts' && field.api_name === 'Account_Name');
    return pulledOnly
      ? undefined
      : `Zoho CRM's ${field.api_name} is a ${field.data_type} field, which holds no single value DealSpend can keep.`;
  }
  if (kind !== 'text' && !target.startsWith('custom:')) {
    return `Zoho CRM's ${field.api_name} holds ${KIND_LABEL[kind]} and DealSpend's ${target} holds text: map it to a custom field instead.`;
  }
  return undefined;
}

export type CrmValue =
  | { ok: true; value: string | number | boolean | null }
  | { ok: false; expected: string };

/**
 * A DealSpend value (as the sync compares it: text, or null) as the JSON value a CRM field of
 * `kind` takes; `ok: false` when it is not one (say "maybe" for a boolean field).
 * @example toCrmValue('decimal', '1250.50') // { ok: true, value: 1250.5 }
 */
export function toCrmValue(kind: CrmValueKind, value: string | null): CrmValue {
  if (value === null) return { ok: true, value: null };
  const v = value.trim();
  switch (kind) {
    case 'text':
      return { ok: true, value };
    case 'boolean':
      return /^(true|false)$/i.test(v) ? { ok: true, value: v.toLowerCase() === 'true' } : refuse(kind);
    case 'integer': {
      const n = Number(v);
      return /^[+-]?\d+$/.test(v) && Number.isSafeInteger(n) ? { ok: true, value: n } : refuse(kind);
    }
    case 'decimal': {
      const n = Number(v);
      // JavaScript's own form too ("5e-7"): a number CRM sent is kept as String(n).
      return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(v) && Number.isFinite(n)
        ? { ok: true, value: n }
        : refuse(kind);
    }
    case 'date': {
      // A real calendar day: 2026-02-30 is refused, not rolled over into March.
      const ms = Date.parse(`${v}T00:00:00Z`);
      const ok =
        /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
      return ok ? { ok: true, value: v } : refuse(kind);
    }
    case 'datetime': {
      // Zoho's form is 2026-03-04T10:20:30+05:30: seconds, an offset, no fraction.
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
      const ms = Date.parse(v);
      return iso && !Number.isNaN(ms)
        ? { ok: true, value: new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00') }
        : refuse(kind);
    }
  }
}

function refuse(kind: CrmValueKind): CrmValue {
  return { ok: false, expected: KIND_LABEL[kind] };
}

/** A custom field's value as DealSpend keeps it (see CustomFieldsSchema). */
export type CustomValue = string | number | boolean | null;

/**
 * A pulled value (the text the mapping makes of CRM's value) as the JSON value a custom field
 * keeps: a number for integer and decimal fields, a boolean for boolean fields, text otherwise.
 * Only text that is exactly what String() makes of the typed value converts ("12.5", "true"), so
 * the sync, which compares values as text, sees the same value; anything else ("012", "1.50",
 * "yes") stays text and nothing is lost.
 * @example pulledValue('decimal', '12.5') // 12.5
 * @example pulledValue('integer', '012') // '012'
 */
export function pulledValue(kind: CrmValueKind | undefined, text: string | null): CustomValue {
  if (text === null) return null;
  let typed: CustomValue;
  if (kind === 'boolean') typed = text === 'true' ? true : text === 'false' ? false : text;
  else if (kind === 'integer')
    typed = /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
  else if (kind === 'decimal') typed = Number.isFinite(Number(text)) ? Number(text) : text;
  else return text;
  return String(typed) === text ? typed : text;
}
