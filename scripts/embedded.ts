import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { seedCaseCatalog } from '../functions/cases/case-catalog.service';
import { seedSampleCases } from '../functions/cases/cases.seed';
import { createPlatformAdministrator, setPassword } from '../functions/identity/users.service';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { type LogKey, logKeyFrom } from '../functions/platform/crypto';
import type { Database } from '../functions/platform/db';
import { bindLogKey, withTenant } from '../functions/platform/db';
import { migratePglite, openPglite } from '../functions/platform/drivers/pglite';
import { runStatusSweep } from '../functions/public-site/data-links.service';
import { seedDemoKeys, seedPublicSite } from '../functions/public-site/public-site.seed';
import { seedCatalog } from '../functions/sharing/catalog/catalog.service';
import { seedPurposes } from '../functions/sharing/purposes/purposes.service';
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

/**
 * The log key local runs MAC the audit trail and access log with: AUDIT_KEY if set, else derived
 * from DATA_KEY or, without one, from the local data key above (as `npm start` hands the Worker).
 */
export function localLogKey(): LogKey {
  const key = logKeyFrom({
    auditKey: process.env.AUDIT_KEY,
    dataKey: process.env.DATA_KEY ?? localDataKey(),
  });
  if (!key) throw new Error('no log key');
  return key;
}

/** Opens (creating on first run) the persisted embedded Postgres and brings it to the latest migration. */
export async function openEmbedded() {
  mkdirSync(dataDir, { recursive: true });
  const handle = await openPglite({ dataDir: pgliteDir });
  await migratePglite(handle.client);
  bindLogKey(handle.db, localLogKey());
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

/**
 * The demo departments' API keys (local runs only), written once to .data/demo-api-keys.json when
 * they are issued: their secrets are shown once, like any key's, and only hashes are in the database.
 */
function saveDemoKeys(slug: string, keys: Record<string, string>, log: (line: string) => void) {
  const file = join(dataDir, 'demo-api-keys.json');
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all[slug] = keys;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  log(`  ${slug}: ${Object.keys(keys).length} demo department API keys in ${file}`);
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
      await seedPurposes(tx, result.tenant.id);
      await seedPublicSite(tx, result.tenant, new Date());
      await seedCaseCatalog(tx, result.tenant.id);
    });
    const keys = await seedDemoKeys(db, result.tenant, new Date());
    if (Object.keys(keys).length > 0) saveDemoKeys(result.tenant.slug, keys, log);
    const samples = await seedSampleCases(db, result.tenant, new Date());
    if (samples > 0) log(`  ${result.tenant.slug}: ${samples} sample cases`);
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

/**
 * The socket `npm start` puts in front of the embedded Postgres. PGlite is one session, and every
 * connection shares it; `maxConnections` is how many may be open at once, not how many sessions.
 */
export async function startSocketServer(db: PGlite, port: number) {
  const server = new PGLiteSocketServer({
    db: oneConnectionAtATime(db),
    port,
    host: '127.0.0.1',
    maxConnections: 32,
  });
  await server.start();
  return server;
}

/**
 * The database as pglite-socket should see it, so that a connection has the session to itself from
 * its first message until it is idle again (issue 15).
 *
 * pglite-socket 0.2.17 runs the connections' protocol messages one message at a time, and keeps the
 * session to one connection only while `isInTransaction()` is true: its queue then takes messages
 * from the connection that sent the last one and no other. PGlite answers that from the
 * transaction block, which is false from Parse to Sync of an extended-protocol exchange outside
 * BEGIN … COMMIT (and in the implicit transaction that runs it). In that gap another connection's
 * Parse replaced the unnamed statement, its Bind bound its parameters to someone else's statement,
 * and a `withTenant` BEGIN with its role and tenant landed inside someone else's exchange: 500s,
 * "unnamed prepared statement does not exist", valid sessions refused, tenants not found.
 *
 * Here `isInTransaction()` means "the session is not back to idle": true from a connection's
 * message until the session answers ReadyForQuery with status 'I'. So an exchange, a transaction
 * or a COPY is one connection's from start to end, and the next connection finds a clean session.
 * Little is given up: PGlite runs one statement at a time anyway, and the queue already kept
 * explicit transactions whole; an exchange is sent in one write, so it holds the session no longer
 * than PGlite takes to answer it.
 */
function oneConnectionAtATime(db: PGlite): PGlite {
  const session = new SessionWatch();
  const send = (message: Uint8Array) =>
    db.execProtocolRawStream(message, { onRawData: (data) => session.observe(data) });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => session.busy;
      if (property === 'execProtocolRawStream')
        return (message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }) => {
          // Terminate: the connection is leaving, and its close rolls back what it left open.
          if (message[0] !== TERMINATE) session.busy = true;
          return target.execProtocolRawStream(message, {
            ...options,
            onRawData: (data) => {
              session.observe(data);
              options.onRawData(data);
            },
          });
        };
      if (property === 'exec') {
        // pglite-socket calls exec only for ROLLBACK after a connection that closed holding the
        // session. The session may then be partway through an exchange rather than in a transaction
        // block, or skipping every message until a Sync after an error: end it the way a server
        // ends a closed connection's session (nothing it left is committed), on the raw protocol so
        // that PGlite logs no warning for a ROLLBACK outside a block.
        return async (query: string, options?: Parameters<PGlite['exec']>[1]) => {
          if (query.trim().toUpperCase() !== 'ROLLBACK') return target.exec(query, options);
          await target.runExclusive(async () => {
            if (session.skippingToSync) await send(SYNC);
            await send(ROLLBACK);
          });
          return [];
        };
      }
      const value = Reflect.get(target, property, target);
      // PGlite keeps its state in private fields, which its methods can reach only on PGlite itself.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const TERMINATE = 0x58; // 'X'
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S'
const ROLLBACK = (() => {
  const text = new TextEncoder().encode('ROLLBACK\0');
  const message = new Uint8Array(5 + text.length);
  message[0] = 0x51; // 'Q'
  new DataView(message.buffer).setInt32(1, 4 + text.length);
  message.set(text, 5);
  return message;
})();

/**
 * Follows the session's answers message by message (one may span chunks) for two things: whether
 * it is idle (ReadyForQuery 'I') and whether it is skipping messages until a Sync after an error
 * in an extended-protocol exchange (ErrorResponse not yet followed by ReadyForQuery).
 */
class SessionWatch {
  busy = false;
  skippingToSync = false;
  readonly #header = new Uint8Array(5);
  #headerBytes = 0;
  #bodyLeft = 0;

  observe(data: Uint8Array): void {
    for (let i = 0; i < data.length; ) {
      if (this.#headerBytes < 5) {
        this.#header[this.#headerBytes++] = data[i++] as number;
        if (this.#headerBytes === 5) {
          this.#bodyLeft = new DataView(this.#header.buffer).getInt32(1) - 4;
          if (this.#header[0] === ERROR_RESPONSE) this.skippingToSync = true;
          if (this.#bodyLeft === 0) this.#headerBytes = 0;
        }
        continue;
      }
      // ReadyForQuery's body is one byte, the transaction status.
      if (this.#header[0] === READY_FOR_QUERY) {
        this.busy = data[i] !== IDLE;
        this.skippingToSync = false;
      }
      const take = Math.min(this.#bodyLeft, data.length - i);
      i += take;
      this.#bodyLeft -= take;
      if (this.#bodyLeft === 0) this.#headerBytes = 0;
    }
  }
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const ERROR_RESPONSE = 0x45; // 'E'
const IDLE = 0x49; // 'I'
