import type { Context } from 'hono';
import { errorsOf } from '../../functions/platform/errors';
import type { Namer } from '../../functions/platform/messages';
import type { StructureConfig } from '../../functions/tenants/structure.schema';
import { hasMessage, type Lang, type MessageKey, rememberLang, resolveLang, say, t } from '../i18n';
import { consoleFormMessages } from './console-forms.messages';

/** The console's language: the one rule (`resolveLang`), and a `?lang=` choice is remembered. */
export function consoleLang(c: Context): Lang {
  rememberLang(c);
  return resolveLang(c);
}

/** The problems the console finds itself, before a verb is called (`form.*`), by code. */
export const formErrors = errorsOf(consoleFormMessages);
export const formIssue = formErrors.issue;

/**
 * How a page names what messages hold by key: roles by the console's names, levels by the city's
 * structure (the template's names in the wizard), keys that name nothing as they are.
 */
export function pageNames(lang: Lang, structure?: Pick<StructureConfig, 'levels'>): Namer {
  return {
    level: (key) => structure?.levels.find((level) => level.key === key)?.name[lang] ?? key,
    role: (key) => say(lang, `role.${key}`, { fallback: key }),
  };
}

/** Field paths (as the verbs name them) → the label of the form field a person sees. */
const FIELD_LABELS: Record<string, MessageKey> = {
  slug: 'console.slug',
  'tenant.slug': 'console.slug',
  nameZh: 'console.nameZh',
  nameEn: 'console.nameEn',
  'name.zh': 'console.nameZh',
  'name.en': 'console.nameEn',
  timezone: 'console.timezone',
  template: 'console.template',
  adminName: 'console.adminName',
  adminEmail: 'console.adminEmail',
  email: 'console.email',
  displayName: 'console.displayName',
  password: 'console.password',
  role: 'console.roles',
  roles: 'console.roles',
  'roles.role': 'console.roles',
  'roles.orgUnitId': 'console.unit',
  orgUnitId: 'console.unit',
  reason: 'console.reason',
  file: 'console.file',
  domain: 'console.domain',
  scopes: 'console.scopes',
  expiresAt: 'console.expiresAt',
  key: 'console.departmentKey',
  departmentId: 'console.department',
  departmentIds: 'console.department',
  sourceSystem: 'console.sourceSystem',
  chunkSize: 'console.chunkSize',
  status: 'console.status',
  login: 'console.login',
  totp: 'console.totp',
  name: 'label.name',
  keyId: 'label.keyId',
  contact: 'label.contact',
  gridZh: 'label.grid',
  gridEn: 'label.grid',
  roleZh: 'label.role',
  roleEn: 'label.role',
  departmentZh: 'console.department',
  departmentEn: 'console.department',
  bodyZh: 'label.body',
  bodyEn: 'label.body',
  impact: 'label.impact',
  host: 'label.host',
  decision: 'label.decision',
  user: 'label.user',
  grant: 'label.grant',
  client: 'label.client',
  document: 'label.draft',
  tenant: 'label.draft',
  '(document)': 'label.draft',
  units: 'label.units',
  administrator: 'label.administrator',
  '(form)': 'label.form',
  '(body)': 'label.form',
};

/** The label a person knows a field by: `第 4 行，上级代码` for a file row, `邮箱` for `email`. */
export function fieldLabel(lang: Lang, path: string): string {
  const row = /^row (\d+)(?:, (.+))?$/.exec(path);
  if (row) {
    const column = row[2];
    if (!column) return t(lang, 'label.row', { row: Number(row[1]) });
    const name = say(lang, `column.${column}`, { fallback: column });
    return t(lang, 'label.rowColumn', { row: Number(row[1]), column: name });
  }
  const general = path.replace(/\.\d+(?=\.|$)/g, '');
  const last = general.split('.').at(-1) ?? general;
  for (const candidate of [path, general, last]) {
    const key = FIELD_LABELS[candidate];
    if (key) return say(lang, key);
  }
  return path;
}

/** An audit action by its name in the page's language (the code itself when it has none). */
export function auditActionName(lang: Lang, code: string): string {
  const key = `audit_action.${code}`;
  if (hasMessage(key)) return say(lang, key);
  // A case's steps are named as its timeline names them (case.collect → 信息采集).
  const step = code.startsWith('case.') ? `cases.event.${code.slice(5)}` : '';
  return step && hasMessage(step) ? say(lang, step) : code;
}
