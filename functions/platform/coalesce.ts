/**
 * Concurrent reads of the same thing share one statement, and none is answered from a statement
 * that started before it was asked (so a write committed before a request arrived is always seen).
 *
 * With no read of `key` in flight, a caller starts one. While one is in flight, callers wait for it
 * to end and then share the next one, which starts after all of them asked: at most one in flight
 * and one waiting per key, however many ask. Each caller gets its read's result or its error.
 *
 * Per `Coalescer`, so per database handle: on Node one handle serves every request; a Worker opens
 * one per request (and must not share I/O across requests), so nothing is shared there.
 */
export class Coalescer<T> {
  readonly #slots = new Map<string, { current?: Promise<T>; next?: Promise<T> }>();

  read(key: string, run: () => Promise<T>): Promise<T> {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = {};
      this.#slots.set(key, slot);
    }
    const own = slot;
    const start = (): Promise<T> => {
      const flight = run();
      own.current = flight;
      const settle = () => {
        if (own.current === flight) own.current = undefined;
        // Forget the key once nothing is in flight or waiting (keys are what requests name).
        if (!own.current && !own.next && this.#slots.get(key) === own) this.#slots.delete(key);
      };
      flight.then(settle, settle);
      return flight;
    };
    if (!own.current) return start();
    if (!own.next) {
      const after = own.current.then(
        () => undefined,
        () => undefined,
      );
      own.next = after.then(() => {
        own.next = undefined;
        return start();
      });
    }
    return own.next;
  }

  /** Keys with a read in flight or waiting (tests). */
  get size(): number {
    return this.#slots.size;
  }
}
