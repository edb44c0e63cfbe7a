/**
 * Expense categories: every organisation starts with the defaults (organizations/service.ts);
 * admins add, rename, enable, disable and delete them. A disabled category stays on old expenses
 * but cannot be chosen for new ones (isCategoryUsable); only a category nothing uses is deleted.
 */
import type { Kysely, Transaction } from 'kysely';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { CategoryRow, Database } from '../../db/schema.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { PER_DIEM_CATEGORY } from '../per-diem/service.js';
import type { Category } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

function toCategory(r: CategoryRow): Category {
  return {
    category_id: r.category_id,
    category_name: r.category_name,
    description: r.description,
    is_enabled: r.is_enabled === 1,
    status: r.is_enabled === 1 ? 'active' : 'inactive',
    created_time: r.created_time,
    last_modified_time: r.last_modified_time,
  };
}

/** True when the category exists in the organisation and is enabled, so new expenses may use it. */
export async function isCategoryUsable(db: Db, orgId: string, categoryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('expense_categories')
    .select('is_enabled')
    .where('org_id', '=', orgId)
    .where('category_id', '=', categoryId)
    .executeTakeFirst();
  return row?.is_enabled === 1;
}

export async function listCategories(
  db: Db,
  dialect: DialectCapabilities,
  orgId: string,
  q: { is_enabled?: boolean | undefined; search_text?: string | undefined },
  window: { offset: number; limit: number },
): Promise<Category[]> {
  let query = db.selectFrom('expense_categories').selectAll().where('org_id', '=', orgId);
  if (q.is_enabled !== undefined) query = query.where('is_enabled', '=', q.is_enabled ? 1 : 0);
  if (q.search_text) query = query.where(containsText(dialect, 'category_name', q.search_text));
  const rows = await query
    .orderBy('category_name')
    .orderBy('category_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  return rows.map(toCategory);
}

async function findCategory(db: Db, orgId: string, id: string): Promise<CategoryRow> {
  const row = await db
    .selectFrom('expense_categories')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('category_id', '=', id)
    .executeTakeFirst();
  if (!row) throw appError('CATEGORY_NOT_FOUND');
  return row;
}

export async function getCategory(db: Db, orgId: string, id: string): Promise<Category> {
  return toCategory(await findCategory(db, orgId, id));
}

async function assertNameFree(db: Db, orgId: string, name: string, exceptId?: string) {
  const rows = await db
    .selectFrom('expense_categories')
    .select(['category_id', 'category_name'])
    .where('org_id', '=', orgId)
    .execute();
  const lower = name.trim().toLowerCase();
  if (rows.some((r) => r.category_id !== exceptId && r.category_name.trim().toLowerCase() === lower)) {
    throw appError('DUPLICATE', `A category named "${name}" already exists.`);
  }
}

export async function createCategory(
  db: Kysely<Database>,
  orgId: string,
  input: { category_name: string; description?: string | undefined },
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Category> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, orgId, input.category_name);
    const now = ctx.clock().toISOString();
    const row: CategoryRow = {
      category_id: ctx.ids(),
      org_id: orgId,
      category_name: input.category_name,
      description: input.description ?? '',
      is_enabled: 1,
      created_time: now,
      last_modified_time: now,
    };
    await trx.insertInto('expense_categories').values(row).execute();
    return toCategory(row);
  });
}

export async function updateCategory(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  changes: { category_name?: string | undefined; description?: string | undefined; is_enabled?: 0 | 1 },
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<Category> {
  return db.transaction().execute(async (trx) => {
    const row = await findCategory(trx, orgId, id);
    assertFresh(expected, row.last_modified_time);
    if (changes.category_name !== undefined) await assertNameFree(trx, orgId, changes.category_name, id);
    const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const res = await trx
      .updateTable('expense_categories')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('category_id', '=', id)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getCategory(trx, orgId, id);
  });
}

/** What still uses the category ("expenses", "per diem policies"), or undefined when nothing does. */
async function categoryUsage(db: Db, row: CategoryRow): Promise<string | undefined> {
  const expense = await db
    .selectFrom('expenses')
    .select('expense_id')
    .where('org_id', '=', row.org_id)
    .where('category_id', '=', row.category_id)
    .limit(1)
    .executeTakeFirst();
  if (expense) return 'expenses';
  // Per diem expenses are filed under the category of this name (per-diem/service.ts).
  if (row.category_name === PER_DIEM_CATEGORY) {
    const policy = await db
      .selectFrom('per_diem_policies')
      .select('policy_id')
      .where('org_id', '=', row.org_id)
      .where('status', '=', 'active')
      .limit(1)
      .executeTakeFirst();
    if (policy) return 'per diem policies';
  }
  return undefined;
}

/** Deletes a category nothing uses; one in use is refused and stays as it is. */
export async function deleteCategory(db: Kysely<Database>, orgId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findCategory(trx, orgId, id);
    const usedBy = await categoryUsage(trx, row);
    if (usedBy) {
      throw appError(
        'CATEGORY_IN_USE',
        `The category "${row.category_name}" is used by ${usedBy} and cannot be deleted; disable it instead.`,
      );
    }
    await trx
      .deleteFrom('expense_categories')
      .where('org_id', '=', orgId)
      .where('category_id', '=', id)
      .execute();
  });
}
