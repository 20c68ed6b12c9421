import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
    platformToken: string;
    serverLog: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

/** Starts `npm start`'s script exactly as a person would, but on scratch data and free ports. */
export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'shequ-e2e-'));
  const [port, pglitePort, bridgePort] = [await freePort(), await freePort(), await freePort()];
  const logFile = join(dataDir, 'server.log');
  const log = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SHEQU_DATA_DIR: dataDir,
    PORT: String(port),
    PGLITE_PORT: String(pglitePort),
    WS_BRIDGE_PORT: String(bridgePort),
  };
  // The embedded database and the local secrets, whatever the calling shell has set.
  for (const name of ['DATABASE_URL', 'PLATFORM_TOKEN', 'DATA_KEY']) delete env[name];
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  const exited = new Promise<never>((_, reject) =>
    server?.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before it was ready:\n${readFileSync(logFile, 'utf8')}`)),
    ),
  );
  const ready = (async () => {
    for (;;) {
      if (readFileSync(logFile, 'utf8').includes('Shequ is running')) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  await Promise.race([ready, exited]);
  const read = (name: string) => readFileSync(join(dataDir as string, name), 'utf8').trim();
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  project.provide('demoPassword', read('demo-password'));
  project.provide('platformToken', read('platform-token'));
  project.provide('serverLog', logFile);
}

export async function teardown() {
  if (server?.pid && server.exitCode === null) {
    const stopped = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (dataDir && !process.env.SHEQU_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
}
