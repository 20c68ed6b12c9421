import { lookup } from 'node:dns/promises';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { ipLiteral, isPublicAddress, webhookUrlProblem } from './webhook-url';

/** A delivery is retried for at least this long after its first attempt, then dead-lettered. */
export const RETRY_WINDOW_MS = 72 * 3600 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600 * 1000;
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Stripe-style signature: `t=<unix>,v1=<hex hmac-sha256(secret, "t.body")>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = hmac(
    SHA256,
    new TextEncoder().encode(secret),
    new TextEncoder().encode(`${timestamp}.${body}`),
  );
  return `t=${timestamp},v1=${encodeHexLowerCase(mac)}`;
}

export function backoffMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** Every address a host name has. */
export type Resolve = (hostname: string) => Promise<string[]>;

/**
 * A and AAAA records through `node:dns`. In Node that is the system resolver; on Workers
 * (`nodejs_compat`) it is Cloudflare's DNS over HTTPS, the public view of the name, which is also
 * what the Worker's own `fetch` connects by.
 */
export const resolveAll: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Why this receiver must not be called now, or undefined. The URL rules are applied again (they may
 * be stricter than when it subscribed); outside development and tests a host name is resolved and
 * every address it has must be public, so a name pointed at 127.0.0.1, 10.x or the metadata
 * service after subscribing gets nothing. The texts name no address: they go back to the department.
 */
export async function receiverProblem(
  url: string,
  allowLocal: boolean,
  resolve: Resolve,
): Promise<string | undefined> {
  const problem = webhookUrlProblem(url, allowLocal);
  if (problem) return `not sent: ${problem}`;
  if (allowLocal) return undefined;
  const host = new URL(url).hostname.replace(/\.$/, '');
  if (ipLiteral(host)) return undefined; // judged by the URL rules above
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) return 'not sent: the host name did not resolve';
  if (!addresses.every(isPublicAddress)) {
    return 'not sent: the host name resolves to something that is not a public address';
  }
  return undefined;
}

/**
 * What became of one POST. `receiver` says the endpoint as a whole is not taking deliveries
 * (unreachable, timed out, 5xx, 408, 429, a redirect, a refused address): its subscription backs
 * off. Otherwise (another 4xx) only this delivery is refused and the others may still go.
 */
export type Outcome = { ok: true } | { ok: false; error: string; receiver: boolean };

export async function postDelivery(
  send: { fetch: typeof fetch; timeoutMs: number; timestamp: number },
  target: { url: string; secret: string; eventSeq: number },
  payload: unknown,
): Promise<Outcome> {
  const body = JSON.stringify(payload);
  try {
    const response = await send.fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'shequ-signature': signWebhook(target.secret, send.timestamp, body),
        'shequ-event-seq': String(target.eventSeq),
      },
      body,
      // A redirect could lead anywhere, a private address included, after every check above.
      redirect: 'manual',
      signal: AbortSignal.timeout(send.timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    const status = response.status;
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
      // Where it pointed is not repeated: the answer of whatever was there is nobody's business.
      return { ok: false, error: `HTTP ${status || 'redirect'}: redirect not followed`, receiver: true };
    }
    return {
      ok: false,
      error: `HTTP ${status}`,
      receiver: status >= 500 || status === 408 || status === 429,
    };
  } catch (cause) {
    const error = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: error.slice(0, 500), receiver: true };
  }
}
