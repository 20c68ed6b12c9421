import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import type { ReadContext } from '../auth/context';
import { bilingual } from '../platform/bilingual';
import { resolveTenant } from '../platform/tenancy';
import * as unitRoutes from './org-units.routes';
import { countByLevel, presentReform, presentTenant, presentUnit } from './tenants.presenters';
import { listTenants } from './tenants.repository';
import * as tenantRoutes from './tenants.routes';
import {
  type CarriedReform,
  createOrgUnit,
  createReform,
  getOrgUnit,
  getReform,
  listOrgUnits,
  listReformsWithCounts,
  previewReform,
  updateOrgUnit,
} from './tenants.service';

export const tenantsRouter = createRouter();
const routes = { ...tenantRoutes, ...unitRoutes };

async function tenantContext(c: { get: (key: 'db' | 'now') => unknown }, slug: string): Promise<ReadContext> {
  const db = c.get('db') as ReadContext['db'];
  return { db, tenant: await resolveTenant(db, slug), now: c.get('now') as () => Date };
}

tenantsRouter.openapi(routes.listTenantsRoute, async (c) => {
  const rows = await listTenants(c.get('db'));
  return c.json({ items: rows.map(presentTenant) }, 200);
});

tenantsRouter.openapi(routes.getTenantRoute, async (c) => {
  const tenant = await resolveTenant(c.get('db'), c.req.valid('param').tenant);
  return c.json({ ...presentTenant(tenant), structure: tenant.structure }, 200);
});

tenantsRouter.openapi(routes.listOrgUnitsRoute, async (c) => {
  const ctx = await tenantContext(c, c.req.valid('param').tenant);
  const query = c.req.valid('query');
  const page = await listOrgUnits(ctx, {
    asOf: query.asOf,
    level: query.level,
    parentId: query.parentId,
    after: query.cursor,
    limit: query.limit,
  });
  return c.json(
    { asOf: page.asOf, counts: page.counts, items: page.items.map(presentUnit), nextCursor: page.nextCursor },
    200,
  );
});

tenantsRouter.openapi(routes.getOrgUnitRoute, async (c) => {
  const { tenant, id } = c.req.valid('param');
  const ctx = await tenantContext(c, tenant);
  const found = await getOrgUnit(ctx, id, c.req.valid('query').asOf);
  const link = (row: (typeof found.predecessors)[number], other: 'predecessorId' | 'successorId') => ({
    reformId: row.reformId,
    id: row[other],
    code: row.otherCode,
    name: bilingual(row, 'otherName'),
  });
  return c.json(
    {
      unit: presentUnit(found.unit),
      parent: found.parent ? presentUnit(found.parent) : null,
      asOf: found.asOf,
      childCounts: found.childCounts,
      predecessors: found.predecessors.map((row) => link(row, 'predecessorId')),
      successors: found.successors.map((row) => link(row, 'successorId')),
    },
    200,
  );
});

tenantsRouter.openapi(routes.listBodiesRoute, async (c) => {
  const tenant = await resolveTenant(c.get('db'), c.req.valid('param').tenant);
  return c.json({ bodies: tenant.structure.bodies, levels: tenant.structure.levels }, 200);
});

tenantsRouter.openapi(routes.listReformsRoute, async (c) => {
  const ctx = await tenantContext(c, c.req.valid('param').tenant);
  const reforms = await listReformsWithCounts(ctx);
  return c.json({ items: reforms.map((entry) => presentReform(entry.reform, entry)) }, 200);
});

tenantsRouter.openapi(routes.getReformRoute, async (c) => {
  const { tenant, id } = c.req.valid('param');
  const ctx = await tenantContext(c, tenant);
  const found = await getReform(ctx, id);
  return c.json(
    {
      reform: presentReform(found.reform, {
        closed: countByLevel(found.closed),
        opened: countByLevel(found.opened),
      }),
      closedUnits: found.closed.map(presentUnit),
      openedUnits: found.opened.map(presentUnit),
      lineage: found.lineage,
    },
    200,
  );
});

tenantsRouter.openapi(routes.createReformRoute, async (c) => {
  const applied = await createReform(actingContext(c), c.req.valid('json'), c.get('unitDwellers'));
  return c.json(presentCarried(applied), 201);
});

tenantsRouter.openapi(routes.previewReformRoute, async (c) => {
  const preview = await previewReform(actingContext(c), c.req.valid('json'), c.get('unitDwellers'));
  return c.json(presentCarried(preview), 200);
});

const presentCarried = (applied: CarriedReform) => ({
  ...presentReform(applied.reform, applied),
  carries: applied.carries,
  carried: applied.carried,
});

tenantsRouter.openapi(routes.createOrgUnitRoute, async (c) => {
  const unit = await createOrgUnit(actingContext(c), c.req.valid('json'));
  return c.json(presentUnit(unit), 201);
});

tenantsRouter.openapi(routes.updateOrgUnitRoute, async (c) => {
  const unit = await updateOrgUnit(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentUnit(unit), 200);
});
