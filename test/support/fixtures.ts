import { randomBytes } from 'node:crypto';
import { logKeyFrom } from '../../functions/platform/crypto';
import type { OnboardingDocumentInput } from '../../functions/tenants/onboarding.schema';

export const PLATFORM_TOKEN = 'test-platform-token-0123456789abcdef';
/** A fixed data key for tests (32 bytes, base64). */
export const DATA_KEY = Buffer.alloc(32, 7).toString('base64');
/** The log key tests write and verify the logs with: the app's, derived from the fixture data key. */
export const testLogKey = () => logKeyFrom({ dataKey: DATA_KEY });

export function uniqueSlug(prefix = 'city'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * A small city on the Guiyang template: two districts, three streets abolished on 2010-02-01 and
 * replaced by four communities. Each test makes its own, under its own slug.
 */
export function smallCity(
  slug = uniqueSlug(),
): OnboardingDocumentInput & { units: NonNullable<OnboardingDocumentInput['units']> } {
  return {
    tenant: { slug, name: { zh: `测试市 ${slug}`, en: `Test city ${slug}` }, timezone: 'Asia/Shanghai' },
    template: 'guiyang',
    units: [
      { code: 'city', level: 'city', name: { zh: '测试市', en: 'Test city' } },
      { code: 'east', level: 'district', parent: 'city', name: { zh: '东区', en: 'East district' } },
      { code: 'west', level: 'district', parent: 'city', name: { zh: '西区', en: 'West district' } },
      { code: 'east-s1', level: 'street', parent: 'east', name: { zh: '东一街道', en: 'East street 1' } },
      { code: 'east-s2', level: 'street', parent: 'east', name: { zh: '东二街道', en: 'East street 2' } },
      { code: 'west-s1', level: 'street', parent: 'west', name: { zh: '西一街道', en: 'West street 1' } },
    ],
    reforms: [
      {
        code: 'reform-2010',
        effectiveOn: '2010-02-01',
        datePrecision: 'month',
        title: { zh: '撤销街道', en: 'Streets abolished' },
        closes: ['east-s1', 'east-s2', 'west-s1'],
        opens: [
          {
            code: 'east-c1',
            level: 'community',
            parent: 'east',
            name: { zh: '东一社区', en: 'East community 1' },
          },
          {
            code: 'east-c2',
            level: 'community',
            parent: 'east',
            name: { zh: '东二社区', en: 'East community 2' },
          },
          {
            code: 'east-c3',
            level: 'community',
            parent: 'east',
            name: { zh: '东三社区', en: 'East community 3' },
          },
          {
            code: 'west-c1',
            level: 'community',
            parent: 'west',
            name: { zh: '西一社区', en: 'West community 1' },
          },
        ],
        lineage: [
          { from: 'east-s1', to: 'east-c1' },
          { from: 'east-s1', to: 'east-c2' },
          { from: 'east-s2', to: 'east-c3' },
          { from: 'west-s1', to: 'west-c1' },
        ],
      },
    ],
    administrator: { name: '测试管理员', email: `admin@${slug}.example.org` },
  };
}
