import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../functions/platform/canonical';

/**
 * `canonicalJson` hashes idempotency requests (a facet push: an upload's line, for people) and
 * audit rows. A request nested 10,000 deep overflowed its recursion (a 500); it is iterative now,
 * and must still write exactly what it wrote, since those hashes are stored.
 */
describe('canonicalJson', () => {
  /** The recursive original, for comparison on documents it could handle. */
  function recursive(value: unknown): string {
    const sortKeys = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(sortKeys);
      if (v && typeof v === 'object')
        return Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((key) => [key, sortKeys((v as Record<string, unknown>)[key])]),
        );
      return v;
    };
    return JSON.stringify(sortKeys(value));
  }

  it('writes what the recursive version wrote (hashes already stored must not change)', () => {
    const samples: unknown[] = [
      null,
      0,
      -0,
      Number.NaN,
      'text "quoted" \\ \u2028 \ud83d\ude00',
      true,
      [],
      {},
      [1, undefined, () => 1, null, [2, [3]], { b: 1, a: undefined }],
      {
        z: 1,
        a: { d: [1, { y: 2, x: 3 }], c: null },
        m: new Date(0),
        '10': 1,
        '9': 2,
        '01': 3,
        '-1': 4,
        '1.5': 5,
      },
      { '4294967294': 1, '4294967295': 2, b: { __proto__: null, k: 'v' } },
      // Flat objects take a shorter path: keys that are indexes, dropped values, quoting.
      { b: 1, a: 'x', '2': true, '10': null, '01': Number.NaN, u: undefined, f: () => 1, '"': '\u2028' },
      { __proto__: null, z: -0, y: 'é' },
      // biome-ignore lint/suspicious/noSparseArray: holes are part of what is compared
      [, 1, , 2],
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(recursive(sample));
    expect(canonicalJson(undefined)).toBe(recursive(undefined));
  });

  it('writes what the recursive version wrote, for generated documents, flat and nested', () => {
    const primitive = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const key = fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('__proto__', 'constructor'));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, primitive), fc.jsonValue()), (document) => {
        expect(canonicalJson(document)).toBe(recursive(document));
      }),
      { numRuns: 500 },
    );
  });

  it('takes a document 100,000 deep (was a stack overflow at 10,000) and refuses a cycle', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}{"b":1,"a":2}${']'.repeat(100_000)}`);
    expect(canonicalJson(deep)).toBe(`${'['.repeat(100_000)}{"a":2,"b":1}${']'.repeat(100_000)}`);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});
