import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Pool as NeonPool, neonConfig } from '@neondatabase/serverless';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSocketServer } from '../../../scripts/embedded';
import { startWsBridge } from '../../../scripts/ws-bridge';

/**
 * `npm start` puts one PGlite session behind a socket that many connections share: the Worker's
 * (Neon driver, through the WebSocket bridge) and CLI tools' (node-postgres). Each connection must
 * still behave as if it had the session to itself: its extended-protocol exchanges answered with
 * its own statement and parameters, its transaction seeing its own uncommitted rows and settings
 * and no one else's statements. Issue 15: four parallel clients lost a quarter of their requests.
 */
let db: PGlite;
let server: PGLiteSocketServer;
let bridge: Awaited<ReturnType<typeof startWsBridge>>;
let url: string;

beforeAll(async () => {
  // The migrated snapshot the node project's global setup made: loading it is faster than initdb.
  db = await PGlite.create({ loadDataDir: new Blob([readFileSync(inject('pgliteSnapshot'))]) });
  await db.exec('create table probe_rows (tag text not null, n int not null)');
  server = await startSocketServer(db, 0);
  const port = Number(server.getServerConn().split(':')[1]);
  url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  bridge = await startWsBridge({ port: 0, target: { host: '127.0.0.1', port } });
  neonConfig.webSocketConstructor = createRequire(import.meta.url)('ws');
  neonConfig.wsProxy = (host, p) => `127.0.0.1:${bridge.port}/v2?address=${host}:${p}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
});
afterAll(async () => {
  await bridge?.close();
  await server?.stop();
  await db?.close();
});

interface Queryable {
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  connect: () => Promise<
    Queryable & { release: (error?: Error | boolean) => void; query: Queryable['query'] }
  >;
  end: () => Promise<void>;
}

/**
 * One client's work, each step with values only it uses: a lone parameterized query, then a
 * transaction opened the way `withTenant` opens one (begin and a local setting in one simple
 * query) whose parameterized inserts and reads must see only its own rows and setting. Every
 * transaction rolls back, so outside a transaction the table is always empty: any row a
 * transaction sees that is not its own is another connection's uncommitted row. Returns what
 * went wrong, as text.
 */
async function work(pool: Queryable, client: string, rounds: number): Promise<string[]> {
  const wrong: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const tag = `${client}-${round}`;
    try {
      const { rows } = await pool.query('select $1::text as tag, $2::int as n', [tag, round]);
      if (rows[0]?.tag !== tag || rows[0]?.n !== round)
        wrong.push(`${tag}: plain query answered ${JSON.stringify(rows)}`);

      const connection = await pool.connect();
      try {
        await connection.query(`begin; select set_config('app.tag', '${tag}', true)`);
        await connection.query('insert into probe_rows (tag, n) values ($1, $2)', [tag, 1]);
        await connection.query('insert into probe_rows (tag, n) values ($1, $2)', [tag, 2]);
        const seen = await connection.query('select tag, n from probe_rows where n > $1 order by n', [0]);
        const expected = [
          { tag, n: 1 },
          { tag, n: 2 },
        ];
        if (JSON.stringify(seen.rows) !== JSON.stringify(expected))
          wrong.push(`${tag}: transaction saw ${JSON.stringify(seen.rows)}`);
        const setting = await connection.query(
          "select current_setting('app.tag', true) as tag, $1::int as n",
          [round],
        );
        if (setting.rows[0]?.tag !== tag || setting.rows[0]?.n !== round)
          wrong.push(`${tag}: setting read ${JSON.stringify(setting.rows)}`);
        await connection.query('rollback');
        connection.release();
      } catch (error) {
        connection.release(true);
        throw error;
      }
    } catch (error) {
      wrong.push(`${tag}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return wrong;
}

describe('the embedded Postgres behind its socket, shared by concurrent connections', () => {
  it('answers every connection with its own statements, parameters, rows and settings', async () => {
    const wrong: string[] = [];
    // Client-side timeouts: on a session that mixes connections up, a query may never be answered.
    const options = { connectionString: url, max: 3, query_timeout: 5_000, connectionTimeoutMillis: 5_000 };
    const pgPools = [0, 1].map(() => new pg.Pool(options));
    const neonPools = [0, 1].map(() => new NeonPool(options));
    const pools = [...pgPools, ...neonPools] as unknown as Queryable[];
    // An answer for no query the connection sent arrives as an error on the idle connection's pool.
    for (const pool of [...pgPools, ...neonPools])
      pool.on('error', (error: Error) => wrong.push(`idle connection: ${error.message}`));
    const rounds = 10;
    try {
      const results = await Promise.all(
        pools.flatMap((pool, p) =>
          [0, 1, 2].map((c) => work(pool, `${p < pgPools.length ? 'pg' : 'neon'}${p}.${c}`, rounds)),
        ),
      );
      wrong.push(...results.flat());
      // Each client's first failure, enough to see the kinds.
      const firsts = results.map((failures) => failures[0]).filter((failure) => failure !== undefined);
      expect(firsts, `${wrong.length} failures in ${pools.length * 3 * rounds} rounds`).toEqual([]);
      expect(wrong).toEqual([]);
      // Nothing left behind: every transaction rolled back and the session is idle again.
      const { rows } = await db.query('select count(*)::int as n from probe_rows');
      expect(rows).toEqual([{ n: 0 }]);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await Promise.all(
        pools.map((pool) => Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 1_000))])),
      );
    }
  });

  it('a connection that goes away partway leaves the session clean for the next one', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1, query_timeout: 5_000 });
    try {
      const left = [
        // In a transaction, with an uncommitted row.
        {
          send: query("begin; insert into probe_rows (tag, n) values ('left in a transaction', 1)"),
          until: 'Z',
        },
        // Partway through an exchange: a row inserted in its implicit transaction, no Sync yet.
        {
          send: Buffer.concat([
            parse("insert into probe_rows (tag, n) values ('left before sync', 1)"),
            bind(),
            execute(),
          ]),
          until: 'C',
        },
        // After an error in an exchange: the session skips everything until a Sync.
        { send: parse('selec 1'), until: 'E' },
      ];
      for (const { send, until } of left) {
        await leaveAfter(send, until);
        const { rows } = await pool.query('select count(*)::int as n, $1::text as tag from probe_rows', [
          until,
        ]);
        expect(rows).toEqual([{ n: 0, tag: until }]);
        expect(db.isInTransaction()).toBe(false);
      }
    } finally {
      await pool.end();
    }
  });
});

