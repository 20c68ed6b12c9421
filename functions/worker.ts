import { createApp } from './app';
import { configFromEnv, parseEnv } from './env';
import { openNeon } from './platform/drivers/neon';

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
});

export default {
  fetch: (request, bindings, ctx) => app.fetch(request, bindings, ctx),
  async scheduled(_controller, bindings, ctx) {
    // Cron sweeps (deadlines, webhook delivery) arrive with later capabilities; for now the sweep
    // only proves the database is reachable, through the same per-invocation pool as requests.
    const handle = openNeon({
      connectionString: env(bindings).DATABASE_URL,
      wsProxy: env(bindings).DATABASE_WS_PROXY,
    });
    ctx.waitUntil(
      handle.db
        .execute('select 1')
        .finally(() => handle.close())
        .then(() => undefined),
    );
  },
} satisfies ExportedHandler<Record<string, unknown>>;
