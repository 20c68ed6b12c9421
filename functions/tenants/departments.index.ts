import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { bilingual } from '../platform/bilingual';
import { resolveTenant } from '../platform/tenancy';
import * as routes from './departments.routes';
import { createDepartment, listDepartments } from './departments.service';

export const departmentsRouter = createRouter();

departmentsRouter.openapi(routes.listDepartmentsRoute, async (c) => {
  const tenant = await resolveTenant(c.get('db'), c.req.valid('param').tenant);
  const rows = await listDepartments(c.get('db'), tenant.id);
  return c.json({ items: rows.map((row) => ({ id: row.id, key: row.key, name: bilingual(row) })) }, 200);
});

departmentsRouter.openapi(routes.createDepartmentRoute, async (c) => {
  const row = await createDepartment(actingContext(c), c.req.valid('json'));
  return c.json({ id: row.id, key: row.key, name: bilingual(row) }, 201);
});
