import { z } from '@hono/zod-openapi';
import type { ComponentStatus } from '../../schema';
import { type Bilingual, inLang, nameIn } from '../platform/bilingual';
import type { TenantRow } from '../platform/tenancy';
import type { IncidentWithUpdates } from './incidents.service';
import { isActiveMaintenance, isUpcomingMaintenance } from './maintenances.service';
import {
  type ComponentView,
  overallIndicator,
  type StatusModel,
  statusPageTitle,
} from './public-site.service';

/**
 * Atlassian Statuspage's public API v2 (`/api/v2/summary.json` and friends), field for field, so
 * existing status aggregators and widgets read a city's data links without changes.
 */

const COMPONENT_STATUS: Record<ComponentStatus, string> = {
  operational: 'operational',
  degraded: 'degraded_performance',
  outage: 'major_outage',
};

/**
 * Statuspage's descriptions of its page indicator. `minor` is reached by a degraded component or by
 * a minor incident alone, so the Chinese words say "slightly affected", not "degraded".
 */
const INDICATOR_DESCRIPTION = {
  zh: {
    none: '所有数据链路运行正常',
    minor: '数据链路轻微受影响',
    major: '部分数据链路中断',
    critical: '数据链路大范围中断',
  },
  en: {
    none: 'All Systems Operational',
    minor: 'Minor Service Outage',
    major: 'Partial System Outage',
    critical: 'Major Service Outage',
  },
} as const;

export type StatuspageLang = 'zh' | 'en';

export const SpPage = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: z.string(),
  })
  .openapi('StatuspagePage');
export const SpStatus = z
  .object({
    indicator: z.enum(['none', 'minor', 'major', 'critical']),
    description: z
      .string()
      .openapi({ description: "Statuspage's own words, in English, as its clients expect." }),
    description_zh: z
      .string()
      .optional()
      .openapi({ description: 'The same in Chinese (when `lang` is zh).' }),
  })
  .openapi('StatuspageStatus');
export const SpComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum([
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    ]),
    created_at: z.string(),
    updated_at: z.string(),
    position: z.number().int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
  })
  .openapi('StatuspageComponent');
export const SpIncidentUpdate = z
  .object({
    id: z.string(),
    status: z.string(),
    body: z.string(),
    incident_id: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    display_at: z.string(),
    affected_components: z
      .array(z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() }))
      .nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  })
  .openapi('StatuspageIncidentUpdate');
export const SpIncident = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
    created_at: z.string(),
    updated_at: z.string(),
    monitoring_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    impact: z.enum(['none', 'minor', 'major', 'critical']),
    shortlink: z.string(),
    started_at: z.string(),
    page_id: z.string(),
    incident_updates: z.array(SpIncidentUpdate),
    components: z.array(SpComponent),
  })
  .openapi('StatuspageIncident');
export const SpMaintenance = SpIncident.extend({
  status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
  impact: z.enum(['none', 'maintenance', 'minor', 'major', 'critical']),
  scheduled_for: z.string(),
  scheduled_until: z.string(),
}).openapi('StatuspageScheduledMaintenance');

export function presentStatuspage(
  tenant: TenantRow,
  model: StatusModel,
  origin: string,
  lang: StatuspageLang,
) {
  const base = `${origin}/t/${tenant.slug}`;
  const pageId = tenant.id;
  const pick = (value: Bilingual) => inLang(lang, value);
  const underMaintenance = new Set(
    model.maintenances
      .filter((m) => isActiveMaintenance(m.incident))
      .flatMap((m) => m.incident.departmentIds),
  );
  const caseWords = (name: string) => (lang === 'zh' ? `${name}案件办理` : `${name} case handling`);
  const component = (c: ComponentView) => ({
    id: c.id ?? c.departmentId,
    name: c.kind === 'case_handling' ? caseWords(pick(c.name)) : pick(c.name),
    // A data link under maintenance says so, unless it is worse off than that.
    status:
      c.kind !== 'case_handling' && underMaintenance.has(c.departmentId) && c.status === 'operational'
        ? 'under_maintenance'
        : COMPONENT_STATUS[c.status],
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    position: c.position,
    description:
      c.kind === 'case_handling'
        ? lang === 'zh'
          ? `${c.name.zh}近 90 天办结案件的按时办结率`
          : `Share of cases closed on time by ${c.name.en} over 90 days`
        : lang === 'zh'
          ? `${c.name.zh}与共享接口的数据链路`
          : `Data link between ${c.name.en} and the sharing API`,
    showcase: true,
    start_date: c.createdAt.toISOString().slice(0, 10),
    group_id: null,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  });
  const byId = new Map(model.components.map((c) => [c.departmentId, c]));
  const incident = ({ incident: row, updates }: IncidentWithUpdates) => ({
    id: row.id,
    name: nameIn(lang, row),
    status: row.status,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    monitoring_at: row.monitoringAt?.toISOString() ?? null,
    resolved_at: row.resolvedAt?.toISOString() ?? null,
    impact: row.impact,
    shortlink: `${base}/status#incident-${row.id}`,
    started_at: row.startedAt.toISOString(),
    page_id: pageId,
    incident_updates: updates.map((update) => ({
      id: update.id,
      status: update.status,
      body: nameIn(lang, update, 'body'),
      incident_id: row.id,
      created_at: update.createdAt.toISOString(),
      updated_at: update.createdAt.toISOString(),
      display_at: update.createdAt.toISOString(),
      affected_components:
        update.affected.length === 0
          ? null
          : update.affected.map((a) => ({
              code: a.departmentId,
              name: byId.get(a.departmentId)
                ? pick((byId.get(a.departmentId) as ComponentView).name)
                : a.departmentId,
              old_status: COMPONENT_STATUS[a.old as ComponentStatus] ?? a.old,
              new_status: COMPONENT_STATUS[a.new as ComponentStatus] ?? a.new,
            })),
      deliver_notifications: false,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: row.departmentIds.flatMap((id) => {
      const found = byId.get(id);
      return found ? [component(found)] : [];
    }),
  });
  const indicator = overallIndicator(model);
  const page = {
    id: pageId,
    name: statusPageTitle(tenant, lang),
    url: `${base}/status`,
    time_zone: tenant.timezone,
    updated_at: model.updatedAt.toISOString(),
  };
  // Statuspage's own words (clients match on them) in every language; the HTML page says it in Chinese.
  const status = { indicator, description: INDICATOR_DESCRIPTION.en[indicator] };
  // Departments' case handling shows as components too; the page indicator stays the data links'.
  const components = [...model.components, ...model.caseComponents].map(component);
  const incidents = model.incidents.map(incident);
  const maintenance = (item: IncidentWithUpdates) => ({
    ...incident(item),
    scheduled_for: item.incident.scheduledFor?.toISOString() ?? '',
    scheduled_until: item.incident.scheduledUntil?.toISOString() ?? '',
  });
  const upcoming = model.maintenances.filter((m) => isUpcomingMaintenance(m.incident)).map(maintenance);
  const active = model.maintenances.filter((m) => isActiveMaintenance(m.incident)).map(maintenance);
  const unresolved = incidents.filter((i) => i.resolved_at === null);
  return {
    summary: {
      page,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming],
      status,
    },
    status: { page, status },
    components: { page, components },
    incidents: { page, incidents },
    'incidents/unresolved': { page, incidents: unresolved },
    'scheduled-maintenances': { page, scheduled_maintenances: model.maintenances.map(maintenance) },
    'scheduled-maintenances/upcoming': { page, scheduled_maintenances: upcoming },
    'scheduled-maintenances/active': { page, scheduled_maintenances: active },
  };
}
