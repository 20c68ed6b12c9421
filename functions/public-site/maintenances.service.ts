import { and, asc, eq, gte, isNotNull, isNull, or } from 'drizzle-orm';
import { statusIncidents, statusIncidentUpdates } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { type Bilingual, checkDepartments, type IncidentWithUpdates, withUpdates } from './incidents.service';
import { statusErrors } from './public-site.errors';

/**
 * Scheduled maintenance of a data link, as Statuspage has it: announced with its window
 * (`scheduled`), then `in_progress`, `verifying` and `completed`; while it is in progress its
 * components show `under_maintenance`. Stored with the incidents (same updates, same audit), told
 * apart by `scheduled_for`.
 */
export async function scheduleMaintenance(
  ctx: ServiceContext,
  input: {
    name: Bilingual;
    departmentIds: string[];
    scheduledFor: Date;
    scheduledUntil: Date;
    body: Bilingual;
  },
): Promise<IncidentWithUpdates> {
  refuseUnsafeText({ name: input.name, body: input.body }, { multiline: ['body'] });
  if (input.scheduledUntil <= input.scheduledFor) throw statusErrors.maintenanceWindow('scheduledUntil');
  if (input.scheduledUntil <= ctx.now()) throw statusErrors.maintenanceWindow('scheduledUntil');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    await checkDepartments(tx, ctx.tenant.id, input.departmentIds);
    const now = ctx.now();
    const [maintenance] = await tx
      .insert(statusIncidents)
      .values({
        tenantId: ctx.tenant.id,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        status: 'scheduled',
        impact: 'maintenance',
        departmentIds: input.departmentIds,
        automatic: false,
        startedAt: input.scheduledFor,
        scheduledFor: input.scheduledFor,
        scheduledUntil: input.scheduledUntil,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!maintenance) throw new Error('insert returned no row');
    const [update] = await tx
      .insert(statusIncidentUpdates)
      .values({
        tenantId: ctx.tenant.id,
        incidentId: maintenance.id,
        status: 'scheduled',
        bodyZh: input.body.zh,
        bodyEn: input.body.en,
        createdAt: now,
      })
      .returning();
    if (!update) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'maintenance.schedule',
      { type: 'incident', id: maintenance.id },
      {
        departmentIds: input.departmentIds,
        scheduledFor: input.scheduledFor.toISOString(),
        scheduledUntil: input.scheduledUntil.toISOString(),
      },
    );
    return { incident: maintenance, updates: [update] };
  });
}

/**
 * A city's maintenances the status page shows: every one not completed, and those completed in the
 * last `recentDays` days, soonest first, with their updates (newest first).
 */
export async function loadMaintenances(
  tx: Transaction,
  tenantId: string,
  now: Date,
  recentDays = 7,
): Promise<IncidentWithUpdates[]> {
  const since = new Date(now.getTime() - recentDays * 86_400_000);
  const rows = await tx
    .select()
    .from(statusIncidents)
    .where(
      and(
        eq(statusIncidents.tenantId, tenantId),
        isNotNull(statusIncidents.scheduledFor),
        or(isNull(statusIncidents.resolvedAt), gte(statusIncidents.resolvedAt, since)),
      ),
    )
    .orderBy(asc(statusIncidents.scheduledFor))
    .limit(50);
  return withUpdates(tx, tenantId, rows);
}

export const isMaintenance = (row: { scheduledFor: Date | null }) => row.scheduledFor !== null;
/** In progress (or being verified): its components show `under_maintenance`. */
export const isActiveMaintenance = (row: { scheduledFor: Date | null; status: string }) =>
  row.scheduledFor !== null && (row.status === 'in_progress' || row.status === 'verifying');
export const isUpcomingMaintenance = (row: { scheduledFor: Date | null; status: string }) =>
  row.scheduledFor !== null && row.status === 'scheduled';
