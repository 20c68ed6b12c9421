import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { presentWebhook } from './feed.presenters';
import * as routes from './feed.routes';
import { readFeed } from './feed.service';
import { createSubscription, deliveriesOf, listSubscriptions, replaySubscription } from './webhooks.service';

export const feedRouter = createRouter();

feedRouter.openapi(routes.feedRoute, async (c) => {
  const query = c.req.valid('query');
  return c.json(await readFeed(actingContext(c), query.after, query.limit), 200);
});

feedRouter.openapi(routes.createWebhookRoute, async (c) => {
  const created = await createSubscription(actingContext(c), c.req.valid('json'), {
    // plain http and local receivers only where the receiver is the developer's own machine
    allowLocalReceivers: c.get('config').appEnv !== 'production',
  });
  return c.json({ ...presentWebhook(created.subscription), secret: created.secret }, 201);
});

feedRouter.openapi(routes.listWebhooksRoute, async (c) => {
  const rows = await listSubscriptions(actingContext(c));
  return c.json(
    { items: rows.map((row) => ({ ...presentWebhook(row.subscription), deliveries: row.deliveries })) },
    200,
  );
});

feedRouter.openapi(routes.replayWebhookRoute, async (c) => {
  const { id } = c.req.valid('param');
  const row = await replaySubscription(actingContext(c), id, c.req.valid('json').after);
  return c.json(presentWebhook(row), 200);
});

feedRouter.openapi(routes.webhookDeliveriesRoute, async (c) => {
  const { id } = c.req.valid('param');
  const rows = await deliveriesOf(actingContext(c), id, c.req.valid('query').status);
  return c.json(
    {
      items: rows.map((row) => ({
        eventSeq: row.eventSeq,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt.toISOString(),
        lastError: row.lastError,
      })),
    },
    200,
  );
});
