/**
 * Directus beside Shequ in `bench/deploy.ts` (issue 17): the same residents in a Directus
 * collection, read one at a time with a static token of a non-admin user whose policy may read
 * them — what a department would otherwise run as a shared data store. Not a dependency of Shequ:
 * Directus is installed in a folder of its own and named by BENCH_DIRECTUS_DIR, e.g.
 *   mkdir /tmp/directus && cd /tmp/directus && npm init -y && npm install directus@12.3.1 pg@8
 * (12.4's `@directus/app` was not on the registry this machine reaches). Directus 12 needs Node ≥ 22
 * and its `isolated-vm` (the extension sandbox) must be built for the Node that runs it; with Node
 * 24 the bench runs it on (`node_modules/.bin/node`), isolated-vm 7's prebuilt binary for Node 24
 * replaces the 5.x Directus pins:
 *   npm pack isolated-vm@7.0.2 && tar xzf isolated-vm-7.0.2.tgz && rm -rf node_modules/isolated-vm \
 *     && mv package node_modules/isolated-vm && npm install --no-save node-gyp-build@4
 * The bench gives Directus a scratch database of its own on the same PostgreSQL server, bootstraps
 * it, starts it as a child process (its CPU is read from /proc like the other servers'), and drops
 * the database at the end. Directus's caches are off (as Shequ caches no pull) and its rate limiter
 * is off.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export interface DirectusTarget {
  label: string;
  base: string;
  process: ChildProcess;
  /** Reads resident i (of the ids given) with the reader's static token; 1 when it answered. */
  pull: (i: number) => Promise<number>;
  dispose: () => Promise<void>;
}

export async function startDirectus(options: {
  dir: string;
  server: string;
  port: number;
  residents: { id: string; name: string }[];
}): Promise<DirectusTarget> {
  const name = `shequ_bench_directus_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(options.server);
  const password = randomBytes(12).toString('hex');
  const env = {
    ...process.env,
    DB_CLIENT: 'pg',
    DB_HOST: url.hostname,
    DB_PORT: url.port || '5432',
    DB_DATABASE: name,
    DB_USER: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { DB_PASSWORD: decodeURIComponent(url.password) } : {}),
    KEY: randomBytes(16).toString('hex'),
    SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: password,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    CACHE_ENABLED: 'false',
    RATE_LIMITER_ENABLED: 'false',
    TELEMETRY: 'false',
    LOG_LEVEL: 'warn',
  };
  const cli = join(options.dir, 'node_modules', 'directus', 'cli.js');
  const bootstrapped = await new Promise<boolean>((resolve) => {
    const bootstrap = spawn(process.execPath, [cli, 'bootstrap'], {
      env,
      cwd: options.dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    bootstrap.on('exit', (code) => resolve(code === 0));
  });
  if (!bootstrapped) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw new Error('directus bootstrap failed (its error is above)');
  }
  const child = spawn(process.execPath, [cli, 'start'], {
    env,
    cwd: options.dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${options.port}`;
  const dispose = async () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`${base}/server/ping`)
        .then((response) => response.ok)
        .catch(() => false);
      if (up) break;
      if (attempt > 240) throw new Error('Directus did not start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const token = await seed(base, password, options.residents);
    const headers = { authorization: `Bearer ${token}` };
    const pull = async (i: number) => {
      const id = options.residents[i % options.residents.length]?.id;
      const response = await fetch(`${base}/items/residents/${id}`, { headers });
      const body = (await response.json()) as { data?: { name?: string } };
      if (response.status !== 200 || !body.data?.name)
        throw new Error(`Directus read ${response.status}: ${JSON.stringify(body)}`);
      return 1;
    };
    return { label: 'Directus 12', base, process: child, pull, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The collection, the residents, and a reader (a user with a policy that may read them): its token. */
async function seed(base: string, password: string, residents: { id: string; name: string }[]) {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { data?: Record<string, unknown> };
    if (!response.ok) throw new Error(`Directus ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.data ?? {};
  };
  const login = await call('/auth/login', { email: 'admin@example.com', password });
  const admin = String(login.access_token);
  const text = (field: string) => ({ field, type: 'string' });
  await call(
    '/collections',
    {
      collection: 'residents',
      schema: {},
      meta: {},
      fields: [
        { field: 'id', type: 'uuid', meta: { special: ['uuid'] }, schema: { is_primary_key: true } },
        text('name'),
        text('id_number'),
        text('sex'),
        { field: 'birth_date', type: 'date' },
        text('phone'),
        text('unit_name'),
      ],
    },
    admin,
  );
  for (let at = 0; at < residents.length; at += 500)
    await call(
      '/items/residents',
      residents.slice(at, at + 500).map((resident, i) => ({
        ...resident,
        id_number: `52010219500101${String(at + i).padStart(4, '0')}`,
        sex: 'F',
        birth_date: '1950-01-01',
        unit_name: '基准社区',
      })),
      admin,
    );
  const token = `reader-${randomBytes(16).toString('hex')}`;
  const user = await call('/users', { email: 'reader@example.com', password, token }, admin);
  // Field-level read rules are a licensed feature of Directus 12: the policy reads whole rows.
  await call(
    '/policies',
    {
      name: 'reader',
      admin_access: false,
      app_access: false,
      permissions: [{ collection: 'residents', action: 'read', fields: ['*'] }],
      users: [{ user: user.id }],
    },
    admin,
  );
  return token;
}
