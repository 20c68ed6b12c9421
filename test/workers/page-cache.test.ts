import { describe, expect, it } from 'vitest';
import { cacheApiPageCache, layeredPageCache, memoryPageCache } from '../../functions/platform/page-cache';

/**
 * The Worker's page cache in workerd (issue 17): the isolate's memory in front of the real Cache
 * API. A page the isolate holds is answered from its memory without asking the Cache API; a page
 * another isolate stored is found in the Cache API once and then held in memory; both layers keep
 * the same bytes and headers.
 */
const cacheApi = () => (globalThis as unknown as { caches: { default: Cache } }).caches.default;
// As `cached()` stores a page: the Cache API keeps only what says how long it may.
const page = (html: string) =>
  new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      etag: '"v1"',
      'cache-control': 'public, max-age=60',
    },
  });

describe('the Worker’s layered page cache', () => {
  it('stores in both layers and answers from the isolate’s memory once it holds the page', async () => {
    const key = `https://page-cache.shequ.invalid/test/${crypto.randomUUID()}/path/?lang=zh`;
    const cache = layeredPageCache(memoryPageCache(8), cacheApiPageCache());
    await cache.put(key, page('<p>贵阳</p>'));
    const shared = await cacheApiPageCache().match(key);
    expect(await shared?.text()).toBe('<p>贵阳</p>');

    // Gone from the Cache API: the isolate still answers from its memory.
    await cacheApi().delete(new Request(key));
    expect(await cacheApiPageCache().match(key)).toBeUndefined();
    const hit = await cache.match(key);
    expect(hit?.headers.get('etag')).toBe('"v1"');
    expect(await hit?.text()).toBe('<p>贵阳</p>');
  });

  it('takes a page another isolate stored from the Cache API once, then holds it', async () => {
    const key = `https://page-cache.shequ.invalid/test/${crypto.randomUUID()}/path/?lang=en`;
    await layeredPageCache(memoryPageCache(8), cacheApiPageCache()).put(key, page('<p>Guiyang</p>'));
    const another = layeredPageCache(memoryPageCache(8), cacheApiPageCache());
    expect(await (await another.match(key))?.text()).toBe('<p>Guiyang</p>');
    await cacheApi().delete(new Request(key));
    const again = await another.match(key);
    expect(again?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await again?.text()).toBe('<p>Guiyang</p>');
    // A page no layer holds is a miss.
    expect(await another.match(`${key}&missing`)).toBeUndefined();
  });
});
