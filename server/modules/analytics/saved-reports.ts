/** Saved (edited) reports: per organisation, shared by its members. */
import type { Kysely, Selectable } from 'kysely';
import type { AnalyticsReportsTable, Database } from '../../db/schema.js';
import { checkReportSpec, type ReportSpec } from '../../domain/analytics/report-spec.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';

export interface SavedReport {
  report_id: string;
  report_name: string;
  based_on: string | null;
  spec: ReportSpec;
  created_by_id: string;
  created_time: string;
  last_modified_time: string;
}

function toSavedReport(row: Selectable<AnalyticsReportsTable>): SavedReport {
  return { ...row, spec: JSON.parse(row.spec) as ReportSpec };
}

/** Checks the cross-field rules; a broken spec is a 400 that says what is wrong. */
export function validSpec(spec: ReportSpec): ReportSpec {
  const checked = checkReportSpec(spec);
  if (!checked.ok) throw appError('INVALID_REPORT_SPEC', checked.message);
  return checked.spec;
}

export async function listSavedReports(db: Kysely<Database>, orgId: string): Promise<SavedReport[]> {
  const rows = await db
    .selectFrom('analytics_reports')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('report_name')
    .orderBy('report_id')
    .execute();
  return rows.map(toSavedReport);
}

export async function getSavedReport(
  db: Kysely<Database>,
  orgId: string,
  reportId: string,
): Promise<SavedReport> {
  const row = await db
    .selectFrom('analytics_reports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  if (!row) throw appError('ANALYTICS_REPORT_NOT_FOUND');
  return toSavedReport(row);
}

export async function createSavedReport(
  db: Kysely<Database>,
  input: {
    orgId: string;
    userId: string;
    report_name: string;
    spec: ReportSpec;
    based_on?: string | undefined;
  },
  ctx: { now: Date; id: string },
): Promise<SavedReport> {
  const spec = validSpec(input.spec);
  const time = ctx.now.toISOString();
  const row = {
    report_id: ctx.id,
    org_id: input.orgId,
    report_name: input.report_name.trim() || input.report_name,
    based_on: input.based_on ?? null,
    spec: JSON.stringify(spec),
    created_by_id: input.userId,
    created_time: time,
    last_modified_time: time,
  };
  await db.insertInto('analytics_reports').values(row).execute();
  return toSavedReport(row);
}

/** Only its author or an admin may change or delete a saved report; everyone in the org may read it. */
function assertMayEdit(report: SavedReport, actor: { userId: string; isAdmin: boolean }): void {
  if (!actor.isAdmin && report.created_by_id !== actor.userId) {
    throw appError('FORBIDDEN', 'Only the report’s author or an admin can change or delete it.');
  }
}

export async function updateSavedReport(
  db: Kysely<Database>,
  orgId: string,
  reportId: string,
  changes: { report_name?: string | undefined; spec?: ReportSpec | undefined },
  ctx: { now: Date; expected?: string | undefined; actor: { userId: string; isAdmin: boolean } },
): Promise<SavedReport> {
  const current = await getSavedReport(db, orgId, reportId);
  assertMayEdit(current, ctx.actor);
  assertFresh(ctx.expected, current.last_modified_time);
  const spec = changes.spec ? validSpec(changes.spec) : current.spec;
  const time = nextModifiedTime(ctx.now, current.last_modified_time);
  const result = await db
    .updateTable('analytics_reports')
    .set({
      report_name: changes.report_name ?? current.report_name,
      spec: JSON.stringify(spec),
      last_modified_time: time,
    })
    .where('org_id', '=', orgId)
    .where('report_id', '=', reportId)
    .where('last_modified_time', '=', current.last_modified_time)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
  return getSavedReport(db, orgId, reportId);
}

export async function deleteSavedReport(
  db: Kysely<Database>,
  orgId: string,
  reportId: string,
  actor: { userId: string; isAdmin: boolean },
): Promise<void> {
  const current = await getSavedReport(db, orgId, reportId);
  assertMayEdit(current, actor);
  await db
    .deleteFrom('analytics_reports')
    .where('org_id', '=', orgId)
    .where('report_id', '=', reportId)
    .execute();
}
