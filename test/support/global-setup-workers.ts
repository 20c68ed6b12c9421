import { readFileSync } from 'node:fs';
import { onboardTenant } from '../../functions/onboarding/onboarding.service';
import { bindLogKey } from '../../functions/platform/db';
import { migratePglite, openPglite } from '../../functions/platform/drivers/pglite';
import { startSocketServer, tenantFiles } from '../../scripts/embedded';
import { startWsBridge } from '../../scripts/ws-bridge';
import { testLogKey } from './fixtures';

/**
 * For the workers project: an embedded Postgres seeded with the four cities, behind pglite-socket
 * and the same WebSocket→TCP bridge `npm start` uses, so the Worker in workerd reaches it through
 * the real Neon driver.
 */
export default async function setup() {
  const handle = await openPglite({});
  await migratePglite(handle.client);
  // The Worker's key (its DATA_KEY binding is the fixture's), so the trail it extends verifies.
  bindLogKey(handle.db, testLogKey());
  for (const file of tenantFiles())
    await onboardTenant({ db: handle.db }, JSON.parse(readFileSync(file, 'utf8')));
  const socketPort = Number(process.env.SHEQU_TEST_PGLITE_PORT);
  // The same socket as `npm start`, one connection at a time on the one session.
  const server = await startSocketServer(handle.client, socketPort);
  const bridge = await startWsBridge({
    port: Number(process.env.SHEQU_TEST_BRIDGE_PORT),
    target: { host: '127.0.0.1', port: socketPort },
  });
  return async () => {
    await bridge.close();
    await server.stop();
    await handle.close();
  };
}
