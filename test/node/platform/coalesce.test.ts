import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../../functions/platform/coalesce';

/** A read whose end the test decides. */
function controlled() {
  const flights: { startedAt: number; resolve: (value: number) => void; reject: (error: Error) => void }[] =
    [];
  let clock = 0;
  const run = () =>
    new Promise<number>((resolve, reject) => {
      flights.push({ startedAt: clock, resolve, reject });
    });
  return { flights, run, tick: () => ++clock, now: () => clock };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalesced reads', () => {
  it('share one read among callers, and never answer a caller from a read that started before it asked', async () => {
    const c = new Coalescer<number>();
    const { flights, run } = controlled();
    const a = c.read('city', run);
    const b = c.read('city', run);
    const d = c.read('city', run);
    // One in flight; b and d wait for the next, which starts only after they asked.
    expect(flights).toHaveLength(1);
    flights[0]?.resolve(1);
    expect(await a).toBe(1);
    await settle();
    expect(flights).toHaveLength(2);
    flights[1]?.resolve(2);
    // A plain single-flight would have handed b and d the first read's 1: a version read before a
    // write they had already seen committed.
    expect([await b, await d]).toEqual([2, 2]);
    expect(c.size).toBe(0);
  });

  it('keeps keys apart and passes a read’s error to its callers only', async () => {
    const c = new Coalescer<number>();
    const { flights, run } = controlled();
    const a = c.read('a', run);
    const b = c.read('b', run);
    expect(flights).toHaveLength(2);
    const waiting = c.read('a', run);
    flights[0]?.reject(new Error('lost connection'));
    await expect(a).rejects.toThrow('lost connection');
    await settle();
    flights[2]?.resolve(7);
    expect(await waiting).toBe(7);
    flights[1]?.resolve(3);
    expect(await b).toBe(3);
    expect(c.size).toBe(0);
  });

  it('for any interleaving of asks and ends: each answer comes from a read started after the ask, one read in flight at a time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), async (steps) => {
        const c = new Coalescer<number>();
        const { flights, run, tick, now } = controlled();
        const answers: Promise<{ askedAt: number; startedAt: number }>[] = [];
        let ended = 0;
        for (const ask of steps) {
          tick();
          if (ask) {
            const askedAt = now();
            answers.push(c.read('k', run).then((startedAt) => ({ askedAt, startedAt })));
          } else if (ended < flights.length) {
            const flight = flights[ended++];
            flight?.resolve(flight.startedAt);
          }
          await settle();
          expect(flights.length - ended).toBeLessThanOrEqual(1);
        }
        while (ended < flights.length) {
          const flight = flights[ended++];
          flight?.resolve(flight.startedAt);
          await settle();
        }
        for (const answer of await Promise.all(answers))
          expect(answer.startedAt).toBeGreaterThanOrEqual(answer.askedAt);
        expect(c.size).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
