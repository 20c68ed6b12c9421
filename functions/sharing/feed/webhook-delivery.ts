import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

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

/**
 * What became of one POST. `receiver` says the endpoint as a whole is not taking deliveries
 * (unreachable, timed out, 5xx, 408, 429): its subscription backs off. Otherwise (another 4xx) only this delivery is refused and the others may still go.
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
      signal: AbortSignal.timeout(send.timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    const status = response.status;
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
