import { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNodeApp, serveNode } from '../../../functions/node';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';

/**
 * A page-cache hit on `npm run start:node` is written to the socket as it is kept (issue 17): Node's
 * server (`@hono/node-server`) ends the response with the stored bytes in one call. A body kept as
 * an ArrayBuffer was copied into a stream on every hit and read back chunk by chunk, which cost a
 * hit about twice what `/healthz` costs.
 */
let db: TestDatabase;
let city: TenantRow;
let server: ReturnType<typeof serveNode>;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  city = (await onboardTenant({ db: db.db }, smallCity())).tenant;
  await withTenant({ db: db.db, tenantId: city.id }, (tx) => seedPublicSite(tx, city, new Date()));
  const app = createNodeApp({
    db: db.db,
    config: { appEnv: 'test', platformToken: undefined, dataKey: undefined },
  });
  server = serveNode(app, 0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

describe('a page-cache hit through Node’s server', () => {
  it('is ended with the kept bytes in one piece, no chunk written before', async () => {
    const miss = await fetch(`${base}/t/${city.slug}`);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const page = new Uint8Array(await miss.arrayBuffer());
    expect(page.byteLength).toBeGreaterThan(4000);

    const write = vi.spyOn(ServerResponse.prototype, 'write');
    const end = vi.spyOn(ServerResponse.prototype, 'end');
    try {
      const hit = await fetch(`${base}/t/${city.slug}`);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(new Uint8Array(await hit.arrayBuffer())).toEqual(page);
      expect(hit.headers.get('content-length')).toBe(String(page.byteLength));
      const ended = end.mock.calls.map(([chunk]) => chunk).filter((chunk) => chunk instanceof Uint8Array);
      expect(ended.map((chunk) => (chunk as Uint8Array).byteLength)).toEqual([page.byteLength]);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      end.mockRestore();
    }
  });
});
