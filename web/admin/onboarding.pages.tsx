import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { hashPassword, oneTimePassword } from '../../functions/identity/password';
import {
  type OnboardingResult,
  onboardTenant,
  previewOnboarding,
} from '../../functions/onboarding/onboarding.service';
import { type FieldIssue, fieldIssue, issueOf } from '../../functions/platform/errors';
import { findTenantBySlug } from '../../functions/platform/tenancy';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { TEMPLATE_KEYS, UnitInput } from '../../functions/tenants/onboarding.schema';
import {
  exampleUnitsCsv,
  readUnitsFile,
  rowIssues,
  type UnitRowInput,
} from '../../functions/tenants/units-file.service';
import { bilingual, type Lang, nameIn, problemText, t } from '../i18n';
import { pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';
import { formErrors, formIssue, pageNames } from './console-text';
import {
  type Basics,
  basicsFrom,
  checkBasics,
  countByLevel,
  neutralSummary,
  PREVIEW_ROWS,
  STEPS,
  sortByRow,
  structureFrom,
  type Template,
  templateStructure,
} from './onboarding.draft';

/**
 * The onboarding wizard (platform administrator). The draft travels in hidden fields between the
 * steps, so it needs no JavaScript and no server-side store; every step re-checks what it is given,
 * and apply hands the whole document to `onboardTenant`, which checks it all again in one
 * transaction. A tampered draft can produce nothing the JSON API would not accept from the same person.
 */
function Field(props: {
  lang: Lang;
  id: string;
  label: string;
  value?: string | undefined;
  type?: string;
  issues: FieldIssue[];
  hint?: string;
}) {
  const problem = props.issues.find((issue) => issue.path === props.id);
  return (
    <div>
      <label for={props.id}>
        {props.label}{' '}
        {props.hint ? <span class="hint">{t(props.lang, 'console.paren', { text: props.hint })}</span> : null}
      </label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${props.id}-error` : undefined}
      />
      {problem ? (
        <p class="overdue" id={`${props.id}-error`}>
          {problemText(props.lang, problem)}
        </p>
      ) : null}
    </div>
  );
}

function BasicsHidden(props: { basics: Basics }) {
  return (
    <>
      {Object.entries(props.basics).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

async function stepOne(c: Context<AppEnv>, basics?: Basics, issues: FieldIssue[] = []) {
  const page = await pageContext(c);
  const names: Record<Template, string> = Object.fromEntries(
    TEMPLATE_KEYS.map((key) => [key, templateStructure(key).name[page.lang]]),
  ) as Record<Template, string>;
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.onboarding')}>
      <h1>{t(page.lang, 'console.onboarding')}</h1>
      <p class="muted">
        {t(page.lang, 'console.step', { n: 1, of: STEPS })}
        {t(page.lang, 'console.colon')}
        {t(page.lang, 'console.basics')}
      </p>
      <ErrorSummary lang={page.lang} issues={issues} />
      <form method="post" action="/admin/onboarding/structure" class="stack">
        <Field
          lang={page.lang}
          id="slug"
          label={t(page.lang, 'console.slug')}
          value={basics?.slug}
          issues={issues}
        />
        <Field
          lang={page.lang}
          id="nameZh"
          label={t(page.lang, 'console.nameZh')}
          value={basics?.nameZh}
          issues={issues}
        />
        <Field
          lang={page.lang}
          id="nameEn"
          label={t(page.lang, 'console.nameEn')}
          value={basics?.nameEn}
          issues={issues}
        />
        <Field
          lang={page.lang}
          id="timezone"
          label={t(page.lang, 'console.timezone')}
          value={basics?.timezone ?? 'Asia/Shanghai'}
          issues={issues}
        />
        <fieldset aria-invalid={issues.some((issue) => issue.path === 'template') ? 'true' : undefined}>
          <legend>{t(page.lang, 'console.template')}</legend>
          {TEMPLATE_KEYS.map((key) => (
            <div>
              <input
                type="radio"
                id={`template-${key}`}
                name="template"
                value={key}
                checked={(basics?.template || 'guiyang') === key}
              />{' '}
              <label for={`template-${key}`} class="inline">
                {names[key]}
              </label>
            </div>
          ))}
        </fieldset>
        <Field
          lang={page.lang}
          id="adminName"
          label={t(page.lang, 'console.adminName')}
          value={basics?.adminName}
          issues={issues}
        />
        <Field
          lang={page.lang}
          id="adminEmail"
          label={t(page.lang, 'console.adminEmail')}
          type="email"
          value={basics?.adminEmail}
          issues={issues}
        />
        <div>
          <button type="submit">{t(page.lang, 'console.next')}</button>
        </div>
      </form>
    </ConsoleLayout>,
    issues.length > 0 ? 422 : 200,
  );
}

interface PreviewState {
  units: UnitRowInput[];
  rows: number[];
  result?: OnboardingResult | undefined;
  document?: unknown;
}

async function stepTwo(
  c: Context<AppEnv>,
  basics: Basics,
  form: Record<string, unknown> | undefined,
  issues: FieldIssue[] = [],
  preview?: PreviewState,
) {
  const page = await pageContext(c);
  const base = templateStructure(basics.template);
  const edited = form
    ? structureFrom(form, basics.template, basics)
    : {
        name: base.name,
        summary: neutralSummary(basics.template, bilingual(basics)),
        levels: base.levels,
        bodies: base.bodies,
      };
  const levelName = (key: string) =>
    edited.levels.find((level) => level.key === key)?.name ?? { zh: key, en: key };
  const kept = new Set(edited.bodies.map((body) => body.key));
  // Labels name levels as the template does (the inputs below may rename them).
  const templateLevelName = (key: string) =>
    base.levels.find((level) => level.key === key)?.name[page.lang] ?? key;
  const ready = preview?.result && issues.length === 0;
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.onboarding')}>
      <h1>{t(page.lang, 'console.onboarding')}</h1>
      <p class="muted">
        {ready
          ? t(page.lang, 'console.step', { n: 3, of: STEPS })
          : t(page.lang, 'console.step', { n: 2, of: STEPS })}
        {t(page.lang, 'console.colon')}
        {ready ? t(page.lang, 'console.previewTitle') : t(page.lang, 'console.structure')}
      </p>
      {/* The tree's messages carry level keys; they are said by the template's level names. */}
      <ErrorSummary lang={page.lang} issues={issues} names={pageNames(page.lang, base)} />
      {ready && preview?.result ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{t(page.lang, 'console.previewTitle')}</h2>
          <ul class="stats">
            {Object.entries(countByLevel(preview.units)).map(([level, count]) => (
              <li>
                {levelName(level)[page.lang]}
                <strong>{count}</strong>
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/onboarding/apply" class="stack">
            <input type="hidden" name="document" value={JSON.stringify(preview.document)} />
            <div>
              <button type="submit">{t(page.lang, 'console.apply')}</button>
            </div>
          </form>
        </section>
      ) : null}
      {preview && preview.units.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>
              {t(page.lang, 'console.willCreate')}
              {preview.units.length > PREVIEW_ROWS
                ? ` — ${t(page.lang, 'console.shownFirst', { shown: PREVIEW_ROWS, total: preview.units.length })}`
                : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(page.lang, 'console.rowsInFile')}</th>
                <th scope="col">{t(page.lang, 'console.level')}</th>
                <th scope="col">{t(page.lang, 'console.code')}</th>
                <th scope="col">{t(page.lang, 'console.name')}</th>
                <th scope="col">{t(page.lang, 'console.parent')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.units.slice(0, PREVIEW_ROWS).map((unit, index) => (
                <tr>
                  <td>{preview.rows[index]}</td>
                  <td>{levelName(unit.level)[page.lang]}</td>
                  <td>{unit.code}</td>
                  <td>
                    {unit.name.zh} / {unit.name.en}
                  </td>
                  <td>{unit.parent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form method="post" action="/admin/onboarding/preview" enctype="multipart/form-data" class="stack">
        <BasicsHidden basics={basics} />
        <fieldset>
          <legend>{t(page.lang, 'console.model')}</legend>
          <p class="hint">{t(page.lang, 'console.modelHint')}</p>
          <div class="pair">
            <label for="model.zh">
              {t(page.lang, 'console.modelName')} · {t(page.lang, 'console.nameZh')}
            </label>
            <input type="text" id="model.zh" name="model.zh" maxlength={200} value={edited.name.zh} />
            <label for="model.en">
              {t(page.lang, 'console.modelName')} · {t(page.lang, 'console.nameEn')}
            </label>
            <input type="text" id="model.en" name="model.en" maxlength={200} value={edited.name.en} />
          </div>
          <div>
            <label for="summary.zh">
              {t(page.lang, 'console.modelSummary')} · {t(page.lang, 'console.nameZh')}
            </label>
            <textarea id="summary.zh" name="summary.zh" rows={3} maxlength={4000}>
              {edited.summary.zh}
            </textarea>
          </div>
          <div>
            <label for="summary.en">
              {t(page.lang, 'console.modelSummary')} · {t(page.lang, 'console.nameEn')}
            </label>
            <textarea id="summary.en" name="summary.en" rows={3} maxlength={4000}>
              {edited.summary.en}
            </textarea>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t(page.lang, 'console.levels')}</legend>
          {edited.levels.map((level) => (
            <div class="pair">
              <label for={`level.${level.key}.zh`}>
                {templateLevelName(level.key)} · {t(page.lang, 'console.nameZh')}
              </label>
              <input
                type="text"
                id={`level.${level.key}.zh`}
                name={`level.${level.key}.zh`}
                value={level.name.zh}
              />
              <label for={`level.${level.key}.en`}>
                {templateLevelName(level.key)} · {t(page.lang, 'console.nameEn')}
              </label>
              <input
                type="text"
                id={`level.${level.key}.en`}
                name={`level.${level.key}.en`}
                value={level.name.en}
              />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t(page.lang, 'console.bodies')}</legend>
          <input type="hidden" name="bodiesShown" value="1" />
          {base.bodies.map((body) => {
            const current = edited.bodies.find((item) => item.key === body.key) ?? body;
            return (
              <div class="pair">
                <input
                  type="checkbox"
                  id={`body.${body.key}.keep`}
                  name={`body.${body.key}.keep`}
                  checked={!form || kept.has(body.key)}
                />{' '}
                <label for={`body.${body.key}.keep`} class="inline">
                  {t(page.lang, 'console.keepBody')} {body.name[page.lang]}
                </label>
                <label for={`body.${body.key}.zh`}>{t(page.lang, 'console.nameZh')}</label>
                <input
                  type="text"
                  id={`body.${body.key}.zh`}
                  name={`body.${body.key}.zh`}
                  value={current.name.zh}
                />
                <label for={`body.${body.key}.en`}>{t(page.lang, 'console.nameEn')}</label>
                <input
                  type="text"
                  id={`body.${body.key}.en`}
                  name={`body.${body.key}.en`}
                  value={current.name.en}
                />
              </div>
            );
          })}
        </fieldset>
        <div>
          <label for="units-file">{t(page.lang, 'console.unitsFile')}</label>
          <p class="hint" id="units-file-hint">
            {t(page.lang, 'console.unitsFileHint')}{' '}
            <a href={`/admin/onboarding/example.csv?template=${basics.template}`}>
              {t(page.lang, 'console.example')}
            </a>
          </p>
          <input
            type="file"
            id="units-file"
            name="file"
            accept=".csv,.xlsx"
            required
            aria-describedby="units-file-hint"
            aria-invalid={issues.some((issue) => issue.path === 'file') ? 'true' : undefined}
          />
        </div>
        <div>
          <button type="submit" class={ready ? 'secondary' : undefined}>
            {t(page.lang, 'console.preview')}
          </button>
        </div>
      </form>
    </ConsoleLayout>,
    issues.length > 0 ? 422 : 200,
  );
}

export function registerOnboardingPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/onboarding', { action: 'tenant.onboard' }, (c) => stepOne(c));

  // The example follows the chosen template's levels (?template=, the one step 2 links to).
  pages.get('/admin/onboarding/example.csv', { action: 'tenant.onboard' }, (c) => {
    const asked = c.req.query('template') ?? 'guiyang';
    const template = (TEMPLATE_KEYS as readonly string[]).includes(asked) ? (asked as Template) : 'guiyang';
    return c.body(`\uFEFF${exampleUnitsCsv(templateStructure(template))}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="units-example-${template}.csv"`,
    });
  });

  pages.post('/admin/onboarding/structure', { action: 'tenant.onboard' }, async (c) => {
    const basics = basicsFrom(await formOf(c));
    const issues = checkBasics(basics);
    // A taken code is said here, not two steps later at the preview.
    if (!issues.some((issue) => issue.path === 'slug') && (await findTenantBySlug(c.get('db'), basics.slug)))
      issues.push(formIssue('slug', 'form.slug_taken'));
    if (issues.length > 0) return stepOne(c, basics, issues);
    return stepTwo(c, basics, undefined);
  });

  pages.post('/admin/onboarding/preview', { action: 'tenant.onboard' }, async (c) => {
    const form = await formOf(c);
    const basics = basicsFrom(form);
    const basicIssues = checkBasics(basics);
    if (basicIssues.length > 0) return stepOne(c, basics, basicIssues);
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return stepTwo(c, basics, form, [formIssue('file', 'form.choose_units_file')]);
    let units: Awaited<ReturnType<typeof readUnitsFile>>;
    try {
      units = await readUnitsFile({ name: file.name, bytes: await file.arrayBuffer() }, basics.slug);
    } catch (error) {
      if (isAppError(error, 422)) return stepTwo(c, basics, form, error.details ?? [issueOf(error, 'file')]);
      throw error;
    }
    // Every problem in one round: rows the file reader or the unit schema refuse are named and set
    // aside, and the rest still go through the onboarding verb's own checks (levels, parents).
    const issues: FieldIssue[] = [...units.issues];
    const good: { unit: UnitRowInput; row: number }[] = [];
    units.units.forEach((unit, index) => {
      const parsed = UnitInput.safeParse(unit);
      if (parsed.success) good.push({ unit, row: units.rows[index] ?? 0 });
      else
        issues.push(
          ...rowIssues(
            issuesFromZod(parsed.error.issues, { prefix: ['units', index + 1], input: unit }),
            units.rows,
            1,
          ),
        );
    });
    const goodRows = good.map((entry) => entry.row);
    const document = {
      tenant: {
        slug: basics.slug,
        name: bilingual(basics),
        timezone: basics.timezone,
      },
      template: basics.template,
      structure: structureFrom(form, basics.template, basics),
      units: [
        { code: basics.slug, level: 'city', name: bilingual(basics) },
        ...good.map((entry) => entry.unit),
      ],
      administrator: { name: basics.adminName, email: basics.adminEmail },
    };
    let result: OnboardingResult | undefined;
    try {
      result = await previewOnboarding(
        { db: c.get('db'), actor: c.get('actor'), now: c.get('now') },
        document,
      );
      if (!result.created) issues.push(formIssue('slug', 'form.already_onboarded'));
    } catch (error) {
      if (!isAppError(error) || (error.status !== 422 && error.status !== 400)) throw error;
      issues.push(...rowIssues(error.details ?? [issueOf(error, '(document)')], goodRows, 1));
    }
    if (issues.length > 0)
      return stepTwo(c, basics, form, sortByRow(issues), {
        units: units.units,
        rows: units.rows,
      });
    return stepTwo(c, basics, form, [], { units: units.units, rows: units.rows, result, document });
  });

  pages.post('/admin/onboarding/apply', { action: 'tenant.onboard' }, async (c) => {
    const page = await pageContext(c);
    const form = await formOf(c);
    let document: unknown;
    try {
      document = JSON.parse(text(form, 'document'));
    } catch {
      throw formErrors.error(400, 'form.draft_damaged', { details: [fieldIssue('document', 'field.json')] });
    }
    // The first administrator needs a way in: a one-time password, stored hashed, shown here once.
    const password = oneTimePassword();
    const result = await onboardTenant(
      {
        db: c.get('db'),
        actor: page.principal,
        now: c.get('now'),
        administratorPasswordHash: await hashPassword(password),
      },
      document,
    );
    const name = nameIn(page.lang, result.tenant);
    const administrator = (document as { administrator?: { email?: unknown } }).administrator;
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.onboarding')}>
        <h1>{t(page.lang, 'console.onboarding')}</h1>
        <p class="notice" role="status">
          {result.created
            ? t(page.lang, 'console.applied', { name, units: result.units })
            : t(page.lang, 'console.alreadyOnboarded')}
        </p>
        {result.created ? (
          <div class="notice">
            <p>
              {t(page.lang, 'console.adminPasswordOnce', {
                slug: result.tenant.slug,
                email: String(administrator?.email ?? ''),
              })}
            </p>
            <p class="secret" id="admin-password">
              {password}
            </p>
          </div>
        ) : null}
        <p>
          <a href={`/t/${result.tenant.slug}${page.lang === 'en' ? '?lang=en' : ''}`}>{name}</a>
        </p>
      </ConsoleLayout>,
      result.created ? 201 : 200,
    );
  });
}
