/**
 * Worker memory under `npm start`, not a timed test: does workerd's resident memory level off
 * under a steady stream of pulls, or grow with them?
 *   PORT=8795 npm start                 # in another shell, then:
 *   BENCH_BASE=http://127.0.0.1:8795 npx tsx bench/worker-memory.ts
 * Signs in as Guiyang's city administrator (password from .data/demo-password), gives 民政 an API
 * client and key, registers a resident, then pulls it (GET …/residents/{id} with the key and an
 * X-Purpose) BENCH_PULLS times from 8 concurrent clients, sampling the RSS of this checkout's
 * workerd processes (/proc/<pid>/status VmRSS) every 1,000 pulls and once more after a 60 s pause.
 * wrangler dev runs two workerd processes: the one listening on PORT is its proxy, the other runs
 * the Worker; both are shown, and wrangler's own Node process (which logs each request).
 */

import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const BASE = process.env.BENCH_BASE ?? 'http://127.0.0.1:8787';
const PULLS = Number(process.env.BENCH_PULLS ?? 20_000);
const EVERY = 1_000;
const CONCURRENCY = 8;
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const password = readFileSync('.data/demo-password', 'utf8').trim();

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** A fresh valid GB 11643 number, so the script can be run again on the same data. */
function idNumber() {
  const body = `110105194912${String(randomInt(10, 29))}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}

/** This checkout's workerd processes and wrangler's own Node process: [pid, role]. */
function serverProcesses(): [number, string][] {
  const port = new URL(BASE).port;
  let pids: string[] = [];
  try {
    pids = execFileSync('pgrep', ['-f', 'workerd|wrangler-dist/cli.js'], { encoding: 'utf8' })
      .trim()
      .split('\n');
  } catch {
    return [];
  }
  return pids.flatMap((pid): [number, string][] => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (readlinkSync(`/proc/${pid}/cwd`) !== process.cwd()) return [];
      if (cmdline.slice(1, 4).some((arg) => arg.endsWith('wrangler-dist/cli.js')))
        return [[Number(pid), 'wrangler (Node)']];
      if (!cmdline[0]?.endsWith('/workerd')) return [];
      const proxy = cmdline.includes(`--socket-addr=entry=127.0.0.1:${port}`);
      return [[Number(pid), proxy ? 'workerd proxy' : 'workerd Worker']];
    } catch {
      return [];
    }
  });
}
const processes = serverProcesses().sort(([, a], [, b]) => b.localeCompare(a));
if (!processes.some(([, role]) => role === 'workerd Worker'))
  throw new Error(`no workerd of ${process.cwd()} found`);
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Math.round(Number(line?.[1]) / 1024);
};

const { token } = await call('/v1/auth/sign-in', {
  body: { tenant: 'guiyang', login: 'admin@guiyang.example.org', password },
});
const departments = await call('/v1/t/guiyang/departments', { token });
const dept = departments.items.find((d: { key: string }) => d.key === 'civil_affairs').id;
const client = await call('/v1/t/guiyang/api-clients', {
  token,
  body: { departmentId: dept, name: `民政内存测试 ${Date.now()}` },
});
const key = (
  await call(`/v1/t/guiyang/api-clients/${client.id}/keys`, {
    token,
    body: { scopes: ['residents:read'] },
  })
).secret;
const unit = (await call('/v1/t/guiyang/org-units?level=community&limit=1')).items[0].id;
const resident = await call('/v1/t/guiyang/residents', {
  token,
  body: { idNumber: idNumber(), name: '内存测试居民', addressUnitId: unit, room: '3-2-101' },
});
// BENCH_TARGET=healthz (one `select 1` over a connection of its own) or notfound (no database
// connection) instead of pulls, to tell what the Worker's growth comes with.
const target = process.env.BENCH_TARGET ?? 'pull';
const pullPath: string | undefined = {
  pull: `${BASE}/v1/t/guiyang/residents/${resident.id}`,
  healthz: `${BASE}/healthz`,
  notfound: `${BASE}/v1/no-such-route`,
}[target];
if (!pullPath) throw new Error(`BENCH_TARGET: pull, healthz or notfound, not ${target}`);
const url = pullPath;
const pullHeaders = { authorization: `Bearer ${key}`, 'x-purpose': encodeURIComponent('低保复核') };

const rows: { pulls: number | string; seconds: number; rss: number[]; rate: string }[] = [];
const sample = (pulls: number | string, seconds: number, rate: string) => {
  rows.push({ pulls, seconds, rss: processes.map(([pid]) => rssMb(pid)), rate });
  console.error(JSON.stringify(rows.at(-1))); // progress
};
const started = performance.now();
sample(0, 0, '');

let issued = 0;
let done = 0;
let failures = 0;
let windowStart = performance.now();
async function pullLoop() {
  while (issued < PULLS) {
    issued++;
    const response = await fetch(url, { headers: pullHeaders });
    await response.arrayBuffer();
    if (response.ok !== (target !== 'notfound')) failures++;
    done++;
    if (done % EVERY === 0) {
      const now = performance.now();
      sample(done, Math.round((now - started) / 1000), ((EVERY * 1000) / (now - windowStart)).toFixed(0));
      windowStart = now;
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, pullLoop));
await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
sample(`${done} + ${IDLE_MS / 1000} s idle`, Math.round((performance.now() - started) / 1000), '');

console.log(
  `machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ${CONCURRENCY} clients, ${target}, ${failures} failed`,
);
const roles = processes.map(([pid, role]) => `${role} RSS MB (pid ${pid})`);
console.log(`| pulls | s | ${roles.join(' | ')} | pulls/s |`);
console.log(`|---:|---:|${roles.map(() => '---:|').join('')}---:|`);
for (const row of rows)
  console.log(`| ${row.pulls} | ${row.seconds} | ${row.rss.join(' | ')} | ${row.rate} |`);
