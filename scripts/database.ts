import { existsSync, readFileSync } from 'node:fs';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey, type DatabaseHandle } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import { localLogKey, openEmbedded, runFile } from './embedded';

/**
 * The database a CLI command works on: DATABASE_URL if set; else the embedded one — through its
 * socket while `npm start` holds it open, directly otherwise.
 */
export async function openCliDatabase(
  options: { poolSize?: number } = {},
): Promise<DatabaseHandle & { describe: string }> {
  const url = process.env.DATABASE_URL ?? runningEmbeddedUrl();
  if (url) {
    await migrateNodePostgres(url);
    const handle = openNodePostgres(url, options.poolSize ?? 2);
    // The logs' key: the deployment's own (AUDIT_KEY or DATA_KEY in the environment) for another
    // database — never a local one, whose MACs would not verify there; the local one for ours.
    const key = process.env.DATABASE_URL
      ? logKeyFrom({ auditKey: process.env.AUDIT_KEY, dataKey: process.env.DATA_KEY })
      : localLogKey();
    bindLogKey(handle.db, key);
    return {
      ...handle,
      describe: process.env.DATABASE_URL ? 'DATABASE_URL' : 'the running embedded Postgres',
    };
  }
  const handle = await openEmbedded();
  return { db: handle.db, close: handle.close, describe: 'the embedded Postgres in .data/pglite' };
}

function runningEmbeddedUrl(): string | undefined {
  if (!existsSync(runFile)) return undefined;
  const { pid, databaseUrl } = JSON.parse(readFileSync(runFile, 'utf8')) as {
    pid: number;
    databaseUrl: string;
  };
  try {
    process.kill(pid, 0);
    return databaseUrl;
  } catch {
    return undefined;
  }
}
