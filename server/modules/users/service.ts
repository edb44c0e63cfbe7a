/**
 * The organisation's directory of users: listing, adding (by email: the Zoho user id is linked on
 * first sign-in), and admin changes guarded by two rules from server/domain/reporting-line.ts:
 * the reporting line never loops, and the organisation always keeps an active admin.
 */
import type { Kysely, Transaction } from 'kysely';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { Database, UserRow } from '../../db/schema.js';
import { checkManager, keepsActiveAdmin } from '../../domain/reporting-line.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { readOrgSettings } from '../organizations/service.js';
import type { CreateUserBody, ListUsersQuery, User } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

function selectUsers(db: Db, orgId: string) {
  return db
    .selectFrom('users')
    .leftJoin('users as manager', (j) =>
      j.onRef('manager.user_id', '=', 'users.manager_id').onRef('manager.org_id', '=', 'users.org_id'),
    )
    .leftJoin('departments', (j) =>
      j
        .onRef('departments.department_id', '=', 'users.department_id')
        .onRef('departments.org_id', '=', 'users.org_id'),
    )
    .selectAll('users')
    .select(['manager.name as manager_name', 'departments.department_name'])
    .where('users.org_id', '=', orgId);
}

type JoinedUser = UserRow & { manager_name: string | null; department_name: string | null };

export function toUser(row: JoinedUser): User {
  return {
    user_id: row.user_id,
    organization_id: row.org_id,
    name: row.name,
    email: row.email,
    user_role: row.user_role,
    status: row.status,
    manager_id: row.manager_id,
    manager_name: row.manager_name ?? null,
    department_id: row.department_id,
    department_name: row.department_name ?? null,
    employee_number: row.employee_number,
    is_from_crm: row.is_from_crm === 1,
    is_from_zoho_people: row.is_from_zoho_people === 1,
    created_time: row.created_time,
    last_modified_time: row.last_modified_time,
  };
}

export async function listUsers(
  db: Db,
  dialect: DialectCapabilities,
  orgId: string,
  q: ListUsersQuery,
  window: { offset: number; limit: number },
): Promise<User[]> {
  let query = selectUsers(db, orgId);
  if (q.status) query = query.where('users.status', '=', q.status);
  if (q.user_role) query = query.where('users.user_role', '=', q.user_role);
  if (q.department_id) query = query.where('users.department_id', '=', q.department_id);
  if (q.manager_id) query = query.where('users.manager_id', '=', q.manager_id);
  if (q.search_text) {
    const text = q.search_text;
    query = query.where((eb) =>
      eb.or([containsText(dialect, 'users.name', text), containsText(dialect, 'users.email', text)]),
    );
  }
  const rows = await query
    .orderBy('users.name')
    .orderBy('users.user_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  return rows.map(toUser);
}

export async function getUser(db: Db, orgId: string, userId: string): Promise<User> {
  const row = await selectUsers(db, orgId).where('users.user_id', '=', userId).executeTakeFirst();
  if (!row) throw appError('USER_NOT_FOUND');
  return toUser(row);
}

/** Refuses a department id that is not one of this organisation's. */
async function assertDepartment(db: Db, orgId: string, departmentId: string | null | undefined) {
  if (departmentId == null) return;
  const found = await db
    .selectFrom('departments')
    .select('department_id')
    .where('org_id', '=', orgId)
    .where('department_id', '=', departmentId)
    .executeTakeFirst();
  if (!found) throw appError('INVALID_REFERENCE', `department_id ${departmentId} is not a department here`);
}

/** Checks a new manager for `userId` against the whole directory (same org, active, no loop). */
async function assertManager(db: Db, orgId: string, userId: string, managerId: string | null | undefined) {
  if (managerId == null) return;
  const directory = await db
    .selectFrom('users')
    .select(['user_id', 'manager_id', 'status'])
    .where('org_id', '=', orgId)
    .execute();
  const check = checkManager(directory, userId, managerId);
  if (!check.ok) {
    if (check.reason === 'CYCLE') throw appError('MANAGER_CYCLE');
    if (check.reason === 'SELF') throw appError('MANAGER_CYCLE', 'A user cannot be their own manager.');
    throw appError('INVALID_REFERENCE', `manager_id ${managerId} is not a user here`);
  }
  if (directory.find((u) => u.user_id === managerId)?.status !== 'active') {
    throw appError('INVALID_REFERENCE', `manager_id ${managerId} is an inactive user`);
  }
}

/** Serialises directory changes of one organisation on PostgreSQL, so two admins cannot both demote each other. */
async function lockOrganization(trx: Transaction<Database>, dialect: DialectCapabilities, orgId: string) {
  if (!dialect.supportsRowLocks) return;
  await trx.selectFrom('organizations').select('org_id').where('org_id', '=', orgId).forUpdate().execute();
}

/**
 * An active user takes a seat of the plan (org setting seat_count): adding one, or making one
 * active again, is refused while every seat is taken. The CRM and People users syncs apply the same
 * limit by importing the rest as inactive (allocateSeats).
 */
async function assertSeatFree(trx: Transaction<Database>, orgId: string): Promise<void> {
  const org = await trx
    .selectFrom('organizations')
    .select('settings')
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const seats = readOrgSettings(org).seat_count;
  const active = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= seats) {
    throw appError('SEATS_EXHAUSTED', `All ${seats} seats of the plan are taken by active users.`);
  }
}

