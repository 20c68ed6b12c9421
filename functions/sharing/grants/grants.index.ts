import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { decideGrant } from './grant-decision.service';
import { presentGrant } from './grants.presenters';
import * as routes from './grants.routes';
import { listGrants, requestGrant, revokeGrant } from './grants.service';

export const grantsRouter = createRouter();

grantsRouter.openapi(routes.requestGrantRoute, async (c) => {
  const grant = await requestGrant(actingContext(c), c.req.valid('json'));
  return c.json(presentGrant(grant), 201);
});

grantsRouter.openapi(routes.listGrantsRoute, async (c) => {
  const grants = await listGrants(actingContext(c));
  return c.json({ items: grants.map(presentGrant) }, 200);
});

grantsRouter.openapi(routes.decideGrantRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentGrant(await decideGrant(actingContext(c), id, c.req.valid('json'))), 200);
});

grantsRouter.openapi(routes.revokeGrantRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentGrant(await revokeGrant(actingContext(c), id)), 200);
});
