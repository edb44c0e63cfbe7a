/** Departments: a name and an optional head (who approves when a flow asks for the department head). */
import type { Kysely, Transaction } from 'kysely';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import type { Department } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

function selectDepartments(db: Db, orgId: string) {
  return db
    .selectFrom('departments')
    .leftJoin('users as head', (j) =>
      j
        .onRef('head.user_id', '=', 'departments.head_user_id')
        .onRef('head.org_id', '=', 'departments.org_id'),
    )
    .select([
      'departments.department_id',
      'departments.department_name',
      'departments.head_user_id',
      'head.name as head_user_name',
      'departments.created_time',
      'departments.last_modified_time',
    ])
    .where('departments.org_id', '=', orgId);
}

export async function listDepartments(
  db: Db,
  dialect: DialectCapabilities,
  orgId: string,
  search: string | undefined,
  window: { offset: number; limit: number },
): Promise<Department[]> {
  let q = selectDepartments(db, orgId);
  if (search) q = q.where(containsText(dialect, 'departments.department_name', search));
  return q
    .orderBy('departments.department_name')
    .orderBy('departments.department_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
}

export async function getDepartment(db: Db, orgId: string, id: string): Promise<Department> {
  const row = await selectDepartments(db, orgId)
    .where('departments.department_id', '=', id)
    .executeTakeFirst();
  if (!row) throw appError('DEPARTMENT_NOT_FOUND');
  return row;
}

async function assertHead(db: Db, orgId: string, userId: string | null | undefined) {
  if (userId == null) return;
  const found = await db
    .selectFrom('users')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!found) throw appError('INVALID_REFERENCE', `head_user_id ${userId} is not a user here`);
}

async function assertNameFree(db: Db, orgId: string, name: string, exceptId?: string) {
  let q = db
    .selectFrom('departments')
    .select('department_id')
    .where('org_id', '=', orgId)
    .where('department_name', '=', name);
  if (exceptId) q = q.where('department_id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw appError('DUPLICATE', `A department named "${name}" already exists.`);
}

export async function createDepartment(
  db: Kysely<Database>,
  orgId: string,
  input: { department_name: string; head_user_id?: string | null | undefined },
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Department> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, orgId, input.department_name);
    await assertHead(trx, orgId, input.head_user_id);
    const now = ctx.clock().toISOString();
    const id = ctx.ids();
    await trx
      .insertInto('departments')
      .values({
        department_id: id,
        org_id: orgId,
        department_name: input.department_name,
        head_user_id: input.head_user_id ?? null,
        created_time: now,
        last_modified_time: now,
      })
      .execute();
    return getDepartment(trx, orgId, id);
  });
}

export async function updateDepartment(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  changes: { department_name?: string | undefined; head_user_id?: string | null | undefined },
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<Department> {
  return db.transaction().execute(async (trx) => {
    const row = await getDepartment(trx, orgId, id);
    assertFresh(expected, row.last_modified_time);
    if (changes.department_name !== undefined) await assertNameFree(trx, orgId, changes.department_name, id);
    await assertHead(trx, orgId, changes.head_user_id);
    const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const res = await trx
      .updateTable('departments')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('department_id', '=', id)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getDepartment(trx, orgId, id);
  });
}

/**
 * Deletes a department nobody belongs to; one with users (active or not) is refused, since their
 * department would point at nothing. Its Zoho People link goes too, so a later People sync that
 * brings the department again creates it afresh.
 */
export async function deleteDepartment(db: Kysely<Database>, orgId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dept = await getDepartment(trx, orgId, id);
    const members = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('department_id', '=', id)
      .executeTakeFirstOrThrow();
    const n = Number(members.n);
    if (n > 0) {
      throw appError(
        'DEPARTMENT_IN_USE',
        `The department "${dept.department_name}" has ${n === 1 ? '1 user' : `${n} users`} and cannot be deleted; move them to another department first.`,
      );
    }
    await trx.deleteFrom('departments').where('org_id', '=', orgId).where('department_id', '=', id).execute();
    await trx
      .deleteFrom('sync_links')
      .where('org_id', '=', orgId)
      .where('system', '=', 'people')
      .where('module', '=', 'departments')
      .where('local_id', '=', id)
      .execute();
  });
}
