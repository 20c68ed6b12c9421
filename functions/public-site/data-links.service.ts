import { and, eq, type SQL, sql } from 'drizzle-orm';
import {
  type ComponentStatus,
  dataLinkComponents,
  dataLinkDays,
  departments,
  statusIncidents,
  statusIncidentUpdates,
  tenants,
} from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { systemActor } from '../platform/context';
import { todayIn } from '../platform/dates';
import { type Database, type Transaction, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { rollUpSharingDays } from './sharing-days.service';

/** What the sweep measures for one department's data link. */
export interface LinkSignals {
  /** Has an API client or a webhook subscription: something to be healthy or not. */
  connected: boolean;
  /** Webhook deliveries failing right now (pending after at least one failed attempt). */
  failing: number;
  /** How long the oldest failing delivery has been failing (seconds), or null. */
  failingForSeconds: number | null;
  /** Dead letters of the last 7 days not replayed. */
  dead: number;
  /** Deliveries that succeeded in the last 24 hours. */
  delivered24h: number;
  /** Age of the oldest undelivered delivery (seconds), or null: the webhook lag. */
  lagSeconds: number | null;
  /** failing / (failing + delivered24h), or null when nothing was sent. */
  errorRate: number | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
}

/**
 * The thresholds, in one place (README "Data-link status"). Time since the last push or pull is
 * shown, not judged: a department may simply have had nothing to send.
 */
export const THRESHOLDS = {
  degradedLagSeconds: 10 * 60,
  outageFailingSeconds: 30 * 60,
  degradedErrorRate: 0.05,
  outageErrorRate: 0.5,
  errorRateMinimum: 20,
} as const;

export function statusFromSignals(s: LinkSignals): ComponentStatus {
  const enoughForRate = s.failing + s.delivered24h >= THRESHOLDS.errorRateMinimum;
  if (s.dead > 0) return 'outage';
  if (s.failingForSeconds !== null && s.failingForSeconds >= THRESHOLDS.outageFailingSeconds) return 'outage';
  if (enoughForRate && (s.errorRate ?? 0) >= THRESHOLDS.outageErrorRate) return 'outage';
  if (s.failing > 0) return 'degraded';
  if (s.lagSeconds !== null && s.lagSeconds >= THRESHOLDS.degradedLagSeconds) return 'degraded';
  if (enoughForRate && (s.errorRate ?? 0) >= THRESHOLDS.degradedErrorRate) return 'degraded';
  return 'operational';
}

const severity: Record<ComponentStatus, number> = { operational: 0, degraded: 1, outage: 2 };

type SignalRow = {
  department_id: string;
  connected: boolean;
  failing: number;
  failing_since: string | Date | null;
  dead: number;
  delivered_24h: number;
  oldest_pending: string | Date | null;
  last_push_at: string | Date | null;
  last_pull_at: string | Date | null;
};

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
const secondsSince = (now: Date, value: string | Date | null) =>
  value === null ? null : Math.max(0, Math.round((now.getTime() - new Date(value).getTime()) / 1000));

/**
 * Whether a department is connected: it holds an API key that works now (neither revoked nor
 * expired) or an active webhook subscription. A client created with no key, or whose keys were all
 * revoked, connects nothing — the status page and the statistics must not count it.
 */
export function connectedDepartment(tenantId: SQL, departmentId: SQL, now: Date): SQL {
  const at = now.toISOString();
  return sql`(exists (select 1 from api_clients c join api_keys k on k.tenant_id = c.tenant_id and k.client_id = c.id
                        where c.tenant_id = ${tenantId} and c.department_id = ${departmentId}
                          and k.revoked_at is null and (k.expires_at is null or k.expires_at > ${at}::timestamptz))
            or exists (select 1 from webhook_subscriptions s where s.tenant_id = ${tenantId}
                        and s.department_id = ${departmentId} and s.status = 'active'))`;
}

/** Reads every department's signals for one city in one query. */
export async function measureSignals(
  tx: Transaction,
  tenantId: string,
  now: Date,
): Promise<Map<string, LinkSignals>> {
  const at = now.toISOString();
  // Last push and pull: one grouped scan each (not one scan per department).
  const result = await tx.execute(sql`
    with pulls as (
      select a.department_id, max(a.occurred_at) as last_pull_at
        from access_log a where a.tenant_id = ${tenantId} and a.department_id is not null
       group by a.department_id),
    pushes as (
      select dd.owner_department_id as department_id, max(e.occurred_at) as last_push_at
        from change_events e
        join data_domains dd on dd.tenant_id = e.tenant_id and dd.key = e.domain_key
       where e.tenant_id = ${tenantId}
       group by dd.owner_department_id)
    select d.id as department_id,
           ${connectedDepartment(sql`d.tenant_id`, sql`d.id`, now)} as connected,
           coalesce(w.failing, 0)::int as failing, w.failing_since,
           coalesce(w.dead, 0)::int as dead, coalesce(w.delivered_24h, 0)::int as delivered_24h,
           w.oldest_pending, pu.last_push_at, pl.last_pull_at
      from departments d
      left join pushes pu on pu.department_id = d.id
      left join pulls pl on pl.department_id = d.id
      left join lateral (
        select count(*) filter (where x.status = 'pending' and x.last_error is not null) as failing,
               min(x.first_attempt_at) filter (where x.status = 'pending' and x.last_error is not null) as failing_since,
               count(*) filter (where x.status = 'dead' and x.created_at >= ${at}::timestamptz - interval '7 days') as dead,
               count(*) filter (where x.status = 'delivered' and x.delivered_at >= ${at}::timestamptz - interval '24 hours') as delivered_24h,
               min(x.created_at) filter (where x.status = 'pending') as oldest_pending
          from webhook_deliveries x
          join webhook_subscriptions s on s.id = x.subscription_id
         where x.tenant_id = d.tenant_id and s.department_id = d.id
      ) w on true
     where d.tenant_id = ${tenantId}`);
  const rows = (result as unknown as { rows: SignalRow[] }).rows;
  return new Map(
    rows.map((row) => {
      const failing = Number(row.failing);
      const delivered = Number(row.delivered_24h);
      return [
        row.department_id,
        {
          connected: Boolean(row.connected),
          failing,
          failingForSeconds: failing > 0 ? secondsSince(now, row.failing_since) : null,
          dead: Number(row.dead),
          delivered24h: delivered,
          lagSeconds: secondsSince(now, row.oldest_pending),
          errorRate: failing + delivered > 0 ? failing / (failing + delivered) : null,
          lastPushAt: iso(row.last_push_at),
          lastPullAt: iso(row.last_pull_at),
        },
      ];
    }),
  );
}

export interface StatusSweepDeps {
  db: Database;
  now: () => Date;
}

export interface StatusSweepReport {
  checked: number;
  changed: number;
  incidentsOpened: number;
  incidentsResolved: number;
  /** Closed days rolled into the sharing statistics (`sharing_days`), over all cities. */
  daysRolledUp: number;
}

const SWEEP_ACTOR = systemActor('status-sweep');

/**
 * The status sweep (runs after the webhook sweep): recomputes each connected department's
 * component from its signals, records the day's worst status, and opens, escalates or resolves
 * the automatic incident when a threshold is crossed. One transaction per city; the component
 * rows are locked, so overlapping sweeps take turns instead of opening the same incident twice.
 */
export async function runStatusSweep(deps: StatusSweepDeps): Promise<StatusSweepReport> {
  const report: StatusSweepReport = {
    checked: 0,
    changed: 0,
    incidentsOpened: 0,
    incidentsResolved: 0,
    daysRolledUp: 0,
  };
  const all = await deps.db.select().from(tenants);
  for (const tenant of all) {
    await withTenant({ db: deps.db, tenantId: tenant.id }, (tx) => sweepCity(tx, tenant, deps.now(), report));
  }
  return report;
}

async function sweepCity(tx: Transaction, tenant: TenantRow, now: Date, report: StatusSweepReport) {
  // Serialize sweeps per city: the advisory lock lasts until this transaction ends.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('status-sweep'), hashtext(${tenant.id}))`);
  report.daysRolledUp += await rollUpSharingDays(tx, tenant, now);
  const signals = await measureSignals(tx, tenant.id, now);
  const existing = await tx
    .select()
    .from(dataLinkComponents)
    .where(eq(dataLinkComponents.tenantId, tenant.id));
  const names = await tx
    .select({ id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn })
    .from(departments)
    .where(eq(departments.tenantId, tenant.id));
  const day = todayIn(tenant.timezone, now);
  for (const [departmentId, measured] of signals) {
    const before = existing.find((row) => row.departmentId === departmentId);
    if (!measured.connected && !before) continue;
    report.checked += 1;
    const status = statusFromSignals(measured);
    const stored = { ...measured, connected: measured.connected ? 1 : 0 } as Record<
      string,
      number | string | null
    >;
    if (!before) {
      await tx.insert(dataLinkComponents).values({
        tenantId: tenant.id,
        departmentId,
        status,
        signals: stored,
        updatedAt: now,
        checkedAt: now,
      });
    } else {
      await tx
        .update(dataLinkComponents)
        .set({
          status,
          signals: stored,
          checkedAt: now,
          ...(before.status !== status ? { updatedAt: now } : {}),
        })
        .where(
          and(eq(dataLinkComponents.tenantId, tenant.id), eq(dataLinkComponents.departmentId, departmentId)),
        );
    }
    await tx
      .insert(dataLinkDays)
      .values({ tenantId: tenant.id, departmentId, day, worst: status })
      .onConflictDoUpdate({
        target: [dataLinkDays.tenantId, dataLinkDays.departmentId, dataLinkDays.day],
        set: { worst: status },
        setWhere: sql`case ${dataLinkDays.worst} when 'outage' then 2 when 'degraded' then 1 else 0 end < ${severity[status]}`,
      });
    const old = before?.status ?? 'operational';
    if (old === status) continue;
    report.changed += 1;
    const name = names.find((row) => row.id === departmentId) ?? { nameZh: '', nameEn: '' };
    const outcome = await followIncident(tx, tenant.id, now, { departmentId, name, old, status, measured });
    if (outcome === 'opened') report.incidentsOpened += 1;
    if (outcome === 'resolved') report.incidentsResolved += 1;
  }
}

const deliveries = (n: number) => (n === 1 ? '1 webhook delivery' : `${n} webhook deliveries`);

/** An incident's words for what the sweep measured (exported for its tests). */
export function describeLink(measured: LinkSignals): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (measured.dead > 0) {
    zh.push(`${measured.dead} 条推送重试 72 小时后仍失败`);
    en.push(`${deliveries(measured.dead)} still failing after 72 hours of retries`);
  }
  if (measured.failing > 0) {
    const minutes = Math.floor((measured.failingForSeconds ?? 0) / 60);
    const failing = deliveries(measured.failing);
    if (minutes < 1) {
      zh.push(`${measured.failing} 条推送投递失败（不到 1 分钟）`);
      en.push(`${failing} failing for less than a minute`);
    } else {
      zh.push(`${measured.failing} 条推送投递失败，已持续 ${minutes} 分钟`);
      en.push(`${failing} failing for ${minutes} min`);
    }
  }
  if (measured.lagSeconds !== null && measured.lagSeconds >= THRESHOLDS.degradedLagSeconds) {
    zh.push(`推送延迟 ${Math.round(measured.lagSeconds / 60)} 分钟`);
    en.push(`delivery lag ${Math.round(measured.lagSeconds / 60)} min`);
  }
  if (zh.length === 0) return { zh: '数据链路已恢复正常。', en: 'The data link is working normally again.' };
  return { zh: `${zh.join('；')}。`, en: `${en.join('; ')}.` };
}