/** Opens a raw connection, sends `message` once started, and hangs up when a `type` answer came. */
async function leaveAfter(message: Buffer, type: string): Promise<void> {
  const [host, port] = server.getServerConn().split(':');
  const socket = connect(Number(port), host);
  let received = Buffer.alloc(0);
  const answered = (wanted: string) =>
    new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (backendTypes(received).includes(wanted)) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
  const started = answered('Z');
  socket.write(startup());
  await started;
  received = Buffer.alloc(0);
  const done = answered(type);
  socket.write(message);
  await done;
  socket.destroy();
}

function backendTypes(data: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 5 <= data.length; at += 1 + data.readInt32BE(at + 1))
    types.push(String.fromCharCode(data[at] as number));
  return types;
}

function frontend(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
const text = (value: string) => Buffer.from(`${value}\0`);
const query = (sql: string) => frontend('Q', text(sql));
const parse = (sql: string) => frontend('P', text(''), text(sql), Buffer.from([0, 0]));
const bind = () => frontend('B', text(''), text(''), Buffer.from([0, 0, 0, 0, 0, 0]));
const execute = () => frontend('E', text(''), Buffer.from([0, 0, 0, 0]));
function startup(): Buffer {
  const body = Buffer.concat([text('user'), text('postgres'), text('database'), text('postgres'), text('')]);
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(0x30000, 4); // protocol 3.0
  return Buffer.concat([header, body]);
}
