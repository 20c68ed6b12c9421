import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { presentWebhook } from './feed.presenters';
import * as routes from './feed.routes';
import { openFeedStream, readFeed } from './feed.service';
import { createSubscription, deliveriesOf, listSubscriptions, replaySubscription } from './webhooks.service';

export const feedRouter = createRouter();

feedRouter.openapi(routes.feedRoute, async (c) => {
  const query = c.req.valid('query');
  return c.json(await readFeed(actingContext(c), query.after, query.limit), 200);
});

feedRouter.openapi(routes.feedStreamRoute, async (c) => {
  // Authorized, and the readable fields worked out, before the first byte: a refusal is an error answer.
  const stream = await openFeedStream(actingContext(c), c.req.valid('query').after);
  const encoder = new TextEncoder();
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  c.get('streaming')?.(ended);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await stream.batches.next();
        if (next.done) {
          controller.enqueue(encoder.encode(`${JSON.stringify({ nextCursor: stream.nextCursor() })}\n`));
          controller.close();
          end();
          return;
        }
        controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error('change feed stream', error);
        controller.error(error);
        end();
      }
    },
    async cancel() {
      await stream.batches.return(undefined);
      end();
    },
  });
  return c.body(body, 200, { 'content-type': 'application/x-ndjson; charset=utf-8' }) as never;
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
