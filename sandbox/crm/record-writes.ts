/**
 * Validation and application of record writes (insert, update, upsert, and the control API),
 * answering per record the way Zoho does: `{code, details, message, status}` with
 * SUCCESS / INVALID_DATA / MANDATORY_NOT_FOUND / DUPLICATE_DATA
 * (https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html, zoho/crm-oas v8.0 record.json).
 */
import { ID_KIND, zohoTime } from '../data/seed.js';
import type { CrmRecord, CrmUser } from '../data/seed-types.js';
import type { CrmOrgState } from './crm-store.js';
import { mintRecordId } from './crm-store.js';
import { type FieldMeta, fieldLength, MODULES, type ModuleName } from './module-meta.js';

export interface RecordError {
  code: 'INVALID_DATA' | 'MANDATORY_NOT_FOUND' | 'DUPLICATE_DATA';
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export type Validated = { ok: true; values: Record<string, unknown> } | { ok: false; error: RecordError };

const EXPECTED: Record<FieldMeta['type'], string> = {
  text: 'text',
  email: 'email',
  phone: 'phone',
  website: 'website',
  picklist: 'picklist',
  boolean: 'boolean',
  currency: 'double',
  double: 'double',
  integer: 'integer',
  date: 'date',
  datetime: 'datetime',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
  bigint: 'bigint',
};

function invalid(field: FieldMeta, index: number, extra: Record<string, unknown> = {}): Validated {
  return {
    ok: false,
    error: {
      code: 'INVALID_DATA',
      details: {
        expected_data_type: EXPECTED[field.type],
        api_name: field.api_name,
        json_path: `$.data[${index}].${field.api_name}`,
        ...extra,
      },
      message: 'invalid data',
      status: 'error',
    },
  };
}

function lookupId(v: unknown): string | undefined {
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string')
    return (v as { id: string }).id;
  return undefined;
}

/**
 * Checks one input record against the module's fields and normalises lookups to `{name,id}`.
 * `partial` (updates) skips the mandatory check for fields not sent.
 */
export function validateRecord(
  org: CrmOrgState,
  module: ModuleName,
  input: unknown,
  index: number,
  partial: boolean,
): Validated {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_DATA',
        details: { json_path: `$.data[${index}]` },
        message: 'invalid data',
        status: 'error',
      },
    };
  }
  const body = input as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const field of MODULES[module].fields) {
    if (field.readOnly) continue;
    const has = Object.hasOwn(body, field.api_name);
    const v = body[field.api_name];
    if (!has || v === undefined) {
      if (field.mandatory && !partial) {
        return {
          ok: false,
          error: {
            code: 'MANDATORY_NOT_FOUND',
            details: { api_name: field.api_name, json_path: `$.data[${index}].${field.api_name}` },
            message: 'required field not found',
            status: 'error',
          },
        };
      }
      continue;
    }
    if (v === null) {
      if (field.mandatory) {
        return {
          ok: false,
          error: {
            code: 'MANDATORY_NOT_FOUND',
            details: { api_name: field.api_name, json_path: `$.data[${index}].${field.api_name}` },
            message: 'required field not found',
            status: 'error',
          },
        };
      }
      values[field.api_name] = null;
      continue;
    }
    switch (field.type) {
      case 'text':
      case 'phone':
      case 'website':
      case 'picklist':
        if (typeof v !== 'string' || (field.mandatory && v.trim() === '')) return invalid(field, index);
        if (field.type !== 'picklist' && v.length > fieldLength(field)) {
          return invalid(field, index, { maximum_length: fieldLength(field) });
        }
        values[field.api_name] = v;
        break;
      case 'email':
        if (typeof v !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return invalid(field, index);
        if (v.length > fieldLength(field))
          return invalid(field, index, { maximum_length: fieldLength(field) });
        values[field.api_name] = v;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') return invalid(field, index);
        values[field.api_name] = v;
        break;
      case 'currency':
      case 'double':
        if (typeof v !== 'number' || !Number.isFinite(v)) return invalid(field, index);
        values[field.api_name] = v;
        break;
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) return invalid(field, index);
        values[field.api_name] = v;
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
          return invalid(field, index);
        }
        values[field.api_name] = v;
        break;
      case 'lookup': {
        const id = lookupId(v);
        const target = id ? org.modules[field.lookup!].get(id) : undefined;
        if (!target) return invalid(field, index, { id: id ?? null });
        values[field.api_name] = {
          name: String(target[MODULES[field.lookup!].nameField] ?? ''),
          id: target.id,
        };
        break;
      }
      case 'ownerlookup': {
        const id = lookupId(v);
        const user = org.users.find((u) => u.id === id && u.status === 'active');
        if (!user) return invalid(field, index, { id: id ?? null });
        values[field.api_name] = { name: user.full_name, id: user.id, email: user.email };
        break;
      }
      default:
        break;
    }
  }
  return { ok: true, values };
}

