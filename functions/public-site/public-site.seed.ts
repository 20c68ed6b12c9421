import { and, asc, eq, sql } from 'drizzle-orm';
import { apiClients, departments, orgUnits, publishedStaff } from '../../schema';
import type { Scope } from '../auth/roles';
import { issueApiKey } from '../identity/api-keys.service';
import { todayIn } from '../platform/dates';
import { type Database, type Transaction, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { existsOn } from '../tenants/org-units.repository';

/**
 * Demo data for the public pages, all marked as samples: one community per city gets an address,
 * opening hours and a service catalog, and (where the city publishes the listing) three grid
 * staff; each department gets a sample data-exchange client so its data link shows on the status
 * page. Skips whatever exists, so it can run on every start.
 */
export async function seedPublicSite(tx: Transaction, tenant: TenantRow, now: Date): Promise<void> {
  const today = todayIn(tenant.timezone, now);
  const [community] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenant.id), eq(orgUnits.level, 'community'), existsOn(today)))
    .orderBy(asc(orgUnits.code))
    .limit(1);
  if (community && !community.attributes.publicSite) {
    await tx
      .update(orgUnits)
      .set({
        attributes: {
          ...community.attributes,
          publicSite: {
            sample: true,
            address: {
              zh: `${tenant.nameZh}${community.nameZh}党群服务中心一楼`,
              en: `Ground floor, party and public service center, ${community.nameEn}, ${tenant.nameEn}`,
            },
            hours: {
              zh: '周一至周五 8:30–12:00、14:00–17:30；周六上午值班',
              en: 'Mon–Fri 8:30–12:00 and 14:00–17:30; Saturday mornings on duty',
            },
            services: [
              { zh: '居住证申领受理', en: 'Residence permit applications' },
              { zh: '最低生活保障申请受理', en: 'Minimum living allowance applications' },
              { zh: '高龄津贴申领', en: 'Old-age allowance claims' },
              { zh: '就业失业登记', en: 'Employment and unemployment registration' },
              { zh: '城乡居民养老保险参保登记', en: 'Residents’ pension insurance enrolment' },
              { zh: '老年人优待证办理', en: 'Senior citizen concession cards' },
            ],
          },
        },
      })
      .where(eq(orgUnits.id, community.id));
  }
  if (community && tenant.structure.mechanisms.gridRealNameListing) {
    const [listed] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(publishedStaff)
      .where(and(eq(publishedStaff.tenantId, tenant.id), eq(publishedStaff.orgUnitId, community.id)));
    if (Number(listed?.n ?? 0) === 0) {
      const staff = [
        ['第一网格', 'Grid 1', '王芳', '网格长', 'Grid leader', '分机 101'],
        ['第二网格', 'Grid 2', '李强', '专职网格员', 'Full-time grid worker', '分机 102'],
        ['第三网格', 'Grid 3', '张敏', '专职网格员', 'Full-time grid worker', '分机 103'],
      ] as const;
      await tx.insert(publishedStaff).values(
        staff.map(([gridZh, gridEn, name, roleZh, roleEn, extension], position) => ({
          tenantId: tenant.id,
          orgUnitId: community.id,
          gridZh,
          gridEn,
          name,
          roleZh,
          roleEn,
          departmentZh: '社区服务中心',
          departmentEn: 'Community service center',
          contact: `${extension}`,
          position,
          sample: true,
        })),
      );
    }
  }
  const all = await tx.select().from(departments).where(eq(departments.tenantId, tenant.id));
  if (all.length > 0) {
    await tx
      .insert(apiClients)
      .values(
        all.map((department) => ({
          tenantId: tenant.id,
          departmentId: department.id,
          name: `${department.nameZh}数据交换（样例）`,
        })),
      )
      .onConflictDoNothing();
  }
}

/** What a demo department's key may do: read and write residents' data, the feed, grants and cases. */
const DEMO_SCOPES: Scope[] = [
  'residents:read',
  'residents:write',
  'feed:read',
  'grants:request',
  'grants:decide',
  'webhooks:manage',
  'cases:read',
  'cases:handle',
];

/**
 * Local demos only: a working key for each sample data-exchange client that has none, issued through
 * the same verb an administrator uses (audited), so a department counts as connected because it can
 * really call the API. Returns the new secrets (department key → secret) for the caller to hand to
 * the person running the demo; they are shown once and never stored in clear.
 */
export async function seedDemoKeys(
  db: Database,
  tenant: TenantRow,
  now: Date,
): Promise<Record<string, string>> {
  const ctx = { db, tenant, actor: { kind: 'platform', id: 'demo-seed' } as const, now: () => now };
  const clients = await withTenant({ db, tenantId: tenant.id }, (tx) =>
    tx
      .select({ id: apiClients.id, department: departments.key })
      .from(apiClients)
      .innerJoin(departments, eq(departments.id, apiClients.departmentId))
      .where(
        and(
          eq(apiClients.tenantId, tenant.id),
          sql`${apiClients.name} like '%（样例）'`,
          sql`not exists (select 1 from api_keys k where k.tenant_id = ${tenant.id} and k.client_id = ${apiClients.id})`,
        ),
      ),
  );
  const secrets: Record<string, string> = {};
  for (const client of clients) {
    const issued = await issueApiKey(ctx, client.id, { scopes: DEMO_SCOPES });
    secrets[client.department] = issued.secret;
  }
  return secrets;
}
