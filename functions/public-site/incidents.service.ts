import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  departments,
  INCIDENT_STATUSES,
  type IncidentImpact,
  type IncidentStatus,
  MAINTENANCE_STATUSES,
  type MaintenanceStatus,
  statusIncidents,
  statusIncidentUpdates,
} from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { statusErrors } from './public-site.errors';

export type IncidentRow = typeof statusIncidents.$inferSelect;
export type IncidentUpdateRow = typeof statusIncidentUpdates.$inferSelect;
export interface IncidentWithUpdates {
  incident: IncidentRow;
  updates: IncidentUpdateRow[];
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** Refuses department ids that are not this city's, naming each (`departmentIds.<n>`). */
export async function checkDepartments(tx: Transaction, tenantId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), inArray(departments.id, ids)));
  const known = new Set(found.map((row) => row.id));
  const missing = ids.flatMap((id, index) => (known.has(id) ? [] : [`departmentIds.${index}`]));
  if (missing.length > 0) throw statusErrors.unknownDepartments(missing);
}

/** Incidents of a city, newest first, with their updates (newest first, as Statuspage orders them). */
export async function loadIncidents(
  tx: Transaction,
  tenantId: string,
  options: { limit: number; unresolvedOnly?: boolean; withMaintenances?: boolean },
): Promise<IncidentWithUpdates[]> {
  const incidents = await tx
    .select()
    .from(statusIncidents)
    .where(
      and(
        eq(statusIncidents.tenantId, tenantId),
        options.withMaintenances ? undefined : isNull(statusIncidents.scheduledFor),
        options.unresolvedOnly ? isNull(statusIncidents.resolvedAt) : undefined,
      ),
    )
    .orderBy(desc(statusIncidents.startedAt), desc(statusIncidents.createdAt))
    .limit(options.limit);
  return withUpdates(tx, tenantId, incidents);
}

/** Incidents (or maintenances) with their updates, newest first, read in one query. */
export async function withUpdates(
  tx: Transaction,
  tenantId: string,
  rows: IncidentRow[],
): Promise<IncidentWithUpdates[]> {
  if (rows.length === 0) return [];
  const updates = await tx
    .select()
    .from(statusIncidentUpdates)
    .where(
      and(
        eq(statusIncidentUpdates.tenantId, tenantId),
        inArray(
          statusIncidentUpdates.incidentId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .orderBy(desc(statusIncidentUpdates.createdAt));
  return rows.map((incident) => ({
    incident,
    updates: updates.filter((update) => update.incidentId === incident.id),
  }));
}

export async function listIncidents(ctx: ServiceContext): Promise<IncidentWithUpdates[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    return loadIncidents(tx, ctx.tenant.id, { limit: 200, withMaintenances: true });
  });
}

/** An administrator opens an incident (e.g. a department announced maintenance went wrong). */
export async function openIncident(
  ctx: ServiceContext,
  input: {
    name: Bilingual;
    impact: IncidentImpact;
    status: Exclude<IncidentStatus, 'resolved'>;
    departmentIds: string[];
    body: Bilingual;
  },
): Promise<IncidentWithUpdates> {
  refuseUnsafeText({ name: input.name, body: input.body }, { multiline: ['body'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    await checkDepartments(tx, ctx.tenant.id, input.departmentIds);
    const now = ctx.now();
    const [incident] = await tx
      .insert(statusIncidents)
      .values({
        tenantId: ctx.tenant.id,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        status: input.status,
        impact: input.impact,
        departmentIds: input.departmentIds,
        automatic: false,
        startedAt: now,
        monitoringAt: input.status === 'monitoring' ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!incident) throw new Error('insert returned no row');
    const [update] = await tx
      .insert(statusIncidentUpdates)
      .values({
        tenantId: ctx.tenant.id,
        incidentId: incident.id,
        status: input.status,
        bodyZh: input.body.zh,
        bodyEn: input.body.en,
        createdAt: now,
      })
      .returning();
    if (!update) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'incident.open',
        targetType: 'incident',
        targetId: incident.id,
        details: { impact: input.impact, status: input.status, departmentIds: input.departmentIds },
      },
      now,
    );
    return { incident, updates: [update] };
  });
}

/** Posts an update; status `resolved` resolves the incident. Automatic incidents may be updated too. */
export async function updateIncident(
  ctx: ServiceContext,
  incidentId: string,
  input: { status: IncidentStatus | MaintenanceStatus; body: Bilingual; impact?: IncidentImpact | undefined },
): Promise<IncidentWithUpdates> {
  refuseUnsafeText({ body: input.body }, { multiline: ['body'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    const [incident] = await tx
      .select()
      .from(statusIncidents)
      .where(and(eq(statusIncidents.tenantId, ctx.tenant.id), eq(statusIncidents.id, incidentId)))
      .for('update');
    if (!incident) throw statusErrors.incidentNotFound();
    if (incident.resolvedAt) throw statusErrors.incidentResolved();
    const maintenance = incident.scheduledFor !== null;
    const fits = maintenance
      ? (MAINTENANCE_STATUSES as readonly string[]).includes(input.status) && !input.impact
      : (INCIDENT_STATUSES as readonly string[]).includes(input.status);
    if (!fits) throw statusErrors.statusOfOtherKind(maintenance);
    const ends = input.status === 'resolved' || input.status === 'completed';
    const now = ctx.now();
    const [updated] = await tx
      .update(statusIncidents)
      .set({
        status: input.status,
        updatedAt: now,
        ...(input.impact ? { impact: input.impact } : {}),
        ...(input.status === 'monitoring' && !incident.monitoringAt ? { monitoringAt: now } : {}),
        ...(ends ? { resolvedAt: now } : {}),
      })
      .where(eq(statusIncidents.id, incident.id))
      .returning();
    await tx.insert(statusIncidentUpdates).values({
      tenantId: ctx.tenant.id,
      incidentId: incident.id,
      status: input.status,
      bodyZh: input.body.zh,
      bodyEn: input.body.en,
      createdAt: now,
    });
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: maintenance
          ? `maintenance.${input.status}`
          : input.status === 'resolved'
            ? 'incident.resolve'
            : 'incident.update',
        targetType: 'incident',
        targetId: incident.id,
        details: { status: input.status, ...(input.impact ? { impact: input.impact } : {}) },
      },
      now,
    );
    if (!updated) throw new Error('update returned no row');
    const updates = await tx
      .select()
      .from(statusIncidentUpdates)
      .where(eq(statusIncidentUpdates.incidentId, incident.id))
      .orderBy(desc(statusIncidentUpdates.createdAt));
    return { incident: updated, updates };
  });
}
