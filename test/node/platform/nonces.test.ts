import { describe, expect, it } from 'vitest';
import { randomNonce } from '../../../functions/platform/crypto';

/**
 * Access-log nonces come from a pool of random bytes refilled 4 KB at a time (one call to the
 * system's generator per 256 nonces). A pool that handed out the same bytes twice, or ran past its
 * end, would repeat nonces: copied rows are told apart by theirs.
 */
describe('randomNonce', () => {
  it('never repeats across many refills of its pool, and keeps its length and alphabet', () => {
    const nonces = Array.from({ length: 5000 }, () => randomNonce(16));
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(nonce).toMatch(/^[a-z2-7]{26}$/);
    // Other sizes share the pool without overlapping what was handed out.
    const mixed = Array.from({ length: 600 }, (_, i) => randomNonce(1 + (i % 40)));
    expect(new Set(mixed.filter((nonce) => nonce.length >= 26)).size).toBe(
      mixed.filter((nonce) => nonce.length >= 26).length,
    );
    expect(randomNonce(300)).toHaveLength(480);
  });
});
