/**
 * Two-way sync: deciding, field by field, what an incoming external record does to a local one.
 *
 * At every sync we keep a hash of each mapped field's agreed value (`base`). Next time:
 * - a field changed only remotely takes the remote value;
 * - a field changed only locally keeps the local value (and is pushed);
 * - a field changed on both sides to different values is a conflict: it goes to the conflict list,
 *   and until the admin resolves it the side modified most recently wins (ties go to the remote,
 *   the system of record).
 */
export type FieldValues = Readonly<Record<string, string | null>>;

export interface FieldConflict {
  field: string;
  local: string | null;
  remote: string | null;
}

export interface MergeResult {
  merged: Record<string, string | null>;
  conflicts: FieldConflict[];
  /** Fields whose merged value differs from the remote (they must be written back). */
  pushFields: string[];
}

/** FNV-1a 32-bit over the value; enough to notice a change, not a security measure. */
export function hashValue(value: string | null): string {
  if (value === null) return '-';
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

export function hashFields(values: FieldValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = hashValue(v);
  return out;
}

export function mergeFields(
  base: Readonly<Record<string, string>>,
  local: FieldValues,
  remote: FieldValues,
  localModified: string,
  remoteModified: string,
): MergeResult {
  const merged: Record<string, string | null> = {};
  const conflicts: FieldConflict[] = [];
  const pushFields: string[] = [];
  const localNewer = Date.parse(localModified) > Date.parse(remoteModified);
  for (const field of new Set([...Object.keys(local), ...Object.keys(remote)])) {
    const l = local[field] ?? null;
    const r = remote[field] ?? null;
    const b = base[field];
    const localChanged = b === undefined ? false : hashValue(l) !== b;
    const remoteChanged = b === undefined ? true : hashValue(r) !== b;
    if (l === r || !localChanged) {
      merged[field] = r;
    } else if (!remoteChanged) {
      merged[field] = l;
      pushFields.push(field);
    } else {
      conflicts.push({ field, local: l, remote: r });
      merged[field] = localNewer ? l : r;
      if (localNewer) pushFields.push(field);
    }
  }
  return { merged, conflicts, pushFields };
}
