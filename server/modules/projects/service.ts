/**
 * Projects (from Zoho People or added by admins): optional customer, active or inactive. A project
 * that expenses use cannot be deleted; it can be made inactive instead.
 */
import type { Kysely, Transaction } from 'kysely';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { Database, ProjectRow } from '../../db/schema.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import type { CreateProjectBody, ListProjectsQuery, Project, UpdateProjectBody } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

function selectProjects(db: Db, orgId: string) {
  return db
    .selectFrom('projects')
    .leftJoin('contacts', (j) =>
      j
        .onRef('contacts.contact_id', '=', 'projects.customer_id')
        .onRef('contacts.org_id', '=', 'projects.org_id'),
    )
    .select([
      'projects.project_id',
      'projects.project_name',
      'projects.description',
      'projects.customer_id',
      'contacts.contact_name as customer_name',
      'projects.status',
      'projects.created_time',
      'projects.last_modified_time',
    ])
    .where('projects.org_id', '=', orgId);
}

export async function listProjects(
  db: Db,
  dialect: DialectCapabilities,
  orgId: string,
  q: ListProjectsQuery,
  window: { offset: number; limit: number },
): Promise<Project[]> {
  let query = selectProjects(db, orgId);
  if (q.status) query = query.where('projects.status', '=', q.status);
  if (q.customer_id) query = query.where('projects.customer_id', '=', q.customer_id);
  if (q.search_text) query = query.where(containsText(dialect, 'projects.project_name', q.search_text));
  return query
    .orderBy('projects.project_name')
    .orderBy('projects.project_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
}

export async function getProject(db: Db, orgId: string, id: string): Promise<Project> {
  const row = await selectProjects(db, orgId).where('projects.project_id', '=', id).executeTakeFirst();
  if (!row) throw appError('PROJECT_NOT_FOUND');
  return row;
}

async function assertCustomer(db: Db, orgId: string, id: string | null | undefined) {
  if (id == null) return;
  const c = await db
    .selectFrom('contacts')
    .select('contact_id')
    .where('org_id', '=', orgId)
    .where('contact_id', '=', id)
    .executeTakeFirst();
  if (!c) throw appError('INVALID_REFERENCE', `customer_id ${id} is not a customer here`);
}

export async function createProject(
  db: Kysely<Database>,
  orgId: string,
  input: CreateProjectBody,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Project> {
  await assertCustomer(db, orgId, input.customer_id);
  const now = ctx.clock().toISOString();
  const row: ProjectRow = {
    project_id: ctx.ids(),
    org_id: orgId,
    project_name: input.project_name,
    description: input.description ?? '',
    customer_id: input.customer_id ?? null,
    status: 'active',
    created_time: now,
    last_modified_time: now,
  };
  await db.insertInto('projects').values(row).execute();
  return getProject(db, orgId, row.project_id);
}

export async function updateProject(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  changes: Omit<UpdateProjectBody, 'last_modified_time'> & { status?: ProjectRow['status'] },
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<Project> {
  return db.transaction().execute(async (trx) => {
    const row = await getProject(trx, orgId, id);
    assertFresh(expected, row.last_modified_time);
    await assertCustomer(trx, orgId, changes.customer_id);
    const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const res = await trx
      .updateTable('projects')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('project_id', '=', id)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getProject(trx, orgId, id);
  });
}

export async function deleteProject(db: Kysely<Database>, orgId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await getProject(trx, orgId, id);
    const used = await trx
      .selectFrom('expenses')
      .select('expense_id')
      .where('org_id', '=', orgId)
      .where('project_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw appError(
        'PROJECT_IN_USE',
        `"${row.project_name}" is used by expenses and cannot be deleted; mark it inactive instead.`,
      );
    }
    await trx.deleteFrom('projects').where('org_id', '=', orgId).where('project_id', '=', id).execute();
  });
}
