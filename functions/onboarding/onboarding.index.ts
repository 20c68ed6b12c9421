import { requireActor } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { presentTenant } from '../tenants/tenants.presenters';
import * as routes from './onboarding.routes';
import { onboardTenant } from './onboarding.service';

export const onboardingRouter = createRouter();

onboardingRouter.openapi(routes.onboardTenantRoute, async (c) => {
  const result = await onboardTenant(
    { db: c.get('db'), actor: requireActor(c), now: c.get('now') },
    c.req.valid('json'),
  );
  const body = { tenant: presentTenant(result.tenant), units: result.units, reforms: result.reforms };
  return result.created
    ? c.json({ created: true as const, ...body }, 201)
    : c.json({ created: false as const, ...body }, 200);
});
