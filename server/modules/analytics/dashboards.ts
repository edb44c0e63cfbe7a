/**
 * Dashboards: named, ordered lists of components (KPI figure, bar chart, line chart over months,
 * table), each bound to a default or saved report. Every org has a default dashboard, created on
 * first read; a unique (org_id, default_key) index makes two simultaneous first reads create one.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AnalyticsDashboardsTable, Database } from '../../db/schema.js';
import { isDefaultReportKey } from '../../domain/analytics/default-reports.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import { type ComponentInput, type Dashboard, MAX_COMPONENTS } from './schemas.js';

type Component = Dashboard['components'][number];

/** The default dashboard's components: one of each kind, over the default reports. */
const DEFAULT_COMPONENTS: Array<Omit<Component, 'component_id'>> = [
  { component_type: 'kpi', title: 'Spent on deals', report_id: 'spend-per-deal', measure: 'spent' },
  { component_type: 'bar_chart', title: 'Top deals by spend', report_id: 'spend-per-deal', measure: 'spent' },
  {
    component_type: 'line_chart',
    title: 'Spent on won deals per month',
    report_id: 'won-deals-by-month',
    measure: 'spent',
  },
  { component_type: 'table', title: 'Money spent on lost deals', report_id: 'lost-deals', measure: null },
];

function toDashboard(row: Selectable<AnalyticsDashboardsTable>): Dashboard {
  return {
    dashboard_id: row.dashboard_id,
    dashboard_name: row.dashboard_name,
    is_default: row.default_key === 'default',
    components: JSON.parse(row.components) as Component[],
    created_time: row.created_time,
    last_modified_time: row.last_modified_time,
  };
}

/** Components bound to saved reports must name reports of this org. */
async function checkComponents(
  db: Kysely<Database>,
  orgId: string,
  inputs: ComponentInput[],
  newId: () => string,
): Promise<Component[]> {
  if (inputs.length > MAX_COMPONENTS) {
    throw appError('INVALID_INPUT', `A dashboard holds at most ${MAX_COMPONENTS} components.`);
  }
  const saved = inputs.map((c) => c.report_id).filter((r) => !isDefaultReportKey(r));
  if (saved.length > 0) {
    const found = await db
      .selectFrom('analytics_reports')
      .select('report_id')
      .where('org_id', '=', orgId)
      .where('report_id', 'in', saved)
      .execute();
    const known = new Set(found.map((r) => r.report_id));
    const missing = saved.find((r) => !known.has(r));
    if (missing) throw appError('ANALYTICS_REPORT_NOT_FOUND', `Report "${missing}" does not exist.`);
  }
  const seen = new Set<string>();
  return inputs.map((c) => {
    const id = c.component_id ?? newId();
    if (seen.has(id)) throw appError('INVALID_INPUT', `component_id "${id}" appears twice.`);
    seen.add(id);
    return {
      component_id: id,
      component_type: c.component_type,
      title: c.title,
      report_id: c.report_id,
      measure: c.measure ?? null,
    };
  });
}

export async function ensureDefaultDashboard(
  db: Kysely<Database>,
  orgId: string,
  ctx: { now: Date; ids: () => string },
): Promise<void> {
  const time = ctx.now.toISOString();
  await db
    .insertInto('analytics_dashboards')
    .values({
      dashboard_id: ctx.ids(),
      org_id: orgId,
      dashboard_name: 'Deal spend',
      default_key: 'default',
      components: JSON.stringify(DEFAULT_COMPONENTS.map((c) => ({ component_id: ctx.ids(), ...c }))),
      created_time: time,
      last_modified_time: time,
    })
    .onConflict((oc) => oc.columns(['org_id', 'default_key']).doNothing())
    .execute();
}

export async function listDashboards(
  db: Kysely<Database>,
  orgId: string,
  ctx: { now: Date; ids: () => string },
): Promise<Dashboard[]> {
  const exists = await db
    .selectFrom('analytics_dashboards')
    .select('dashboard_id')
    .where('org_id', '=', orgId)
    .where('default_key', '=', 'default')
    .executeTakeFirst();
  if (!exists) await ensureDefaultDashboard(db, orgId, ctx);
  const rows = await db
    .selectFrom('analytics_dashboards')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_time')
    .orderBy('dashboard_id')
    .execute();
  // The default dashboard first, the rest in creation order.
  return rows.map(toDashboard).sort((a, b) => Number(b.is_default) - Number(a.is_default));
}

