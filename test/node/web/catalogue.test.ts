import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { admissionErrors } from '../../../functions/admission/admission.errors';
import { auditErrors } from '../../../functions/audit/audit.errors';
import { authErrors } from '../../../functions/auth/auth.errors';
import { casesErrors } from '../../../functions/cases/cases.errors';
import { residentErrors } from '../../../functions/cases/resident.errors';
import { councilErrors } from '../../../functions/council/council.errors';
import { evaluationErrors } from '../../../functions/evaluation/evaluation.errors';
import { AppError, errors, type FieldIssue } from '../../../functions/platform/errors';
import {
  type Catalogue,
  keysAsNames,
  LANGS,
  type Message,
  render,
} from '../../../functions/platform/messages';
import { PATTERNS } from '../../../functions/platform/patterns';
import { issuesFromZod } from '../../../functions/platform/zod-issues';
import { statusErrors } from '../../../functions/public-site/public-site.errors';
import { feedErrors } from '../../../functions/sharing/feed/feed.errors';
import { importErrors, importIssue } from '../../../functions/sharing/imports/imports.errors';
import { sharingErrors } from '../../../functions/sharing/sharing.errors';
import { OnboardingDocument } from '../../../functions/tenants/onboarding.schema';
import { LevelKey, StructureConfig } from '../../../functions/tenants/structure.schema';
import { templates } from '../../../functions/tenants/templates';
import { tenantErrors } from '../../../functions/tenants/tenants.errors';
import { catalogue, catalogueParts } from '../../../web/i18n/catalogue';

/**
 * Params that make any message render: every name a text might read answers with a value of every
 * shape a text uses (a string that is also a list, a number).
 */
const anyParams = new Proxy(
  {},
  {
    get: (_target, name) =>
      Object.assign(['x', 'y'], { toString: () => String(name), valueOf: () => 2 }) as unknown,
  },
) as Record<string, never>;

const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;
/** English texts that quote Chinese on purpose: the values the CSV accepts, a Chinese office line. */
const CHINESE_IN_ENGLISH = new Set(['import.not_a_boolean', 'staff_listing.mobile_number', 'site.switchTo']);
/** Chinese texts that are only punctuation or a name people read as it is. */
const NO_HAN_IN_CHINESE = new Set([
  'console.listSep',
  'console.colon',
  'console.semicolon',
  'site.of',
  'site.switchTo', // the link to the English page says "English"
]);

function texts(message: Message<unknown>) {
  return Object.fromEntries(LANGS.map((lang) => [lang, render(message, lang, anyParams, keysAsNames)])) as {
    zh: string;
    en: string;
  };
}

/** Arguments that are codes themselves (placeholders elsewhere). */
const ARGUMENTS: Record<string, unknown[]> = {
  invalidIdNumber: ['resident.id_number_format'],
  invalidFacet: [[]],
  invalidInput: [[]],
  onboardingInvalid: [[]],
  reformInvalid: [[]],
  orgUnitInvalid: [[]],
  grantInvalid: [[]],
  unknownDepartments: [['departmentIds.0']],
  searchNotAllowed: [['person.name']],
  verifyNotAllowed: [['person.id_number']],
  staleVersion: [3],
  wrongStatus: ['handling', ['reported']],
  invalid: [[]],
  categoryInvalid: [[]],
  resumeMismatch: [[importIssue('file', 'import.resume_lines_differ', { through: 3, job: 'x' })]],
  tooLarge: ['csv', 100 * 1024 * 1024],
  headerInvalid: [importIssue('line 1', 'import.line_too_long', { megabytes: 1 })],
  uploadBroken: [[]],
  purposeUnknown: ['just_looking', ['minimum_income_review']],
  purposeNotGranted: ['population_statistics', []],
  outOfOrder: ['decide', 'review'],
  pastDeadline: ['2026-12-01T16:00:00.000Z'],
  notReviewer: ['review'],
  alreadySigned: ['committee'],
  proposalStatus: ['draft', ['submitted']],
  noQuorum: [3, 5],
};

/** Every error and field issue an `*.errors.ts` can produce, made with placeholder arguments. */
function producedByErrorFiles(): { code: string; issues: FieldIssue[] }[] {
  const made: AppError[] = [];
  for (const group of [
    authErrors,
    auditErrors,
    tenantErrors,
    sharingErrors,
    feedErrors,
    importErrors,
    statusErrors,
    casesErrors,
    residentErrors,
    evaluationErrors,
    admissionErrors,
    councilErrors,
  ]) {
    for (const [name, make] of Object.entries(group)) {
      const error = (make as (...args: unknown[]) => unknown)(...(ARGUMENTS[name] ?? ['x', 'y']));
      if (!(error instanceof AppError)) throw new Error(`${name} does not make an AppError`);
      made.push(error);
    }
  }
  made.push(errors.unauthenticated(), errors.forbidden(), errors.forbidden('x'), errors.internal());
  made.push(errors.invalidRequest([]));
  return made.map((error) => ({ code: error.code, issues: error.details ?? [] }));
}