export async function createUser(
  db: Kysely<Database>,
  dialect: DialectCapabilities,
  orgId: string,
  input: CreateUserBody,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<User> {
  const email = input.email.toLowerCase();
  const userId = ctx.ids();
  return db.transaction().execute(async (trx) => {
    await lockOrganization(trx, dialect, orgId);
    const taken = await trx
      .selectFrom('users')
      .select('user_id')
      .where('org_id', '=', orgId)
      .where('email', '=', email)
      .executeTakeFirst();
    if (taken) throw appError('DUPLICATE', `A user with email ${email} already exists here.`);
    await assertDepartment(trx, orgId, input.department_id);
    await assertManager(trx, orgId, userId, input.manager_id);
    await assertSeatFree(trx, orgId);
    const now = ctx.clock().toISOString();
    await trx
      .insertInto('users')
      .values({
        user_id: userId,
        org_id: orgId,
        zuid: null,
        email,
        name: input.name,
        user_role: input.user_role ?? 'submitter',
        status: 'active',
        manager_id: input.manager_id ?? null,
        department_id: input.department_id ?? null,
        employee_number: input.employee_number ?? null,
        is_from_crm: 0,
        is_from_zoho_people: 0,
        created_time: now,
        last_modified_time: now,
      })
      .execute();
    return getUser(trx, orgId, userId);
  });
}

export interface UserChanges {
  name?: string;
  user_role?: UserRow['user_role'];
  manager_id?: string | null;
  department_id?: string | null;
  status?: UserRow['status'];
  employee_number?: string | null;
}

/**
 * Applies an admin's changes to a user, refusing (and changing nothing) when the version is stale,
 * the manager would loop, or the organisation would be left without an active admin.
 */
export async function updateUser(
  db: Kysely<Database>,
  dialect: DialectCapabilities,
  orgId: string,
  userId: string,
  changes: UserChanges,
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    await lockOrganization(trx, dialect, orgId);
    const row = await trx
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw appError('USER_NOT_FOUND');
    assertFresh(expected, row.last_modified_time);
    if (changes.manager_id !== undefined && changes.manager_id !== row.manager_id) {
      await assertManager(trx, orgId, userId, changes.manager_id);
    }
    if (changes.department_id !== undefined) await assertDepartment(trx, orgId, changes.department_id);
    const nextRole = changes.user_role ?? row.user_role;
    const nextStatus = changes.status ?? row.status;
    if (row.status !== 'active' && nextStatus === 'active') await assertSeatFree(trx, orgId);
    if (
      row.user_role === 'admin' &&
      row.status === 'active' &&
      (nextRole !== 'admin' || nextStatus !== 'active')
    ) {
      const admins = await trx
        .selectFrom('users')
        .select(['user_id', 'user_role', 'status'])
        .where('org_id', '=', orgId)
        .where('user_role', '=', 'admin')
        .execute();
      if (!keepsActiveAdmin(admins, userId, { user_role: nextRole, status: nextStatus })) {
        throw appError('LAST_ADMIN');
      }
    }
    const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const result = await trx
      .updateTable('users')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getUser(trx, orgId, userId);
  });
}