/** A record in the module with the same value in a "no duplicates" field, other than `exceptId`. */
export function findUniqueClash(
  org: CrmOrgState,
  module: ModuleName,
  values: Record<string, unknown>,
  exceptId: string | undefined,
): { field: string; record: CrmRecord } | undefined {
  const unique = MODULES[module].fields.filter((f) => f.unique && typeof values[f.api_name] === 'string');
  if (unique.length === 0) return undefined;
  for (const r of org.modules[module].scan()) {
    if (r.id === exceptId) continue;
    for (const f of unique) {
      const a = r[f.api_name];
      if (typeof a === 'string' && a.toLowerCase() === String(values[f.api_name]).toLowerCase()) {
        return { field: f.api_name, record: r };
      }
    }
  }
  return undefined;
}

export function duplicateError(
  module: ModuleName,
  index: number,
  clash: { field: string; record: CrmRecord },
): RecordError {
  return {
    code: 'DUPLICATE_DATA',
    details: {
      api_name: clash.field,
      json_path: `$.data[${index}].${clash.field}`,
      duplicate_record: {
        module: { api_name: module, id: MODULES[module].id },
        id: clash.record.id,
        Owner: clash.record.Owner,
      },
    },
    message: 'duplicate data',
    status: 'error',
  };
}

function derive(module: ModuleName, record: CrmRecord): void {
  if (module === 'Contacts') {
    record.Full_Name = [record.First_Name, record.Last_Name]
      .filter((x) => typeof x === 'string' && x)
      .join(' ');
  }
}

export function insertRecord(
  org: CrmOrgState,
  module: ModuleName,
  values: Record<string, unknown>,
  actor: CrmUser,
  now: number,
): CrmRecord {
  const t = zohoTime(now);
  const record: CrmRecord = {
    Currency: org.org.iso_code,
    Exchange_Rate: 1,
    ...(module === 'Accounts' || module === 'Contacts' ? { Zoho_Expense: false } : {}),
    ...values,
    id: mintRecordId(org, ID_KIND[module]),
    Owner: (values.Owner as CrmRecord['Owner']) ?? {
      name: actor.full_name,
      id: actor.id,
      email: actor.email,
    },
    Created_Time: t,
    Modified_Time: t,
  };
  derive(module, record);
  org.modules[module].put(record);
  return record;
}

export function updateRecord(
  org: CrmOrgState,
  module: ModuleName,
  existing: CrmRecord,
  values: Record<string, unknown>,
  now: number,
): CrmRecord {
  // Modified_Time never goes backwards, even when the sandbox clock is moved back.
  const next = Math.max(now, Date.parse(existing.Modified_Time) + 1000);
  const record: CrmRecord = { ...existing, ...values, id: existing.id, Modified_Time: zohoTime(next) };
  derive(module, record);
  org.modules[module].put(record);
  return record;
}

export function deleteRecord(
  org: CrmOrgState,
  module: ModuleName,
  existing: CrmRecord,
  actor: CrmUser,
  now: number,
): boolean {
  const name = String(existing[MODULES[module].nameField] ?? '');
  return org.modules[module].remove(existing.id, {
    id: existing.id,
    display_name: name,
    deleted_time: zohoTime(now),
    deleted_by: { name: actor.full_name, id: actor.id },
    created_by: { name: existing.Owner.name, id: existing.Owner.id },
    type: 'recycle',
  });
}

/** The `details` of a successful write (Created_Time, Modified_Time, id, Created_By, Modified_By). */
export function successDetails(record: CrmRecord, actor: CrmUser): Record<string, unknown> {
  return {
    Modified_Time: record.Modified_Time,
    Modified_By: { name: actor.full_name, id: actor.id },
    Created_Time: record.Created_Time,
    id: record.id,
    Created_By: { name: actor.full_name, id: actor.id },
  };
}
