import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { withTenant } from '../../platform/db';
import { resolveTenant } from '../../platform/tenancy';
import { presentField } from './catalog.presenters';
import * as routes from './catalog.routes';
import { loadCatalog } from './catalog.service';
import { addCatalogField, updateCatalogField } from './catalog-admin.service';

export const catalogRouter = createRouter();

catalogRouter.openapi(routes.catalogRoute, async (c) => {
  const db = c.get('db');
  const tenant = await resolveTenant(db, c.req.valid('param').tenant);
  const catalog = await withTenant({ db, tenantId: tenant.id }, (tx) => loadCatalog(tx, tenant.id));
  const domains = new Map<
    string,
    { key: string; ownerDepartmentId: string; fields: ReturnType<typeof toField>[] }
  >();
  function toField(field: (typeof catalog)[number]) {
    const { key, name, type, sensitivity, sharingClass, legalBasis } = field;
    return { key, name, type, sensitivity, sharingClass, legalBasis };
  }
  for (const field of catalog) {
    const domain = domains.get(field.domainKey) ?? {
      key: field.domainKey,
      ownerDepartmentId: field.ownerDepartmentId,
      fields: [],
    };
    domain.fields.push(toField(field));
    domains.set(field.domainKey, domain);
  }
  return c.json({ domains: [...domains.values()] }, 200);
});

catalogRouter.openapi(routes.updateCatalogFieldRoute, async (c) => {
  const { domain, field } = c.req.valid('param');
  const result = await updateCatalogField(actingContext(c), domain, field, c.req.valid('json'));
  return c.json({ field: presentField(result.field), version: result.version }, 200);
});

catalogRouter.openapi(routes.addCatalogFieldRoute, async (c) => {
  const { domain } = c.req.valid('param');
  const result = await addCatalogField(actingContext(c), domain, c.req.valid('json'));
  return c.json({ field: presentField(result.field), version: result.version }, 201);
});
