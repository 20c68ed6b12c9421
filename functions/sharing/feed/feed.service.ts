import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { todayIn } from '../../platform/dates';
import { withTenant } from '../../platform/db';
import { loadCatalog } from '../catalog/catalog.service';
import { readChanges } from '../ledger';
import { readableByResident, readScope } from '../registry/readable';

/** The change feed: events after the cursor, showing only fields the caller may read. */
export async function readFeed(ctx: ServiceContext, after: number, limit: number) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'feed.read', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
    );
    const rows = await readChanges(tx, ctx.tenant.id, after, limit);
    const visibleFor = await readableByResident(
      tx,
      ctx.tenant.id,
      scope,
      catalog,
      rows.map((row) => row.residentId),
    );
    const items = rows
      .map((row) => ({ ...row, fields: row.fields.filter((name) => visibleFor(row.residentId).has(name)) }))
      .filter((row) => row.fields.length > 0)
      .map((row) => ({
        seq: row.seq,
        kind: row.kind,
        residentId: row.residentId,
        domain: row.domainKey,
        fields: row.fields,
        version: row.version,
        occurredAt: row.occurredAt.toISOString(),
      }));
    // The cursor moves past filtered events too, so nobody re-reads what they may not see.
    return { items, nextCursor: rows.at(-1)?.seq ?? after };
  });
}
