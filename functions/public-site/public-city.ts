import { eq, sql } from 'drizzle-orm';
import { publicSiteVersions, tenantHosts, tenants } from '../../schema';
import type { Database } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';

/**
 * The city a public request names, and its public-site version — asked on every public page, feed
 * and Open311 request, cached or not, so it is the floor of their cost (issue 17).
 *
 * One small prepared statement (per database handle; planned once per connection on a long-lived
 * pool) reads the city's id, the row's version stamp (`xmin`: it changes with every update of the
 * row, whatever the column) and the public-site version. The whole tenant row — about 11 KB with
 * its structure document — is kept in this isolate's memory under that stamp and read again only
 * when the row has changed; a page-cache hit never parses it.
 */
interface Head {
  id: string;
  stamp: string;
  version: number | null;
}

const heads = new WeakMap<Database, ReturnType<typeof buildHeads>>();
function buildHeads(db: Database) {
  const columns = {
    id: tenants.id,
    stamp: sql<string>`${tenants}.xmin::text`,
    version: publicSiteVersions.version,
  };
  return {
    slug: db
      .select(columns)
      .from(tenants)
      .leftJoin(publicSiteVersions, eq(publicSiteVersions.tenantId, tenants.id))
      .where(eq(tenants.slug, sql.placeholder('slug')))
      .prepare('shq_public_city_by_slug'),
    host: db
      .select(columns)
      .from(tenantHosts)
      .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
      .leftJoin(publicSiteVersions, eq(publicSiteVersions.tenantId, tenants.id))
      .where(eq(tenantHosts.host, sql.placeholder('host')))
      .prepare('shq_public_city_by_host'),
  };
}

const rows = new Map<string, { stamp: string; tenant: TenantRow }>();
const ROWS_KEPT = 64;

async function tenantRow(db: Database, head: Head): Promise<TenantRow | undefined> {
  const kept = rows.get(head.id);
  if (kept?.stamp === head.stamp) return kept.tenant;
  const [row] = await db
    .select({ tenant: tenants, stamp: sql<string>`${tenants}.xmin::text` })
    .from(tenants)
    .where(eq(tenants.id, head.id));
  if (!row) return undefined;
  if (rows.size >= ROWS_KEPT) rows.clear();
  rows.set(head.id, { stamp: row.stamp, tenant: row.tenant });
  return row.tenant;
}

export async function publicCity(
  db: Database,
  by: { slug: string } | { host: string },
): Promise<{ tenant: TenantRow; version: number } | undefined> {
  let statements = heads.get(db);
  if (!statements) {
    statements = buildHeads(db);
    heads.set(db, statements);
  }
  const [head] =
    'slug' in by
      ? await statements.slug.execute({ slug: by.slug })
      : await statements.host.execute({ host: by.host.toLowerCase().replace(/:\d+$/, '') });
  if (!head) return undefined;
  const tenant = await tenantRow(db, head);
  return tenant ? { tenant, version: head.version ?? 0 } : undefined;
}
