import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { accessReport } from './access.service';
import { verifyAccessLogAs } from './access-verify.service';
import { pushFacet } from './facets.service';
import { getResident } from './pull.service';
import * as routes from './registry.routes';
import { registerResident, searchResidents } from './residents.service';
import { verifyResident } from './verify.service';

export const registryRouter = createRouter();

registryRouter.openapi(routes.registerResidentRoute, async (c) => {
  const result = await registerResident(actingContext(c), c.req.valid('json'));
  return c.json(result, 201);
});

registryRouter.openapi(routes.getResidentRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await getResident(actingContext(c), id, c.req.valid('header')['x-purpose']), 200);
});

registryRouter.openapi(routes.searchResidentsRoute, async (c) => {
  const ctx = actingContext(c);
  const items = await searchResidents(ctx, c.req.valid('query'), c.req.valid('header')['x-purpose']);
  return c.json({ items }, 200);
});

registryRouter.openapi(routes.pushFacetRoute, async (c) => {
  const { id, domain } = c.req.valid('param');
  const headers = c.req.valid('header');
  const ifMatch = headers['if-match'] ? Number(headers['if-match'].replace(/\D/g, '')) : undefined;
  const result = await pushFacet(actingContext(c), id, domain, c.req.valid('json'), {
    ifMatch,
    idempotencyKey: headers['idempotency-key'],
  });
  c.header('ETag', `"${result.body.version}"`);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return result.status === 201 ? c.json({ ...result.body }, 201) : c.json({ ...result.body }, 200);
});

registryRouter.openapi(routes.verifyAccessLogRoute, async (c) => {
  const result = await verifyAccessLogAs(actingContext(c), c.req.valid('query').checkpoint);
  return c.json(
    {
      ok: result.ok,
      seals: result.seals,
      sealedRows: result.sealedRows,
      pendingRows: result.pendingRows,
      problems: result.problems,
      checkpoints: result.checkpoints,
    },
    200,
  );
});

registryRouter.openapi(routes.accessReportRoute, async (c) => {
  const { id } = c.req.valid('param');
  const rows = await accessReport(actingContext(c), id);
  return c.json(
    {
      items: rows.map(({ entry, departmentZh, departmentEn }) => ({
        at: entry.occurredAt.toISOString(),
        actorKind: entry.actorKind,
        actorId: entry.actorId,
        department: departmentZh && departmentEn ? { zh: departmentZh, en: departmentEn } : null,
        fields: entry.fields,
        purpose: entry.purpose,
        purposeCode: entry.purposeCode,
        operation: entry.operation,
        unmaskedIdNumber: entry.unmaskedIdNumber,
      })),
    },
    200,
  );
});

registryRouter.openapi(routes.verifyRoute, async (c) => {
  const ctx = actingContext(c);
  return c.json(await verifyResident(ctx, c.req.valid('json'), c.req.valid('header')['x-purpose']), 200);
});
