import type { FieldIssue } from '../../functions/platform/errors';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { OnboardingDocument, TEMPLATE_KEYS } from '../../functions/tenants/onboarding.schema';
import type { StructureConfig } from '../../functions/tenants/structure.schema';
import { resolveStructure } from '../../functions/tenants/structure.service';
import type { UnitRowInput } from '../../functions/tenants/units-file.service';
import { bilingual, t } from '../i18n';
import { text } from './console-route';
import { formIssue } from './console-text';

/** The onboarding wizard's draft: reading and checking what each step posts; no rendering here. */

export type Template = (typeof TEMPLATE_KEYS)[number];

export interface Basics {
  slug: string;
  nameZh: string;
  nameEn: string;
  timezone: string;
  template: Template;
  adminName: string;
  adminEmail: string;
}

export const STEPS = 3;
export const PREVIEW_ROWS = 200;

export function basicsFrom(form: Record<string, unknown>): Basics {
  const template = text(form, 'template');
  return {
    slug: text(form, 'slug'),
    nameZh: text(form, 'nameZh'),
    nameEn: text(form, 'nameEn'),
    timezone: text(form, 'timezone') || 'Asia/Shanghai',
    template: (TEMPLATE_KEYS as readonly string[]).includes(template)
      ? (template as Template)
      : ('' as Template),
    adminName: text(form, 'adminName'),
    adminEmail: text(form, 'adminEmail'),
  };
}

/** The basics as the onboarding schema sees them, with issues named by the form's fields. */
export function checkBasics(basics: Basics): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const tenant = OnboardingDocument.shape.tenant.safeParse({
    slug: basics.slug,
    name: bilingual(basics),
    timezone: basics.timezone,
  });
  const rename: Record<string, string> = { 'name.zh': 'nameZh', 'name.en': 'nameEn', name: 'nameZh' };
  if (!tenant.success)
    for (const issue of issuesFromZod(tenant.error.issues))
      issues.push({ ...issue, path: rename[issue.path] ?? issue.path });
  if (!basics.template) issues.push(formIssue('template', 'form.choose_template'));
  const administrator = OnboardingDocument.shape.administrator.safeParse({
    name: basics.adminName,
    email: basics.adminEmail,
  });
  if (!administrator.success)
    for (const issue of issuesFromZod(administrator.error.issues))
      issues.push({ ...issue, path: issue.path === 'name' ? 'adminName' : 'adminEmail' });
  return issues;
}

export function templateStructure(template: Template): StructureConfig {
  const resolved = resolveStructure(template, undefined);
  if (!resolved.structure) throw new Error(`built-in template ${template} does not resolve`);
  return resolved.structure;
}

/** Where each template's model comes from, for the neutral summary a new city starts with. */
const TEMPLATE_ORIGIN: Record<Template, { zh: string; en: string }> = {
  guiyang: { zh: '贵阳市', en: 'Guiyang' },
  liaoyuan: { zh: '辽源市', en: 'Liaoyuan' },
  tongling: { zh: '铜陵市', en: 'Tongling' },
  jinjiang: { zh: '成都市锦江区', en: 'Jinjiang District, Chengdu' },
};

/**
 * The summary a city onboarded with the wizard starts with: it names the model and where it comes
 * from, and claims none of that city's history (the template's own summary and facts tell the
 * story of the city it was written for).
 */
export function neutralSummary(template: Template, city: { zh: string; en: string }) {
  const model = templateStructure(template).name;
  const origin = TEMPLATE_ORIGIN[template];
  const say = (lang: 'zh' | 'en') =>
    t(lang, 'console.neutralSummary', { city: city[lang], origin: origin[lang], model: model[lang] });
  return { zh: say('zh'), en: say('en') };
}

/** The structure override from the form: model, level and body names edited, bodies dropped. */
export function structureFrom(form: Record<string, unknown>, template: Template, basics: Basics) {
  const base = templateStructure(template);
  const summary = neutralSummary(template, bilingual(basics));
  const levels = base.levels.map((level) => ({
    ...level,
    name: {
      zh: text(form, `level.${level.key}.zh`) || level.name.zh,
      en: text(form, `level.${level.key}.en`) || level.name.en,
    },
  }));
  // Unchecked boxes are not sent, so the form says it showed them; without that, keep every body.
  const shown = text(form, 'bodiesShown') === '1';
  const bodies = base.bodies
    .filter((body) => !shown || text(form, `body.${body.key}.keep`) === 'on')
    .map((body) => ({
      ...body,
      name: {
        zh: text(form, `body.${body.key}.zh`) || body.name.zh,
        en: text(form, `body.${body.key}.en`) || body.name.en,
      },
    }));
  return {
    name: {
      zh: text(form, 'model.zh') || base.name.zh,
      en: text(form, 'model.en') || base.name.en,
    },
    summary: {
      zh: text(form, 'summary.zh') || summary.zh,
      en: text(form, 'summary.en') || summary.en,
    },
    // The template's facts and deliberation notes are about its own city: a new city starts without.
    facts: [],
    deliberation: { ...base.deliberation, description: undefined },
    levels,
    bodies,
  };
}

/** Issues in file order: `row 4, code` before `row 12, level`; the others first. */
export function sortByRow(issues: FieldIssue[]): FieldIssue[] {
  const row = (issue: FieldIssue) => Number(/^row (\d+)/.exec(issue.path)?.[1] ?? 0);
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => row(a.issue) - row(b.issue) || a.index - b.index)
    .map((entry) => entry.issue);
}

export function countByLevel(units: UnitRowInput[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const unit of units) counts[unit.level] = (counts[unit.level] ?? 0) + 1;
  return counts;
}
