import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { FieldIssue } from '../../functions/platform/errors';
import { TEMPLATE_KEYS } from '../../functions/tenants/onboarding.schema';
import { type Lang, problemText, t } from '../i18n';
import { pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type Basics, STEPS, type Template, templateStructure } from './onboarding.draft';

// Step 1 of the onboarding wizard (see onboarding.pages.tsx): the city's slug, names, time zone,
// template and first administrator.

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

export function BasicsHidden(props: { basics: Basics }) {
  return (
    <>
      {Object.entries(props.basics).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export async function stepOne(c: Context<AppEnv>, basics?: Basics, issues: FieldIssue[] = []) {
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
