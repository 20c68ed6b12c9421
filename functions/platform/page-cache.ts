/**
 * A cache for rendered public pages. Keys carry the city's public-site version, which triggers
 * bump in the same transaction as any change a page shows, so a change makes every cached copy
 * unreachable at once (in every Cloudflare data center), with no purge call to get lost.
 */
export interface PageCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/** Cloudflare's Cache API (`caches.default`): per data center, shared by every isolate there. */
export function cacheApiPageCache(): PageCache {
  const store = () => (globalThis as unknown as { caches: { default: Cache } }).caches.default;
  return {
    async match(key) {
      return (await store().match(new Request(key))) ?? undefined;
    },
    async put(key, response) {
      await store().put(new Request(key), response);
    },
  };
}

/** For the Node entry: a small in-process LRU (one process, so no cross-node invalidation needed). */
export function memoryPageCache(capacity = 256): PageCache {
  const entries = new Map<
    string,
    { status: number; headers: [string, string][]; body: Uint8Array<ArrayBuffer> }
  >();
  return {
    async match(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      // The stored bytes are never written to; a Response reads its body without changing it. A
      // Uint8Array (not an ArrayBuffer) is what Node's server writes to the socket as it is: it
      // copies an ArrayBuffer into a stream and reads that back chunk by chunk.
      return new Response(entry.body, { status: entry.status, headers: entry.headers });
    },
    async put(key, response) {
      const body = new Uint8Array(await response.arrayBuffer());
      entries.set(key, { status: response.status, headers: [...response.headers.entries()], body });
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}

/**
 * The isolate's own memory in front of a shared cache (the Worker: `memoryPageCache` before the
 * Cache API). An isolate serves many requests, and a hit in its memory is a Response over bytes it
 * already holds — no Cache API lookup, no body streamed in — while the Cache API still shares a
 * page between the isolates of a data center. Both are keyed alike, by the city's public-site
 * version, so a change reaches every isolate's copy at once as it reaches the Cache API's.
 */
export function layeredPageCache(near: PageCache, far: PageCache): PageCache {
  const copy = (body: Uint8Array<ArrayBuffer>, from: Response) =>
    new Response(body, { status: from.status, headers: new Headers(from.headers) });
  return {
    async match(key) {
      const hit = await near.match(key);
      if (hit) return hit;
      const found = await far.match(key);
      if (!found) return undefined;
      const body = new Uint8Array(await found.arrayBuffer());
      await near.put(key, copy(body, found));
      return copy(body, found);
    },
    async put(key, response) {
      const body = new Uint8Array(await response.arrayBuffer());
      await near.put(key, copy(body, response));
      await far.put(key, copy(body, response));
    },
  };
}