async function followIncident(
  tx: Transaction,
  tenantId: string,
  now: Date,
  change: {
    departmentId: string;
    name: { nameZh: string; nameEn: string };
    old: ComponentStatus;
    status: ComponentStatus;
    measured: LinkSignals;
  },
): Promise<'opened' | 'updated' | 'resolved' | 'none'> {
  const [open] = await tx
    .select()
    .from(statusIncidents)
    .where(
      and(
        eq(statusIncidents.tenantId, tenantId),
        eq(statusIncidents.automatic, true),
        sql`${statusIncidents.resolvedAt} is null`,
        sql`${change.departmentId}::uuid = any(${statusIncidents.departmentIds})`,
      ),
    )
    .limit(1);
  const affected = [{ departmentId: change.departmentId, old: change.old, new: change.status }];
  const body = describeLink(change.measured);
  const impact = change.status === 'outage' ? 'major' : 'minor';
  if (!open) {
    if (change.status === 'operational') return 'none';
    const [incident] = await tx
      .insert(statusIncidents)
      .values({
        tenantId,
        nameZh: `${change.name.nameZh}数据链路${change.status === 'outage' ? '中断' : '性能下降'}`,
        nameEn: `${change.name.nameEn} data link ${change.status === 'outage' ? 'outage' : 'degraded'}`,
        status: 'investigating',
        impact,
        departmentIds: [change.departmentId],
        automatic: true,
        startedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!incident) throw new Error('insert returned no row');
    await tx.insert(statusIncidentUpdates).values({
      tenantId,
      incidentId: incident.id,
      status: 'investigating',
      bodyZh: body.zh,
      bodyEn: body.en,
      affected,
      createdAt: now,
    });
    await appendAudit(
      tx,
      tenantId,
      {
        actor: SWEEP_ACTOR,
        action: 'incident.open',
        targetType: 'incident',
        targetId: incident.id,
        details: { affected },
      },
      now,
    );
    return 'opened';
  }
  const resolved = change.status === 'operational';
  const status = resolved ? 'resolved' : 'identified';
  await tx
    .update(statusIncidents)
    .set({
      status,
      updatedAt: now,
      ...(resolved ? { resolvedAt: now } : {}),
      ...(change.status === 'outage'
        ? {
            impact: 'major' as const,
            nameZh: `${change.name.nameZh}数据链路中断`,
            nameEn: `${change.name.nameEn} data link outage`,
          }
        : {}),
    })
    .where(eq(statusIncidents.id, open.id));
  await tx.insert(statusIncidentUpdates).values({
    tenantId,
    incidentId: open.id,
    status,
    bodyZh: body.zh,
    bodyEn: body.en,
    affected,
    createdAt: now,
  });
  await appendAudit(
    tx,
    tenantId,
    {
      actor: SWEEP_ACTOR,
      action: resolved ? 'incident.resolve' : 'incident.update',
      targetType: 'incident',
      targetId: open.id,
      details: { affected },
    },
    now,
  );
  return resolved ? 'resolved' : 'updated';
}
