import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp, serveNode } from '../../../../functions/node';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids } from '../../../support/identity';
import { departmentKey } from '../../../support/sharing';

/**
 * Uploads over a real socket, as a client sends them: a body over the limit is answered with a
 * 413 the client reads (not a reset connection), and an import stops when its client leaves.
 */
let db: TestDatabase;
let city: TenantRow;
let server: ReturnType<typeof serveNode>;
let port: number;
let key: string;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  key = (await departmentKey(testApp(db.db), city.slug, 'civil_affairs', ['residents:write'])).secret;
  const app = createNodeApp({
    db: db.db,
    config: { appEnv: 'test', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
  });
  server = serveNode(app, 0);
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

/** Sends `size` bytes (in 1 MB writes, as fast as the socket takes them) and reads the answer. */
function post(query: string, size: number, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/v1/t/${city.slug}/imports?${query}`,
        headers: { authorization: `Bearer ${key}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part) => {
          text += part;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (error) => resolve({ error: String(error) }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? String(error) }));
    const block = Buffer.alloc(1024 * 1024, 0x50);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        const part = block.subarray(0, Math.min(block.length, size - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('uploads over a socket', () => {
  it('a 100 MB .xlsx is a 413 before a byte is read (was a 422 after 10 MB; under wrangler dev, often a reset connection)', async () => {
    const jobs = (await db.query<{ n: number }>('select count(*)::int as n from import_jobs'))[0]?.n;
    const size = 100 * 1024 * 1024;
    const answer = await post('format=xlsx&domain=minimum_income&sourceSystem=x', size, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-length': String(size),
    });
    expect(answer).toMatchObject({ status: 413 });
    expect(JSON.parse((answer as { body: string }).body)).toMatchObject({
      error: {
        code: 'import.too_large',
        params: { format: 'xlsx', megabytes: 10 },
        message: 'The upload is larger than 10 MB, the limit for xlsx.',
      },
    });
    expect((await db.query<{ n: number }>('select count(*)::int as n from import_jobs'))[0]?.n).toBe(jobs);
  }, 60_000);

  it('a 20 MB .xlsx sent without a declared length is a 413 too', async () => {
    const answer = await post('format=xlsx&domain=minimum_income&sourceSystem=x', 20 * 1024 * 1024, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'transfer-encoding': 'chunked',
    });
    expect(answer).toMatchObject({ status: 413 });
  }, 60_000);

  it('an import stops when its client leaves mid-upload, and its job shows interrupted', async () => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/v1/t/${city.slug}/imports?format=ndjson&sourceSystem=leaving`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    });
    req.on('error', () => {});
    // A megabyte and a half of one line, then nothing more: the client gives up.
    req.write(Buffer.alloc(1536 * 1024, 0x61));
    const job = async () =>
      (
        await db.query<{ status: string; lines_read: number }>(
          `select status, lines_read from import_jobs where tenant_id = $1 and principal like 'api_client:%'
            order by created_at desc limit 1`,
          [city.id],
        )
      )[0];
    for (let i = 0; i < 100 && !(await job()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await job()).toMatchObject({ status: 'running' });
    req.destroy();
    let last = await job();
    for (let i = 0; i < 150 && last?.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      last = await job();
    }
    expect(last).toEqual({ status: 'interrupted', lines_read: 0 });
  });
});
