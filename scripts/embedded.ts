import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createPlatformAdministrator, setPassword } from '../functions/identity/users.service';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import type { Database } from '../functions/platform/db';
import { withTenant } from '../functions/platform/db';
import { migratePglite, openPglite } from '../functions/platform/drivers/pglite';
import { runStatusSweep } from '../functions/public-site/data-links.service';
import { seedPublicSite } from '../functions/public-site/public-site.seed';
import { seedCatalog } from '../functions/sharing/catalog/catalog.service';
import { seedDepartments } from '../functions/tenants/departments.service';
import { users } from '../schema';

/** Where local runs keep their data: `.data/`, or `SHEQU_DATA_DIR` (the e2e suite runs on a scratch copy). */
export const dataDir = process.env.SHEQU_DATA_DIR ?? join(process.cwd(), '.data');
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

/** The demo password for the cities' first administrators (local runs only): made once, kept in .data/. */
export function demoPassword(): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = `Demo-${randomBytes(9).toString('base64url')}-1`;
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export interface DemoSignIn {
  tenant: string;
  login: string;
  password: string;
}

/**
 * Onboards the cities in tenants/ (a no-op for those already onboarded from the same file) and,
 * for local demos, gives each city's first administrator the demo password through the same
 * administration verb an operator would use. Returns the sign-ins to print.
 */
export async function seedTenants(
  db: Database,
  log: (line: string) => void = console.log,
): Promise<DemoSignIn[]> {
  const signIns: DemoSignIn[] = [];
  const password = demoPassword();
  for (const file of tenantFiles()) {
    const document = JSON.parse(readFileSync(file, 'utf8'));
    const result = await onboardTenant({ db }, document);
    // Data made before a capability existed gets its seed data now (both steps skip what exists).
    await withTenant({ db, tenantId: result.tenant.id }, async (tx) => {
      await seedDepartments(tx, result.tenant.id, result.tenant.structure);
      await seedCatalog(tx, result.tenant.id, result.tenant.structure);
      await seedPublicSite(tx, result.tenant, new Date());
    });
    const login = String(document.administrator.email);
    const [admin] = await db
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(and(eq(users.tenantId, result.tenant.id), sql`lower(${users.email}) = lower(${login})`));
    if (admin && !admin.passwordHash) {
      await setPassword(
        { db, tenant: result.tenant, actor: { kind: 'platform', id: 'demo-seed' }, now: () => new Date() },
        admin.id,
        password,
      );
    }
    signIns.push({ tenant: result.tenant.slug, login, password });
    log(
      result.created
        ? `  onboarded ${result.tenant.slug} (${result.units} units, ${result.reforms} reforms)`
        : `  ${result.tenant.slug} already onboarded`,
    );
  }
  // The status page shows data links once the status sweep has looked at them; look now.
  await runStatusSweep({ db, now: () => new Date() });
  return signIns;
}

/** The local platform administrator's console account (local runs only), with the demo password. */
export const DEMO_PLATFORM_LOGIN = 'platform@shequ.example.org';

export async function seedPlatformAdministrator(db: Database): Promise<DemoSignIn> {
  const password = demoPassword();
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(isNull(users.tenantId), sql`lower(${users.email}) = ${DEMO_PLATFORM_LOGIN}`));
  if (!existing)
    await createPlatformAdministrator(db, {
      email: DEMO_PLATFORM_LOGIN,
      displayName: '平台管理员 (demo)',
      password,
    });
  return { tenant: '', login: DEMO_PLATFORM_LOGIN, password };
}

export async function startSocketServer(
  db: ConstructorParameters<typeof PGLiteSocketServer>[0]['db'],
  port: number,
) {
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 });
  await server.start();
  return server;
}
