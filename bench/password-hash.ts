/**
 * CPU cost of one password hash (PBKDF2-SHA256, 100,000 iterations) inside workerd, the runtime
 * production Workers use, against the same code in Node as the baseline.
 *
 *   npm run bench:password
 *
 * The real `functions/auth/password.ts` is bundled with esbuild into a small Worker and served by
 * Miniflare. Each sample times a request that hashes N passwords minus one that hashes none, so
 * request overhead cancels out; PBKDF2 is pure CPU, so this wall time is its CPU time.
 */
import { cpus } from 'node:os';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { hashPassword, PBKDF2_ITERATIONS } from '../functions/identity/password';

const HASHES_PER_SAMPLE = 10;
const SAMPLES = 9;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const bundled = await build({
  stdin: {
    contents: `
      import { hashPassword } from './functions/auth/password';
      export default {
        async fetch(request) {
          const n = Number(new URL(request.url).searchParams.get('n') ?? '0');
          for (let i = 0; i < n; i++) await hashPassword('Correct-horse-battery-' + i);
          return new Response(String(n));
        },
      };`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  write: false,
  platform: 'neutral',
  mainFields: ['module', 'main'],
});
const script = bundled.outputFiles[0]?.text ?? '';
const mf = new Miniflare(
  convertV4MiniflareOptions({ modules: true, script, compatibilityDate: '2026-11-01' }),
);

async function timeRequest(n: number): Promise<number> {
  const start = performance.now();
  const response = await mf.dispatchFetch(`http://bench/?n=${n}`);
  await response.text();
  return performance.now() - start;
}

await timeRequest(HASHES_PER_SAMPLE); // warm up
const workerd: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const empty = await timeRequest(0);
  const full = await timeRequest(HASHES_PER_SAMPLE);
  workerd.push((full - empty) / HASHES_PER_SAMPLE);
}
await mf.dispose();

await hashPassword('warm-up-password-1');
const node: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const start = performance.now();
  for (let j = 0; j < HASHES_PER_SAMPLE; j++) await hashPassword(`Correct-horse-battery-${j}`);
  node.push((performance.now() - start) / HASHES_PER_SAMPLE);
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, Node ${process.version}`);
console.log(
  `PBKDF2-SHA256, ${PBKDF2_ITERATIONS.toLocaleString('en')} iterations; ${SAMPLES} samples of ${HASHES_PER_SAMPLE} hashes`,
);
console.log(
  `workerd: median ${median(workerd).toFixed(1)} ms per hash (min ${Math.min(...workerd).toFixed(1)}, max ${Math.max(...workerd).toFixed(1)})`,
);
console.log(`node:    median ${median(node).toFixed(1)} ms per hash (baseline)`);
console.log(`ratio workerd/node: ${(median(workerd) / median(node)).toFixed(2)}`);
