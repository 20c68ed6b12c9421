import { createApp } from './app';
import { runCaseSweep } from './cases/case-sweep';
import { r2BlobStore } from './platform/blob-store';
import { configFromEnv, parseEnv } from './platform/config';
import { logKeyFrom } from './platform/crypto';
import { bindLogKey } from './platform/db';
import { openHyperdrive } from './platform/drivers/hyperdrive';
import { openNeon } from './platform/drivers/neon';
import { cacheApiPageCache, layeredPageCache, memoryPageCache } from './platform/page-cache';
import { runStatusSweep } from './public-site/data-links.service';
import { runWebhookSweep } from './sharing/feed/webhooks.service';
import { sealAllAccessLogs } from './sharing/registry/access-seal.service';

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
    // With a Hyperdrive binding, through it (`pg` over a socket); otherwise the Neon driver.
    const hyperdrive = (bindings.HYPERDRIVE as { connectionString?: string } | undefined)?.connectionString;
    if (hyperdrive) return openHyperdrive(hyperdrive);
    const settings = env(bindings);
    return openNeon({ connectionString: settings.DATABASE_URL, wsProxy: settings.DATABASE_WS_PROXY });
  },
  config: (bindings) => configFromEnv(env(bindings)),
  // Cloudflare's edge sets it on every request and replaces any value a client sent.
  clientAddress: (c) => c.req.header('cf-connecting-ip'),
  // The isolate's memory first (128 pages, a few MB of its 128), then the data center's Cache API.
  pageCache: layeredPageCache(memoryPageCache(128), cacheApiPageCache()),
  blobs: (bindings) =>
    bindings.EVIDENCE ? r2BlobStore(bindings.EVIDENCE as Parameters<typeof r2BlobStore>[0]) : undefined,
  waitUntil: true,
});

export default {
  fetch: (request, bindings, ctx) => app.fetch(request, bindings, ctx),
  async scheduled(_controller, bindings, ctx) {
    // The cron sweep: webhook fan-out and delivery, then access-log seals, through a pool opened for this invocation only.
    const settings = env(bindings);
    const handle = openNeon({ connectionString: settings.DATABASE_URL, wsProxy: settings.DATABASE_WS_PROXY });
    bindLogKey(handle.db, logKeyFrom({ auditKey: settings.AUDIT_KEY, dataKey: settings.DATA_KEY }));
    const sweep = async () => {
      const now = () => new Date();
      try {
        const report = await runWebhookSweep({
          db: handle.db,
          now,
          fetch: (input, init) => fetch(input, init),
          dataKey: settings.DATA_KEY,
          // Local receivers (plain http, loopback) only where the receiver is the developer's own machine.
          allowLocalReceivers: settings.APP_ENV !== 'production',
        });
        console.log('sweep', JSON.stringify(report));
        if (report.errors.length > 0) console.error('webhook senders stopped', report.errors);
      } catch (error) {
        console.error('webhook sweep failed', error);
      }
      // Each step runs whether or not the one before went well.
      try {
        // The data-link status of each department, from what the delivery just did.
        console.log('status sweep', JSON.stringify(await runStatusSweep({ db: handle.db, now })));
      } catch (error) {
        console.error('status sweep failed', error);
      }
      try {
        // Case clocks: warnings, breaches (escalated with a supervision notice), overdue requests.
        console.log('case sweep', JSON.stringify(await runCaseSweep({ db: handle.db, now })));
      } catch (error) {
        console.error('case sweep failed', error);
      }
      // Seal the access log's new rows and checkpoint both logs, tenant by tenant (invariant 7).
      try {
        const logs = await sealAllAccessLogs(handle.db, now());
        // A refusal or a forged row is evidence of tampering: loud, not just a count.
        if (logs.refused.length > 0 || logs.forged.length > 0)
          console.error('log tampering', JSON.stringify(logs));
        else console.log('access-log seals and checkpoints', JSON.stringify(logs));
      } finally {
        await handle.close();
      }
    };
    ctx.waitUntil(sweep());
  },
} satisfies ExportedHandler<Record<string, unknown>>;
