import type { WebhookUrlProblem } from '../sharing.messages';

/**
 * Where a webhook may point. Outside local development and tests (`APP_ENV`), a receiver must be
 * reached over https at a public address, so a department's key cannot make the platform call into
 * its own network (SSRF) or deliver personal data unencrypted. This checks the URL as written (at
 * subscription and again before each sweep's deliveries); the addresses a name resolves to are
 * checked when sending (`isPublicAddress`, see the sweep), since a name's records can change.
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
  // WHATWG URL parsing has already normalized the host: IPv4 written as a number, in hex or octal
  // becomes dotted decimal, IPv6 is compressed and lower-case, and names are lower-case punycode.
  const host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) {
    return isPublicAddress(host.slice(1, -1)) ? undefined : NOT_PUBLIC;
  }
  if (parseIpv4(host)) return isPublicAddress(host) ? undefined : NOT_PUBLIC;
  return hostNameProblem(host);
}

/** Whether a URL's host (`URL.hostname`) is an address rather than a name. */
export function ipLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || parseIpv4(hostname) !== undefined;
}

const NOT_PUBLIC = 'webhook.url_private_address' as const;

/**
 * Names that only mean something inside a network: a single label (`metadata`, `kubernetes`) is
 * completed by the resolver's search list, and these suffixes are reserved for local use, cluster
 * services or reverse lookups, never for a public receiver.
 */
const LOCAL_SUFFIXES = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'private',
  'home.arpa',
  'arpa',
  'svc',
  'cluster.local',
  'test',
  'invalid',
  'example',
  'onion',
  'alt',
];

function hostNameProblem(host: string): WebhookUrlProblem | undefined {
  if (!host.includes('.')) return 'webhook.url_single_label';
  if (LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return 'webhook.url_local_host';
  }
  return undefined;
}

/**
 * Whether a literal address (as written in a URL or returned by a resolver) is one a receiver may
 * have: a public unicast address. Anything unparsable is not.
 */
export function isPublicAddress(raw: string): boolean {
  const text = raw.replace(/%.*$/, ''); // a resolver may add an IPv6 zone (`fe80::1%eth0`)
  const v4 = parseIpv4(text);
  if (v4) return isPublicIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 ? isPublicIpv6(v6) : false;
}

/** IPv4 blocks that are not public unicast (IANA special-purpose registry, RFC 6890 and later). */
const NON_PUBLIC_V4: [prefix: [number, number, number, number], bits: number][] = [
  [[0, 0, 0, 0], 8], // "this network"
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT (also cloud metadata, 100.100.100.200)
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local (cloud metadata, 169.254.169.254)
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments (NAT64 discovery, …)
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24], // 6to4 relay anycast (deprecated)
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // documentation
  [[203, 0, 113, 0], 24], // documentation
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and the broadcast address
];

function isPublicIpv4(octets: number[]): boolean {
  const value = toUint32(octets);
  return !NON_PUBLIC_V4.some(([prefix, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (toUint32(prefix) & mask) >>> 0;
  });
}

const toUint32 = (octets: number[]) =>
  (((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) >>> 0;

/** The IPv4 address in two 16-bit groups (as IPv6 forms embed it). */
const embedded = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];

/**
 * IPv6 is allowed by what it is, not by what it is not: global unicast (2000::/3) less its special
 * blocks, plus the two forms that carry an IPv4 address a packet really goes to (IPv4-mapped and
 * well-known NAT64), judged by that address. Everything else (unspecified, loopback, IPv4-compatible
 * and -translated, local NAT64, discard, unique-local, site-local, link-local, multicast, …) is not.
 */
function isPublicIpv6(groups: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  const zeroTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroTo(5) && f === 0xffff) return isPublicIpv4(embedded(g, h)); // ::ffff:a.b.c.d
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    return isPublicIpv4(embedded(g, h)); // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  }
  if ((a & 0xe000) !== 0x2000) return false; // not global unicast
  if (a === 0x2001 && b < 0x200) return false; // 2001::/23 protocol assignments: Teredo, benchmarking, ORCHID
  if (a === 0x2001 && b === 0xdb8) return false; // documentation
  if (a === 0x2002) return isPublicIpv4(embedded(b, c)); // 6to4 carries the IPv4 address of its relay
  if (a === 0x3fff && b < 0x1000) return false; // 3fff::/20 documentation
  return true;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : Number.NaN));
  return octets.every((octet) => octet >= 0 && octet <= 255) ? octets : undefined;
}

/** Eight 16-bit groups, or undefined; accepts `::` compression and a trailing dotted IPv4. */
function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const rest = groupsOf(halves[1]);
  if ([...head, ...rest].some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const missing = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const hex = (groups: string[]) => groups.map((group) => Number.parseInt(group, 16));
  const zeros: number[] = halves.length === 2 ? Array.from({ length: missing }, () => 0) : [];
  return [...hex(head), ...zeros, ...hex(rest), ...tail];
}
