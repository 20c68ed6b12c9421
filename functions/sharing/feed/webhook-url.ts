import type { WebhookUrlProblem } from '../sharing.messages';

/**
 * Where a webhook may point. Outside local development and tests (`APP_ENV`), a receiver must be
 * reached over https at a public address: loopback, private, link-local, carrier-grade NAT,
 * multicast and unspecified addresses, and `localhost`/`.local`/`.internal` names are refused, so a
 * department's key cannot make the platform call into its own network (SSRF) or deliver personal
 * data unencrypted. Only the address as written is checked (a Worker cannot resolve names first).
 */
export function webhookUrlProblem(raw: string, allowLocal: boolean): WebhookUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhook.url_invalid';
  }
  if (allowLocal)
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'webhook.url_use_https';
  if (url.protocol !== 'https:') return 'webhook.url_https_only';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || /\.(localhost|local|internal)$/.test(host)) {
    return 'webhook.url_local_host';
  }
  if (host.startsWith('[')) {
    if (isNonPublicIpv6(host.slice(1, -1))) return 'webhook.url_private_address';
  } else if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && isNonPublicIpv4(host)) {
    return 'webhook.url_private_address';
  }
  return undefined;
}

function isNonPublicIpv4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function isNonPublicIpv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) return isNonPublicIpv4(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return isNonPublicIpv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const first = Number.parseInt(host.split(':')[0] || '0', 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}
