import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../../../functions/node';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import * as rules from '../../../../functions/sharing/feed/webhook-url';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids } from '../../../support/identity';
import { departmentKey } from '../../../support/sharing';

/** Issue 15 item 7: where a webhook may point, checked when subscribing and again when sending. */

/** URLs a department must not be able to point the platform at in production. */
const HOSTILE: [url: string, why: string][] = [
  ['http://hrss.example.gov.cn/hook', 'plain http'],
  ['ftp://hrss.example.gov.cn/hook', 'not http(s)'],
  ['https://127.0.0.1/hook', 'loopback'],
  ['https://127.1/hook', 'loopback, short form'],
  ['https://2130706433/hook', 'loopback as a number'],
  ['https://0x7f000001/hook', 'loopback in hex'],
  ['https://017700000001/hook', 'loopback in octal'],
  ['https://0.0.0.0/hook', '"this network"'],
  ['https://10.1.2.3/hook', 'private'],
  ['https://172.20.0.1/hook', 'private'],
  ['https://192.168.1.10/hook', 'private'],
  ['https://100.100.100.200/hook', 'carrier-grade NAT (a cloud metadata address)'],
  ['https://169.254.169.254/latest/meta-data', 'link-local metadata'],
  ['https://192.0.0.170/hook', 'IETF protocol assignments'],
  ['https://192.0.2.1/hook', 'documentation'],
  ['https://198.18.0.1/hook', 'benchmarking'],
  ['https://224.0.0.1/hook', 'multicast'],
  ['https://255.255.255.255/hook', 'broadcast'],
  ['https://[::1]/hook', 'IPv6 loopback'],
  ['https://[::]/hook', 'IPv6 unspecified'],
  ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
  ['https://[::ffff:a9fe:a9fe]/hook', 'IPv4-mapped metadata, hex'],
  ['https://[::7f00:1]/hook', 'IPv4-compatible loopback'],
  ['https://[::8.8.8.8]/hook', 'IPv4-compatible (deprecated), even of a public address'],
  ['https://[::ffff:0:7f00:1]/hook', 'IPv4-translated loopback'],
  ['https://[64:ff9b::a9fe:a9fe]/hook', 'NAT64 of 169.254.169.254'],
  ['https://[64:ff9b::10.0.0.1]/hook', 'NAT64 of a private address'],
  ['https://[64:ff9b:1::a00:1]/hook', 'local-use NAT64'],
  ['https://[2002:7f00:1::]/hook', '6to4 of 127.0.0.1'],
  ['https://[2002:a9fe:a9fe::1]/hook', '6to4 of the metadata address'],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', 'Teredo'],
  ['https://[2001:db8::1]/hook', 'documentation'],
  ['https://[fec0::1]/hook', 'site-local'],
  ['https://[fd00::1]/hook', 'unique local'],
  ['https://[fc00::1]/hook', 'unique local'],
  ['https://[fe80::1]/hook', 'link-local'],
  ['https://[febf::1]/hook', 'link-local, top of the range'],
  ['https://[ff02::1]/hook', 'multicast'],
  ['https://[100::1]/hook', 'discard-only'],
  ['https://localhost/hook', 'localhost'],
  ['https://LOCALHOST./hook', 'localhost, upper case, trailing dot'],
  ['https://api.localhost/hook', 'under localhost'],
  ['https://metadata/computeMetadata/v1/', 'single-label host'],
  ['https://metadata./computeMetadata/v1/', 'single-label host, trailing dot'],
  ['https://kubernetes/api', 'single-label host'],
  ['https://kubernetes.default.svc/api', 'cluster service name'],
  ['https://kubernetes.default.svc.cluster.local/api', 'cluster service name'],
  ['https://metadata.google.internal/computeMetadata/v1/', '.internal'],
  ['https://printer.local/hook', 'mDNS'],
  ['https://nas.home.arpa/hook', 'home network'],
  ['https://1.0.0.127.in-addr.arpa/hook', 'reverse-lookup zone'],
  ['https://router.lan/hook', 'local name'],
];

/** Public receivers that must stay accepted. */
const GOOD = [
  'https://hrss.example.gov.cn/shequ/webhook',
  'https://webhooks.example.com:8443/in?dept=hrss',
  'https://93.184.216.34/hook',
  'https://172.32.0.1/hook',
  'https://100.128.0.1/hook',
  'https://[2606:4700:4700::1111]/hook',
  'https://[::ffff:8.8.8.8]/hook',
  'https://xn--fiqs8s.example.cn/hook',
];

/** Addresses a public name may resolve to, and the ones that make a delivery stop. */
const ADDRESSES: [address: string, isPublic: boolean][] = [
  ['93.184.216.34', true],
  ['2606:4700:4700::1111', true],
  ['2400:3200::1', true],
  ['::ffff:8.8.8.8', true],
  ['127.0.0.1', false],
  ['127.0.1.1', false],
  ['10.0.0.5', false],
  ['169.254.169.254', false],
  ['::1', false],
  ['::', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:7f00:1', false],
  ['::7f00:1', false],
  ['::ffff:0:7f00:1', false],
  ['64:ff9b::a9fe:a9fe', false],
  ['64:ff9b::169.254.169.254', false],
  ['2002:7f00:1::', false],
  ['2001::1', false],
  ['fec0::1', false],
  ['fd12:3456:789a::1', false],
  ['fe80::1%eth0', false],
  ['ff05::2', false],
  ['not an address', false],
];

describe('the URL rules (production)', () => {
  it.each(HOSTILE)('refuses %s (%s)', (url) => {
    expect(rules.webhookUrlProblem(url, false)).toBeTypeOf('string');
  });
  it.each(GOOD)('accepts %s', (url) => {
    expect(rules.webhookUrlProblem(url, false)).toBeUndefined();
  });
  it.each(ADDRESSES)('a name resolving to %s is public: %s', (address, isPublic) => {
    expect(rules.isPublicAddress(address)).toBe(isPublic);
  });
  it('in development and tests, plain http and loopback are allowed, other schemes are not', () => {
    expect(rules.webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeUndefined();
    expect(rules.webhookUrlProblem('ftp://127.0.0.1/hook', true)).toBeTypeOf('string');
  });
});

let db: TestDatabase;
let city: TenantRow;
let hrssKey = '';

const subscribeInProduction = (target: string) =>
  createNodeApp({
    db: db.db,
    config: { appEnv: 'production', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
  }).request(`/v1/t/${city.slug}/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hrssKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: target }),
  });
const subscriptionCount = async () =>
  (
    await db.query<{ n: number }>(
      'select count(*)::int as n from webhook_subscriptions where tenant_id = $1',
      [city.id],
    )
  )[0]?.n ?? 0;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  hrssKey = (
    await departmentKey(testApp(db.db), city.slug, 'human_resources_social_security', ['webhooks:manage'])
  ).secret;
});
afterAll(async () => db.close());

describe('subscribing in production', () => {
  it('answers 400 naming url for every hostile URL, storing nothing', async () => {
    const before = await subscriptionCount();
    for (const [target, why] of HOSTILE) {
      const response = await subscribeInProduction(target);
      expect(response.status, `${target} (${why})`).toBe(400);
      const error = (await body<{ error: { code: string; details: { path: string }[] } }>(response)).error;
      expect(error.code).toBe('request.invalid');
      expect(error.details.map((detail) => detail.path)).toEqual(['url']);
    }
    expect(await subscriptionCount()).toBe(before);
  });

  it.each(GOOD)('answers 201 for %s', async (target) => {
    expect((await subscribeInProduction(target)).status).toBe(201);
  });
});
