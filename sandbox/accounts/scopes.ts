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

/** True when any granted scope equals any of the accepted alternatives (case-insensitive). */
export function hasAnyScope(granted: readonly string[], accepted: readonly string[]): boolean {
  const set = new Set(granted.map((s) => s.toLowerCase()));
  return accepted.some((a) => set.has(a.toLowerCase()));
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
