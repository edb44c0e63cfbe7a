/**
 * Zoho scopes are "Service.scope.OPERATION" (e.g. ZohoCRM.modules.ALL, ZohoCRM.modules.accounts.READ,
 * ZOHOPEOPLE.forms.READ), comma-separated on the wire and matched case-insensitively.
 */
export function parseScopes(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lower-cased sets of granted scopes, made once per token's list rather than on every call. */
const grantedSets = new WeakMap<readonly string[], Set<string>>();

/** True when any granted scope equals any of the accepted alternatives (case-insensitive). */
export function hasAnyScope(granted: readonly string[], accepted: readonly string[]): boolean {
  let set = grantedSets.get(granted);
  if (!set) {
    set = new Set(granted.map((s) => s.toLowerCase()));
    grantedSets.set(granted, set);
  }
  for (const a of accepted) if (set.has(a.toLowerCase())) return true;
  return false;
}

/** Scopes that allow an operation on a CRM module: module-wide or per-module, ALL or the operation. */
export function crmModuleScopes(module: string, op: 'READ' | 'CREATE' | 'WRITE' | 'DELETE'): string[] {
  const m = module.toLowerCase();
  return [
    'ZohoCRM.modules.ALL',
    `ZohoCRM.modules.${op}`,
    `ZohoCRM.modules.${m}.ALL`,
    `ZohoCRM.modules.${m}.${op}`,
  ];
}
