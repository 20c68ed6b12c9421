import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { resolveTenant } from '../../platform/tenancy';
import * as routes from './purposes.routes';
import { addPurpose, listPurposes, type PurposeRow } from './purposes.service';

export const purposesRouter = createRouter();

const present = (row: PurposeRow) => ({ code: row.code, name: { zh: row.nameZh, en: row.nameEn } });

purposesRouter.openapi(routes.listPurposesRoute, async (c) => {
  const db = c.get('db');
  const tenant = await resolveTenant(db, c.req.valid('param').tenant);
  const rows = await listPurposes({ db, tenant, now: c.get('now') });
  return c.json({ items: rows.map(present) }, 200);
});

purposesRouter.openapi(routes.addPurposeRoute, async (c) => {
  return c.json(present(await addPurpose(actingContext(c), c.req.valid('json'))), 201);
});
