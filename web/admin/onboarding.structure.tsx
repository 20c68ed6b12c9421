import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { OnboardingResult } from '../../functions/onboarding/onboarding.service';
import type { FieldIssue } from '../../functions/platform/errors';
import type { UnitRowInput } from '../../functions/tenants/units-file.service';
import { bilingual, t } from '../i18n';
import { pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { pageNames } from './console-text';
import { BasicsHidden } from './onboarding.basics';
import {
  type Basics,
  countByLevel,
  neutralSummary,
  PREVIEW_ROWS,
  STEPS,
  structureFrom,
  templateStructure,
} from './onboarding.draft';

// Steps 2 and 3 of the onboarding wizard (see onboarding.pages.tsx): the model's, levels' and
// bodies' names and the units file, then the preview of what apply would create, or every problem
// of the file at once by row.

export interface PreviewState {
  units: UnitRowInput[];
  rows: number[];
  result?: OnboardingResult | undefined;
  document?: unknown;
}

export async function stepTwo(
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
