import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  departments,
  evaluationAssignments,
  evaluationCampaigns,
  evaluationRatings,
  orgUnits,
} from '../../schema';
import type { ServiceContext } from '../auth/context';
import { systemActor } from '../platform/context';
import { shiftDay, todayIn } from '../platform/dates';
import { type Database, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { createCampaign, createStation } from './campaigns.service';
import { closeCampaign } from './results.service';
import { createSurvey, enterAnswers } from './surveys.service';
import { TEMPLATES } from './templates';

const DAY = 86_400_000;

/** A deterministic 0..1 from a text (sample scores differ by subject without randomness). */
function unit(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return ((hash >>> 0) % 1000) / 1000;
}

/** The half year before today's: Jan–Jun or Jul–Dec. */
function lastHalfYear(today: string): { start: string; end: string } {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) > 6
    ? { start: `${year}-01-01`, end: `${year}-06-30` }
    : { start: `${year - 1}-07-01`, end: `${year - 1}-12-31` };
}

/**
 * A sealed sample campaign for a city that has none (local runs, `npm start`), all marked as
 * samples: the seeds describe the scheme (two-way, half-yearly, the street's ≥ 50 % over a stationed
 * agency, a third-party survey) but give no scores, so the ratings and survey answers are invented.
 * 城管's squad is stationed in the first street (or community); three communities are surveyed.
 */
export async function seedSampleEvaluation(db: Database, tenant: TenantRow, now: Date): Promise<number> {
  const [existing] = await db
    .select({ id: evaluationCampaigns.id })
    .from(evaluationCampaigns)
    .where(eq(evaluationCampaigns.tenantId, tenant.id))
    .limit(1);
  if (existing) return 0;
  const opened = new Date(now.getTime() - 30 * DAY);
  const ctx: ServiceContext = { db, tenant, actor: systemActor('demo-seed'), now: () => opened };
  const places = await db
    .select({ id: orgUnits.id, level: orgUnits.level, nameZh: orgUnits.nameZh, nameEn: orgUnits.nameEn })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.tenantId, tenant.id),
        isNull(orgUnits.validTo),
        inArray(orgUnits.level, ['street', 'community']),
      ),
    )
    .orderBy(asc(orgUnits.code));
  const streets = places.filter((place) => place.level === 'street');
  const communities = places.filter((place) => place.level === 'community');
  const host = streets[0] ?? communities[0];
  const [urban] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, tenant.id), eq(departments.key, 'urban_management')));
  if (!host || !urban) return 0;
  await createStation(ctx, {
    departmentId: urban.id,
    hostUnitId: host.id,
    name: {
      zh: `${urban.nameZh}派驻${host.nameZh}执法队（示例）`,
      en: `${urban.nameEn} squad at ${host.nameEn} (sample)`,
    },
    sample: true,
  });
  const period = lastHalfYear(todayIn(tenant.timezone, now));
  const campaign = await createCampaign(ctx, {
    title: {
      zh: `${period.start.slice(0, 7)} 至 ${period.end.slice(0, 7)} 双向考核（示例）`,
      en: `Two-way evaluation ${period.start} to ${period.end} (sample)`,
    },
    template: 'haidian',
    scheme: { ...TEMPLATES.haidian, aboveLevel: 'district' },
    periodStart: period.start,
    periodEnd: period.end,
    opensAt: opened.toISOString(),
    closesAt: new Date(now.getTime() - DAY).toISOString(),
    subjects: { levels: streets.length ? ['street'] : ['community'], departments: true, stations: true },
    sample: true,
  });
  await withTenant({ db, tenantId: tenant.id }, async (tx) => {
    const assignments = await tx
      .select()
      .from(evaluationAssignments)
      .where(eq(evaluationAssignments.campaignId, campaign.id));
    // Six sample raters per assignment, so the page shows parts above the small-count threshold.
    const rows = assignments.flatMap((assignment) =>
      Array.from({ length: 6 }, (_, i) => {
        const base = 70 + Math.round(25 * unit(`${assignment.subjectId}:${i}`));
        return {
          tenantId: tenant.id,
          campaignId: campaign.id,
          assignmentId: assignment.id,
          raterRef: `system:sample-rater-${i}`,
          scores: { results: base, service: Math.min(100, base + 3), cooperation: Math.max(0, base - 2) },
          comment: '示例评价',
          createdAt: opened,
          updatedAt: opened,
        };
      }),
    );
    for (let start = 0; start < rows.length; start += 500)
      await tx.insert(evaluationRatings).values(rows.slice(start, start + 500));
  });
  for (const community of communities.slice(0, 3)) {
    const { survey } = await createSurvey(ctx, {
      campaignId: campaign.id,
      orgUnitId: community.id,
      title: {
        zh: `${community.nameZh}居民满意度调查（示例）`,
        en: `${community.nameEn} residents' satisfaction survey (sample)`,
      },
      questions: [
        {
          code: 'overall',
          text: { zh: '对社区服务总体满意吗？', en: 'Overall satisfaction with community services' },
        },
        {
          code: 'urban',
          text: { zh: '对城管执法满意吗？', en: 'Satisfaction with urban management' },
          departmentId: urban.id,
        },
      ],
      sampleSize: 60,
      fieldedOn: shiftDay(period.end, -10),
    });
    const responses = Array.from({ length: 60 }, (_, i) => ({
      overall: 2 + Math.round(3 * unit(`${community.id}:${i}`)),
      urban: 1 + Math.round(4 * unit(`${community.id}:u${i}`)),
    }));
    await enterAnswers(ctx, survey.id, responses);
  }
  await closeCampaign({ ...ctx, now: () => now }, campaign.id);
  return 1;
}
