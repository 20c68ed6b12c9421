import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Database } from '../functions/platform/db';
import { migratePglite, openPglite } from '../functions/platform/drivers/pglite';
import { onboardTenant } from '../functions/tenants/onboarding.service';

export const dataDir = join(process.cwd(), '.data');
export const pgliteDir = join(dataDir, 'pglite');
export const runFile = join(dataDir, 'running.json');

/** The local platform token: made once, kept in .data/ (never committed). */
export function localPlatformToken(): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'platform-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = `shequ_platform_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The local data key (DATA_KEY): 32 random bytes made once, kept in .data/. */
export function localDataKey(): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'data-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Opens (creating on first run) the persisted embedded Postgres and brings it to the latest migration. */
export async function openEmbedded() {
  mkdirSync(dataDir, { recursive: true });
  const handle = await openPglite({ dataDir: pgliteDir });
  await migratePglite(handle.client);
  return handle;
}

export function tenantFiles(): string[] {
  const dir = join(process.cwd(), 'tenants');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

/** Onboards the cities in tenants/: a no-op for those already onboarded from the same file. */
export async function seedTenants(db: Database, log: (line: string) => void = console.log) {
  for (const file of tenantFiles()) {
    const result = await onboardTenant({ db }, JSON.parse(readFileSync(file, 'utf8')));
    log(
      result.created
        ? `  onboarded ${result.tenant.slug} (${result.units} units, ${result.reforms} reforms)`
        : `  ${result.tenant.slug} already onboarded`,
    );
  }
}

export async function startSocketServer(
  db: ConstructorParameters<typeof PGLiteSocketServer>[0]['db'],
  port: number,
) {
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 });
  await server.start();
  return server;
}
