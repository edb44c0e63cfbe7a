/**
 * The append-only, hash-chained audit log. Every change to an expense or report after submission
 * and every approval action is appended here, in the caller's transaction, so the change and its
 * record commit (or roll back) together.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { AuditLogRow, Database } from '../../db/schema.js';
import {
  type AuditChanges,
  type ChainCheck,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
  verifyChain,
} from '../../domain/audit-chain.js';
import type { Clock } from '../../ids.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The actor of changes the Zoho CRM sync makes itself (an Overwrite merge of duplicate customers). */
export const CRM_SYNC_ACTOR = 'sync:crm';
/** Actors that are not users, with the name an audit trail shows for them. */
export const SYSTEM_ACTOR_NAMES: Readonly<Record<string, string>> = { [CRM_SYNC_ACTOR]: 'Zoho CRM sync' };

/** Name of the per-org counter row that numbers audit entries. */
const AUDIT_COUNTER = 'audit_log';

export interface AuditInput {
  org_id: string;
  entity_type: 'expense' | 'report';
  entity_id: string;
  action: string;
  actor_id: string;
  changes: AuditChanges;
}

/**
 * Takes the next value of a per-org counter. The insert-or-update locks the counter row, so
 * concurrent transactions on PostgreSQL queue behind each other until the holder commits; SQLite
 * serialises writers anyway. Call it inside a transaction.
 */
export async function nextCounterValue(trx: Db, orgId: string, name: string): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ org_id: orgId, name, value: 1 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * Appends one entry to the organisation's chain. Must run inside the transaction that makes the
 * change: the counter row lock taken first also orders the read of the previous hash.
 * @example await appendAudit(trx, { org_id, entity_type: 'report', entity_id, action: 'approved',
 *   actor_id, changes: { status: ['submitted', 'approved'] } }, ctx.clock)
 */
export async function appendAudit(trx: Db, input: AuditInput, clock: Clock): Promise<void> {
  const seq = await nextCounterValue(trx, input.org_id, AUDIT_COUNTER);
  const prev =
    seq === 1
      ? undefined
      : await trx
          .selectFrom('audit_log')
          .select('hash')
          .where('org_id', '=', input.org_id)
          .where('seq', '=', seq - 1)
          .executeTakeFirst();
  // Normalise through canonical JSON so what is stored is exactly what was hashed.
  const changes = JSON.parse(canonicalJson(input.changes)) as AuditChanges;
  const content = {
    org_id: input.org_id,
    seq,
    entity_type: input.entity_type,
    entity_id: input.entity_id,
    action: input.action,
    actor_id: input.actor_id,
    changes,
    time: clock().toISOString(),
    prev_hash: prev?.hash ?? GENESIS_HASH,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...content, changes: canonicalJson(changes), hash: hashAuditEntry(content) })
    .execute();
}

function toStored(row: AuditLogRow) {
  let changes: AuditChanges;
  try {
    changes = JSON.parse(row.changes) as AuditChanges;
  } catch {
    // Unparseable text cannot match its hash; keep it as a string so verification fails there.
    changes = { _unparseable: [row.changes, null] };
  }
  return { ...row, seq: Number(row.seq), changes };
}

/**
 * Re-reads an organisation's whole chain and checks every link. The counter row knows how many
 * entries were written, so entries cut off the end are found too.
 */
export async function verifyAuditChain(db: Db, orgId: string): Promise<ChainCheck> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('seq')
    .execute();
  const check = verifyChain(rows.map(toStored));
  if (!check.ok) return check;
  const counter = await db
    .selectFrom('counters')
    .select('value')
    .where('org_id', '=', orgId)
    .where('name', '=', AUDIT_COUNTER)
    .executeTakeFirst();
  const written = counter ? Number(counter.value) : 0;
  return written > rows.length ? { ok: false, brokenAt: rows.length + 1 } : { ok: true };
}

/** The entries about one record, oldest first, with changes parsed. */
export async function listAuditEntries(
  db: Db,
  member: Member,
  entityType: 'expense' | 'report',
  entityId: string,
) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
  return rows.map(toStored);
}
