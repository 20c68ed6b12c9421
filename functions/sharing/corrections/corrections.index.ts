import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { presentCorrection } from './corrections.presenters';
import * as routes from './corrections.routes';
import { decideCorrection, fileCorrection, listCorrections } from './corrections.service';

export const correctionsRouter = createRouter();

correctionsRouter.openapi(routes.fileCorrectionRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentCorrection(await fileCorrection(actingContext(c), id, c.req.valid('json'))), 201);
});

correctionsRouter.openapi(routes.listCorrectionsRoute, async (c) => {
  const rows = await listCorrections(actingContext(c), c.req.valid('query').status);
  return c.json({ items: rows.map(presentCorrection) }, 200);
});

correctionsRouter.openapi(routes.decideCorrectionRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentCorrection(await decideCorrection(actingContext(c), id, c.req.valid('json'))), 200);
});