describe('the message catalogue', () => {
  it('declares each code once, across every part', () => {
    const seen = new Map<string, string>();
    for (const [part, messages] of Object.entries(catalogueParts)) {
      for (const code of Object.keys(messages)) {
        expect(seen.get(code), `${code} in ${part} and ${seen.get(code)}`).toBeUndefined();
        seen.set(code, part);
      }
    }
    expect(seen.size).toBe(Object.keys(catalogue).length);
  });

  it('has every code in both languages, Chinese in zh-CN and no Chinese in English', () => {
    for (const [code, message] of Object.entries(catalogue as Catalogue)) {
      for (const lang of LANGS) expect(message[lang], `${code} ${lang}`).toBeDefined();
      const { zh, en } = texts(message);
      expect(zh.trim(), `${code} zh`).not.toBe('');
      expect(en.trim(), `${code} en`).not.toBe('');
      if (!NO_HAN_IN_CHINESE.has(code)) expect(zh, `${code} zh`).toMatch(CJK);
      if (!CHINESE_IN_ENGLISH.has(code)) expect(en, `${code} en`).not.toMatch(CJK);
    }
  });

  it('has every code the *.errors.ts files can produce, and the codes of their field issues', () => {
    for (const { code, issues } of producedByErrorFiles()) {
      expect(Object.hasOwn(catalogue, code), code).toBe(true);
      for (const issue of issues) expect(Object.hasOwn(catalogue, issue.code), issue.code).toBe(true);
    }
  });

  it("has a code for each of zod's issue codes, mapped by code and parameters", () => {
    const Probe = z
      .object({
        short: z.string().min(3),
        required: z.string().min(1),
        missing: z.string(),
        wrongType: z.number(),
        long: z.string().max(2),
        few: z.array(z.string()).min(2),
        many: z.array(z.string()).max(1),
        small: z.number().min(5),
        big: z.number().max(5),
        multiple: z.number().multipleOf(3),
        email: z.email(),
        uuid: z.uuid(),
        url: z.url(),
        datetime: z.iso.datetime(),
        slug: z.string().regex(PATTERNS.slug),
        unnamed: z.string().regex(/^q+$/),
        choice: z.enum(['a', 'b']),
        either: z.union([z.number(), z.boolean()]),
        record: z.record(z.string().regex(/^k$/), z.number()),
        refined: z.string().refine(() => false),
      })
      .strict();
    const input = {
      short: 'ab',
      required: '',
      wrongType: 'x',
      long: 'abc',
      few: ['a'],
      many: ['a', 'b'],
      small: 1,
      big: 9,
      multiple: 4,
      email: 'no',
      uuid: 'no',
      url: 'no',
      datetime: 'no',
      slug: 'No!',
      unnamed: 'x',
      choice: 'c',
      either: 'x',
      record: { z: 1 },
      refined: 'x',
      extra: true,
    };
    const result = Probe.safeParse(input);
    if (result.success) throw new Error('the probe parsed');
    const zodCodes = new Set(result.error.issues.map((issue) => issue.code));
    // Every issue code zod has, so a new one fails here until it is mapped.
    expect([...zodCodes].sort()).toEqual(
      [
        'custom',
        'invalid_format',
        'invalid_key',
        'invalid_type',
        'invalid_union',
        'invalid_value',
        'not_multiple_of',
        'too_big',
        'too_small',
        'unrecognized_keys',
      ].sort(),
    );
    const byPath = Object.fromEntries(
      issuesFromZod(result.error.issues, { input }).map((issue) => [issue.path, issue]),
    );
    for (const issue of Object.values(byPath))
      expect(Object.hasOwn(catalogue, issue.code), `${issue.path}: ${issue.code}`).toBe(true);
    expect(byPath.short).toMatchObject({ code: 'field.too_short', params: { minimum: 3 } });
    expect(byPath.required).toMatchObject({ code: 'field.required' });
    expect(byPath.missing).toMatchObject({ code: 'field.required' });
    expect(byPath.wrongType).toMatchObject({ code: 'field.invalid_type', params: { expected: 'number' } });
    expect(byPath.long).toMatchObject({ code: 'field.too_long', params: { maximum: 2 } });
    expect(byPath.few).toMatchObject({ code: 'field.too_few', params: { minimum: 2 } });
    expect(byPath.slug).toMatchObject({ code: 'field.format.slug' });
    expect(byPath.unnamed).toMatchObject({ code: 'field.pattern', params: { pattern: '/^q+$/' } });
    expect(byPath.choice).toMatchObject({ code: 'field.not_one_of', params: { values: ['a', 'b'] } });
    expect(byPath['(root)']).toMatchObject({ code: 'field.unrecognized_keys', params: { keys: ['extra'] } });
    expect(byPath.email?.code).toBe('field.email');
    expect(byPath.datetime?.code).toBe('field.date');
  });

  it('names every pattern, and the refinements of the schemas carry their own codes', () => {
    for (const name of Object.keys(PATTERNS))
      expect(Object.hasOwn(catalogue, `field.format.${name}`)).toBe(true);
    const base = templates.guiyang;
    const [city, ...below] = base.levels;
    const absent = LevelKey.options.find((key) => !base.levels.some((level) => level.key === key));
    const structure = StructureConfig.safeParse({
      ...base,
      // The city twice, the second under a level this structure does not have.
      levels: [city, { ...city, parents: [absent] }, ...below],
    });
    const tenant = OnboardingDocument.shape.tenant.safeParse({
      slug: 'ok-city',
      name: { zh: '市', en: 'City' },
      timezone: 'Mars/Olympus',
    });
    const issues = [
      ...(structure.success ? [] : issuesFromZod(structure.error.issues)),
      ...(tenant.success ? [] : issuesFromZod(tenant.error.issues)),
    ];
    const codes = issues.map((issue) => issue.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'structure.duplicate_level',
        'structure.unknown_parent_level',
        'tenant.time_zone',
      ]),
    );
    expect(codes).not.toContain('field.invalid');
    for (const code of codes) expect(Object.hasOwn(catalogue, code), code).toBe(true);
  });
});
