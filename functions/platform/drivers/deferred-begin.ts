import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { PREPARED } from '../db';

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `shq_${encodeHexLowerCase(sha256(new TextEncoder().encode(text))).slice(0, 24)}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * One round trip fewer per transaction. Drizzle opens a transaction with a bare `begin` and waits
 * for its answer before sending the first statement. On a pooled connection patched here, `begin`
 * is answered at once and sent together with the next statement when that one has no parameters
 * (simple query protocol: `begin;select …` is one message and one answer); `withTenant`'s
 * role-and-tenant statement is such a statement. A parameterized next statement gets its own
 * `begin` first, exactly as before. Errors surface on that next statement, and Drizzle's rollback
 * follows as usual.
 */

interface QueryConfig {
  text?: string;
  name?: string;
  values?: unknown[];
}
interface QueryClient {
  query: (...args: unknown[]) => unknown;
}

const patched = new WeakSet<object>();

/** A statement marked `PREPARED`, in the object form Drizzle sends. */
function isPrepared(config: unknown): config is QueryConfig & { text: string } {
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof (config as QueryConfig).text === 'string' &&
    ((config as QueryConfig).text as string).startsWith(PREPARED)
  );
}

/**
 * `namedStatements: false` sends every statement unnamed (Drizzle's `.prepare(name)` and
 * `PREPARED` statements included). Use it where a connection's session is not the connection's
 * own or does not outlive the request: the Worker's pool per request (nothing to reuse), a
 * transaction-mode pooler, or the embedded PGlite behind its socket (one session shared by every
 * connection, where a second connection's `prepare` fails with "already exists").
 */
export function deferBegin(client: QueryClient, options: { namedStatements: boolean }): void {
  if (patched.has(client)) return;
  patched.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let pending = false;
  client.query = (...args: unknown[]) => {
    const [config, values] = args;
    if (!options.namedStatements && config && typeof config === 'object' && 'name' in config) {
      const { name: _unnamed, ...rest } = config as QueryConfig;
      args[0] = rest;
      return client.query(...args);
    }
    if (options.namedStatements && isPrepared(config) && !config.name) {
      // Named here whatever the calling form: the pool's own `query` (a statement outside any
      // transaction) calls the client with a callback, and was sent unnamed, parsed and planned
      // on every call.
      args[0] = { ...config, name: statementName(config.text) };
      return client.query(...args);
    }
    const promiseForm = args.length <= 2 && typeof values !== 'function' && typeof config !== 'function';
    if (!promiseForm) {
      if (!pending) return query(...args);
      // A callback-style query after a deferred begin: send the begin first, then it.
      pending = false;
      return (query('begin') as Promise<unknown>).then(() => query(...args));
    }
    const text = typeof config === 'string' ? config : (config as QueryConfig | undefined)?.text;
    const params = (values as unknown[] | undefined) ?? (config as QueryConfig | undefined)?.values;
    const bare = !params || params.length === 0;
    if (!pending && bare && text === 'begin') {
      pending = true;
      return Promise.resolve({ command: 'BEGIN', rows: [], rowCount: null, fields: [] });
    }
    if (!pending) return query(...args);
    pending = false;
    if (bare && typeof text === 'string' && !(config as QueryConfig | undefined)?.name) {
      const combined =
        typeof config === 'string' ? `begin;${text}` : { ...(config as object), text: `begin;${text}` };
      return (query(combined, values) as Promise<unknown>).then((result) =>
        Array.isArray(result) ? result[result.length - 1] : result,
      );
    }
    return (query('begin') as Promise<unknown>).then(() => query(...args));
  };
}
