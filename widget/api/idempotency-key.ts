/** A fresh Idempotency-Key: every POST carries one so a retried write creates nothing twice. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
