import { eq, sql } from 'drizzle-orm';
import { publicSiteVersions, tenantHosts, tenants } from '../../schema';
import { Coalescer } from '../platform/coalesce';
import type { Database } from '../platform/db';
import { type TenantRow, tenantAtStamp, tenantStamp } from '../platform/tenancy';

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
const heads = new WeakMap<Database, ReturnType<typeof buildHeads>>();
function buildHeads(db: Database) {
  return { ...buildStatements(db), reads: new Coalescer<Head | undefined>() };
}
type Head = { id: string; stamp: string; version: number | null };

function buildStatements(db: Database) {
  const columns = {
    id: tenants.id,
    stamp: tenantStamp,
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

export async function publicCity(
  db: Database,
  by: { slug: string } | { host: string },
): Promise<{ tenant: TenantRow; version: number } | undefined> {
  let statements = heads.get(db);
  if (!statements) {
    statements = buildHeads(db);
    heads.set(db, statements);
  }
  const { slug, host, reads } = statements;
  // Requests for the same city at once share one statement that started after each of them arrived
  // (Coalescer): under a burst a hit costs a fraction of a statement, and nobody sees an older version.
  const name = 'slug' in by ? by.slug : by.host.toLowerCase().replace(/:\d+$/, '');
  const head =
    'slug' in by
      ? await reads.read(`s:${name}`, async () => (await slug.execute({ slug: name }))[0])
      : await reads.read(`h:${name}`, async () => (await host.execute({ host: name }))[0]);
  if (!head) return undefined;
  const tenant = await tenantAtStamp(db, head.id, head.stamp);
  return tenant ? { tenant, version: head.version ?? 0 } : undefined;
}
