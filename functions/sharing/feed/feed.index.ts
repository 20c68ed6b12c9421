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
  const headers = { 'content-type': 'application/x-ndjson; charset=utf-8' };
  // HEAD: Hono runs this handler and drops the body without cancelling it; read nothing.
  if (c.req.method === 'HEAD') {
    await stream.batches.return(undefined);
    return c.body(null, 200, headers) as never;
  }
  const encoder = new TextEncoder();
  let finished = false;
  let end: () => void = () => {};
  // The Worker's database closes when the stream ends — read to the end, failed, cancelled, or the
  // client gone (the request's signal), whichever comes first.
  const ended = new Promise<void>((resolve) => {
    end = () => {
      finished = true;
      resolve();
    };
  });
  c.req.raw.signal?.addEventListener('abort', () => end(), { once: true });
  c.get('streaming')?.(ended);
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) return;
        try {
          const next = await stream.batches.next();
          if (finished) return; // cancelled while the batch was read
          if (next.done) {
            controller.enqueue(encoder.encode(`${JSON.stringify({ nextCursor: stream.nextCursor() })}\n`));
            controller.close();
            end();
            return;
          }
          controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          if (finished) return;
          console.error('change feed stream', error);
          controller.error(error);
          end();
        }
      },
      async cancel() {
        end();
        await stream.batches.return(undefined);
      },
    },
    // Nothing is read before the client asks for it.
    { highWaterMark: 0 },
  );
  return c.body(body, 200, headers) as never;
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
