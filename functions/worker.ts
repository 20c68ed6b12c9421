import { createApp } from './app';
import { configFromEnv, parseEnv } from './env';
import { openNeon } from './platform/drivers/neon';
import { cacheApiPageCache } from './platform/page-cache';
import { runWebhookSweep } from './sharing/webhooks.service';
import { runStatusSweep } from './status/data-links.service';

/** Parsed once per distinct binding object (per isolate in practice); nothing is opened here. */
const parsed = new WeakMap<object, ReturnType<typeof parseEnv>>();
function env(bindings: Record<string, unknown>) {
  let value = parsed.get(bindings);
  if (!value) {
    value = parseEnv(bindings);
    parsed.set(bindings, value);
  }
  return value;
}

const app = createApp({
  openDatabase: (bindings) => {
    const settings = env(bindings);
    return openNeon({ connectionString: settings.DATABASE_URL, wsProxy: settings.DATABASE_WS_PROXY });
  },
  config: (bindings) => configFromEnv(env(bindings)),
  pageCache: cacheApiPageCache(),
});

export default {
  fetch: (request, bindings, ctx) => app.fetch(request, bindings, ctx),
  async scheduled(_controller, bindings, ctx) {
    // The cron sweep: webhook fan-out and delivery, through a pool opened for this invocation only.
    const settings = env(bindings);
    const handle = openNeon({ connectionString: settings.DATABASE_URL, wsProxy: settings.DATABASE_WS_PROXY });
    ctx.waitUntil(
      runWebhookSweep({
        db: handle.db,
        now: () => new Date(),
        fetch: (input, init) => fetch(input, init),
        dataKey: settings.DATA_KEY,
      })
        .then((report) => console.log('sweep', JSON.stringify(report)))
        // Then the data-link status of each department, from what the delivery just did.
        .then(() => runStatusSweep({ db: handle.db, now: () => new Date() }))
        .then((report) => console.log('status sweep', JSON.stringify(report)))
        .finally(() => handle.close()),
    );
  },
} satisfies ExportedHandler<Record<string, unknown>>;