export async function getDashboard(
  db: Kysely<Database>,
  orgId: string,
  dashboardId: string,
): Promise<Dashboard> {
  const row = await db
    .selectFrom('analytics_dashboards')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('dashboard_id', '=', dashboardId)
    .executeTakeFirst();
  if (!row) throw appError('DASHBOARD_NOT_FOUND');
  return toDashboard(row);
}

export async function createDashboard(
  db: Kysely<Database>,
  orgId: string,
  input: { dashboard_name: string; components?: ComponentInput[] | undefined },
  ctx: { now: Date; ids: () => string },
): Promise<Dashboard> {
  const components = await checkComponents(db, orgId, input.components ?? [], ctx.ids);
  const time = ctx.now.toISOString();
  const id = ctx.ids();
  await db
    .insertInto('analytics_dashboards')
    .values({
      dashboard_id: id,
      org_id: orgId,
      dashboard_name: input.dashboard_name,
      default_key: null,
      components: JSON.stringify(components),
      created_time: time,
      last_modified_time: time,
    })
    .execute();
  return getDashboard(db, orgId, id);
}

export async function updateDashboard(
  db: Kysely<Database>,
  orgId: string,
  dashboardId: string,
  changes: { dashboard_name?: string | undefined; components?: ComponentInput[] | undefined },
  ctx: { now: Date; ids: () => string; expected?: string | undefined },
): Promise<Dashboard> {
  const current = await getDashboard(db, orgId, dashboardId);
  assertFresh(ctx.expected, current.last_modified_time);
  const components = changes.components
    ? await checkComponents(db, orgId, changes.components, ctx.ids)
    : current.components;
  const result = await db
    .updateTable('analytics_dashboards')
    .set({
      dashboard_name: changes.dashboard_name ?? current.dashboard_name,
      components: JSON.stringify(components),
      last_modified_time: nextModifiedTime(ctx.now, current.last_modified_time),
    })
    .where('org_id', '=', orgId)
    .where('dashboard_id', '=', dashboardId)
    .where('last_modified_time', '=', current.last_modified_time)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
  return getDashboard(db, orgId, dashboardId);
}

/** "Add Component": appends one component. */
export async function addComponent(
  db: Kysely<Database>,
  orgId: string,
  dashboardId: string,
  input: ComponentInput,
  ctx: { now: Date; ids: () => string },
): Promise<Dashboard> {
  const current = await getDashboard(db, orgId, dashboardId);
  const components: ComponentInput[] = [...current.components, { ...input, component_id: undefined }];
  return updateDashboard(
    db,
    orgId,
    dashboardId,
    { components },
    { ...ctx, expected: current.last_modified_time },
  );
}

export async function removeComponent(
  db: Kysely<Database>,
  orgId: string,
  dashboardId: string,
  componentId: string,
  ctx: { now: Date; ids: () => string },
): Promise<Dashboard> {
  const current = await getDashboard(db, orgId, dashboardId);
  if (!current.components.some((c) => c.component_id === componentId))
    throw appError('DASHBOARD_COMPONENT_NOT_FOUND');
  const components = current.components.filter((c) => c.component_id !== componentId);
  return updateDashboard(
    db,
    orgId,
    dashboardId,
    { components },
    { ...ctx, expected: current.last_modified_time },
  );
}

export async function deleteDashboard(
  db: Kysely<Database>,
  orgId: string,
  dashboardId: string,
): Promise<void> {
  const current = await getDashboard(db, orgId, dashboardId);
  if (current.is_default) throw appError('DEFAULT_DASHBOARD_UNDELETABLE');
  await db
    .deleteFrom('analytics_dashboards')
    .where('org_id', '=', orgId)
    .where('dashboard_id', '=', dashboardId)
    .execute();
}
