/** `npm run start:node`: the same app in Node (no workerd), on the embedded or DATABASE_URL Postgres. */
import { createNodeApp, serveNode } from '../functions/node';
import { openCliDatabase } from './database';
import { localDataKey, localPlatformToken, seedTenants } from './embedded';

const port = Number(process.env.PORT ?? 8788);
const token = process.env.PLATFORM_TOKEN ?? localPlatformToken();
const handle = await openCliDatabase();
await seedTenants(handle.db);
const server = serveNode(
  createNodeApp({
    db: handle.db,
    config: {
      appEnv: 'development',
      platformToken: token,
      dataKey: process.env.DATA_KEY ?? localDataKey(),
      auditKey: process.env.AUDIT_KEY,
    },
  }),
  port,
);
console.log(
  `Shequ (Node) on http://127.0.0.1:${port}/  — ${handle.describe}\n  Authorization: Bearer ${token}`,
);
const stop = async () => {
  server.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
