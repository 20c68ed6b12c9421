import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migratePglite, openPglite } from '../../functions/platform/drivers/pglite';

/**
 * Migrates one PGlite from the committed migrations and snapshots it; every test file then starts
 * from a copy of that snapshot (fast) instead of migrating again. With TEST_DATABASE_URL set, test
 * files create their own databases on that server instead.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-snapshot-'));
  const file = join(dir, 'migrated.tar.gz');
  const handle = await openPglite({});
  await migratePglite(handle.client);
  const dump = await handle.client.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteSnapshot', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}
