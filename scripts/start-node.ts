/** `npm run start:node`: the same app in Node (no workerd), on the embedded or DATABASE_URL Postgres. */
import { createNodeApp, folderBlobStore, serveNode } from '../functions/node';
import { openCliDatabase } from './database';
import { localDataKey, localPlatformToken, seedTenants } from './embedded';

const port = Number(process.env.PORT ?? 8788);
const token = process.env.PLATFORM_TOKEN ?? localPlatformToken();
/**
 * Connections to a PostgreSQL server the server's pool keeps (DATABASE_POOL_SIZE). The default is
 * measured (`bench/README.md`, bench:deploy with BENCH_POOLS): 2 held pulls back about 11 %.
 */
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 8);
const handle = await openCliDatabase({ poolSize: POOL_SIZE });
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
    // Evidence photos in .data/evidence (the Worker keeps them in its R2 bucket).
    blobs: folderBlobStore('.data/evidence'),
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
