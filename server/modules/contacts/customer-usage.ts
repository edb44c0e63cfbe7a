/**
 * Which customers are in use by transactions, so must be kept: deleting a customer
 * (DELETE /contacts/{id}), a CRM record deleted at the source, and Delete Integration's "convert only
 * those with transactions" all ask this one question.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Whether customers are used by transactions (expenses, reports, or as an expense's attendee):
 * such customers are kept. Index look-ups only, 500 ids per statement.
 */
export async function customersInUse(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  const used = new Set<string>();
  const all = [...new Set(ids)];
  for (let i = 0; i < all.length; i += 500) {
    const chunk = all.slice(i, i + 500);
    for (const table of ['expenses', 'expense_reports'] as const) {
      const rows = await db
        .selectFrom(table)
        .select('customer_id')
        .distinct()
        .where('org_id', '=', orgId)
        .where('customer_id', 'in', chunk)
        .execute();
      for (const r of rows) if (r.customer_id) used.add(r.customer_id);
    }
    const rest = chunk.filter((id) => !used.has(id));
    for (const id of await customersAmongAttendees(db, orgId, rest)) used.add(id);
  }
  return used;
}

/**
 * Of `ids`, the customers some expense lists as an attendee: read off expense_attendees, which
 * triggers keep in step with every expense's attendee list (migration 0045).
 */
async function customersAmongAttendees(db: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('expense_attendees')
    .select('contact_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('contact_id', 'in', ids)
    .execute();
  return rows.map((r) => r.contact_id);
}
