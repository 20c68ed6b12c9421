/**
 * wrk (Debian's `apt-get install -y wrk`), a load generator written in C, as the client of the
 * benches' simple GETs: on a two-core machine the client shares the cores with the server, and
 * undici's `fetch` spends more per request (0.1–0.2 ms, more for a 13 KB body) than the server
 * does for `/healthz` or a cached page, so a ratio between two such paths measured through it says
 * as much about the client as about the server. wrk's own CPU stays small and nearly the same for
 * both paths.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const WRK = '/usr/bin/wrk';
export const wrkAvailable = () => existsSync(WRK) && process.env.BENCH_HTTP_CLIENT !== 'fetch';

export interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Answers outside 2xx/3xx (a 404 path expects all of them). */
  non2xx: number;
}

const ms = (value: string, unit: string) => Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);

export function wrk(url: string, clients: number, seconds: number): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    execFile(
      WRK,
      ['-t2', `-c${clients}`, `-d${seconds}s`, '--latency', url],
      { encoding: 'utf8' },
      (error, stdout) => {
        if (error) return reject(error);
        const latency = (q: string) => {
          const found = new RegExp(`\\b${q}%\\s+([\\d.]+)(us|ms|s)\\b`).exec(stdout);
          return found ? ms(found[1] as string, found[2] as string) : Number.NaN;
        };
        resolve({
          requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
          rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
          p50: latency('50'),
          p99: latency('99'),
          non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
        });
      },
    );
  });
}
