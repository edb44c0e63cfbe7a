/**
 * Which customers are in use by transactions, so must be kept: deleting a customer
 * (DELETE /contacts/{id}), a CRM record deleted at the source, and Delete Integration's "convert only
 * those with transactions" all ask this one question.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Whether customers are used by transactions (expenses, reports, or as an expense's attendee):
 * such customers are kept.
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
  }
  const rest = all.filter((id) => !used.has(id));
  for (const id of await customersAmongAttendees(db, orgId, rest)) used.add(id);
  return used;
}

/**
 * Of `ids`, the customers some expense lists as an attendee. One statement whatever their number
 * (the ids are one JSON parameter): the org's expenses whose attendees mention a customer are read
 * once, each list taken apart by the database's JSON functions and matched against the ids.
 */
async function customersAmongAttendees(db: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const sqlite = dialectOf(db) === 'sqlite';
  // JSON that is not a list names nobody (the server writes attendees only as JSON lists).
  const attendeeIds = sqlite
    ? `SELECT CASE WHEN a.type = 'object' THEN json_extract(a.value, '$.contact_id') END AS id
         FROM expenses e, json_each(CASE WHEN NOT json_valid(e.attendees) THEN '[]'
           WHEN json_type(e.attendees) = 'array' THEN e.attendees ELSE '[]' END) a
         WHERE e.org_id = ? AND e.attendees LIKE '%"contact_id"%'`
    : `SELECT a ->> 'contact_id' AS id
         FROM expenses e CROSS JOIN LATERAL jsonb_array_elements(CASE
           WHEN jsonb_typeof(e.attendees::jsonb) = 'array' THEN e.attendees::jsonb ELSE '[]'::jsonb END) AS a
         WHERE e.org_id = $1 AND e.attendees LIKE '%"contact_id"%'`;
  const wanted = sqlite ? 'SELECT value FROM json_each(?)' : 'SELECT jsonb_array_elements_text($2::jsonb)';
  const { rows } = await db.executeQuery<{ id: string }>(
    CompiledQuery.raw(`SELECT DISTINCT t.id FROM (${attendeeIds}) t WHERE t.id IN (${wanted})`, [
      orgId,
      JSON.stringify(ids),
    ]),
  );
  return rows.map((r) => r.id);
}
