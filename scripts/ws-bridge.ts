import { createRequire } from 'node:module';
import { connect } from 'node:net';

// Loaded through require: beside the Cloudflare vitest plugin, an ESM import of `ws` resolves to
// its browser stub.
const { WebSocketServer } = createRequire(import.meta.url)('ws') as typeof import('ws');

/**
 * The WebSocket→TCP bridge that lets the Neon serverless driver (which speaks Postgres over a
 * WebSocket) reach a plain Postgres: the embedded PGlite behind pglite-socket, or any server.
 * It only ever connects to the one target it was started with.
 */
export async function startWsBridge(options: {
  port: number;
  host?: string;
  target: { host: string; port: number };
}) {
  const server = new WebSocketServer({ port: options.port, host: options.host ?? '127.0.0.1' });
  server.on('connection', (socket) => {
    const tcp = connect(options.target.port, options.target.host);
    const pending: Buffer[] = [];
    let open = false;
    tcp.on('connect', () => {
      open = true;
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (open) tcp.write(chunk);
      else pending.push(chunk);
      // A Postgres Terminate message ('X', length 4) ends the session. A real server hangs up
      // then; pglite-socket does not, so without this every closed pool would leak a connection.
      if (endsWithTerminate(chunk)) {
        tcp.end();
        socket.close();
      }
    });
    tcp.on('data', (chunk) => socket.send(chunk));
    const closeBoth = () => {
      tcp.destroy();
      socket.close();
    };
    tcp.on('close', closeBoth);
    tcp.on('error', closeBoth);
    socket.on('close', () => tcp.destroy());
    socket.on('error', () => tcp.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

function endsWithTerminate(chunk: Buffer): boolean {
  return (
    chunk.length >= TERMINATE.length && chunk.subarray(chunk.length - TERMINATE.length).equals(TERMINATE)
  );
}
