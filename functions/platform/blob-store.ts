/**
 * Where uploaded files live: an R2 bucket on Workers (wrangler dev emulates it locally), a folder
 * under .data/ in Node, memory in tests. Keys are chosen by the caller and never come from a client.
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
}

/** The subset of Cloudflare's R2Bucket this uses (so the type needs no Workers types here). */
interface R2Like {
  put(
    key: string,
    value: Uint8Array,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<unknown>;
  get(
    key: string,
  ): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; httpMetadata?: { contentType?: string } } | null>;
}

export function r2BlobStore(bucket: R2Like): BlobStore {
  return {
    put: async (key, body, contentType) => {
      await bucket.put(key, body, { httpMetadata: { contentType } });
    },
    get: async (key) => {
      const object = await bucket.get(key);
      if (!object) return undefined;
      return {
        body: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
      };
    },
  };
}

export function memoryBlobStore(): BlobStore {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    put: async (key, body, contentType) => {
      objects.set(key, { body: body.slice(), contentType });
    },
    get: async (key) => objects.get(key),
  };
}
