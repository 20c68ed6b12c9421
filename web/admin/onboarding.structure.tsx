import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { OnboardingResult } from '../../functions/onboarding/onboarding.service';
import type { FieldIssue } from '../../functions/platform/errors';
import type { StructureConfig } from '../../functions/tenants/structure.schema';
import type { UnitRowInput } from '../../functions/tenants/units-file.service';
import { bilingual, type Lang, t } from '../i18n';
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
  type Template,
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

type Edited = Pick<StructureConfig, 'name' | 'summary' | 'levels' | 'bodies'>;

/** A level's names as edited (its key in both languages when the structure has no such level). */
function levelNameIn(levels: Edited['levels'], key: string) {
  return levels.find((level) => level.key === key)?.name ?? { zh: key, en: key };
}

/** Step 3: the units counted by level, and the apply button carrying the checked document. */
function PreviewSection(props: { lang: Lang; preview: PreviewState; levels: Edited['levels'] }) {
  const { lang, preview } = props;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">{t(lang, 'console.previewTitle')}</h2>
      <ul class="stats">
        {Object.entries(countByLevel(preview.units)).map(([level, count]) => (
          <li>
            {levelNameIn(props.levels, level)[lang]}
            <strong>{count}</strong>
          </li>
        ))}
      </ul>
      <form method="post" action="/admin/onboarding/apply" class="stack">
        <input type="hidden" name="document" value={JSON.stringify(preview.document)} />
        <div>
          <button type="submit">{t(lang, 'console.apply')}</button>
        </div>
      </form>
    </section>
  );
}

/** The units the file would create (the first PREVIEW_ROWS), each with its row in the file. */
function UnitsTable(props: { lang: Lang; preview: PreviewState; levels: Edited['levels'] }) {
  const { lang, preview } = props;
  return (
    <div class="table-wrap">
      <table>
        <caption>
          {t(lang, 'console.willCreate')}
          {preview.units.length > PREVIEW_ROWS
            ? ` — ${t(lang, 'console.shownFirst', { shown: PREVIEW_ROWS, total: preview.units.length })}`
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'console.rowsInFile')}</th>
            <th scope="col">{t(lang, 'console.level')}</th>
            <th scope="col">{t(lang, 'console.code')}</th>
            <th scope="col">{t(lang, 'console.name')}</th>
            <th scope="col">{t(lang, 'console.parent')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.units.slice(0, PREVIEW_ROWS).map((unit, index) => (
            <tr>
              <td>{preview.rows[index]}</td>
              <td>{levelNameIn(props.levels, unit.level)[lang]}</td>
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
  );
}

/** The model's name and summary in both languages. */
function ModelFieldset(props: { lang: Lang; edited: Edited }) {
  const { lang, edited } = props;
  return (
    <fieldset>
      <legend>{t(lang, 'console.model')}</legend>
      <p class="hint">{t(lang, 'console.modelHint')}</p>
      <div class="pair">
        <label for="model.zh">
          {t(lang, 'console.modelName')} · {t(lang, 'console.nameZh')}
        </label>
        <input type="text" id="model.zh" name="model.zh" maxlength={200} value={edited.name.zh} />
        <label for="model.en">
          {t(lang, 'console.modelName')} · {t(lang, 'console.nameEn')}
        </label>
        <input type="text" id="model.en" name="model.en" maxlength={200} value={edited.name.en} />
      </div>
      <div>
        <label for="summary.zh">
          {t(lang, 'console.modelSummary')} · {t(lang, 'console.nameZh')}
        </label>
        <textarea id="summary.zh" name="summary.zh" rows={3} maxlength={4000}>
          {edited.summary.zh}
        </textarea>
      </div>
      <div>
        <label for="summary.en">
          {t(lang, 'console.modelSummary')} · {t(lang, 'console.nameEn')}
        </label>
        <textarea id="summary.en" name="summary.en" rows={3} maxlength={4000}>
          {edited.summary.en}
        </textarea>
      </div>
    </fieldset>
  );
}

/** Each level's names; the labels name levels as the template does (the inputs may rename them). */
function LevelsFieldset(props: { lang: Lang; base: StructureConfig; edited: Edited }) {
  const { lang } = props;
  const templateLevelName = (key: string) =>
    props.base.levels.find((level) => level.key === key)?.name[lang] ?? key;
  return (
    <fieldset>
      <legend>{t(lang, 'console.levels')}</legend>
      {props.edited.levels.map((level) => (
        <div class="pair">
          <label for={`level.${level.key}.zh`}>
            {templateLevelName(level.key)} · {t(lang, 'console.nameZh')}
          </label>
          <input
            type="text"
            id={`level.${level.key}.zh`}
            name={`level.${level.key}.zh`}
            value={level.name.zh}
          />
          <label for={`level.${level.key}.en`}>
            {templateLevelName(level.key)} · {t(lang, 'console.nameEn')}
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
  );
}

/** The template's bodies: each kept or not (all, before the form was posted), and renamed. */
function BodiesFieldset(props: { lang: Lang; base: StructureConfig; edited: Edited; keepAll: boolean }) {
  const { lang, edited } = props;
  const kept = new Set(edited.bodies.map((body) => body.key));
  return (
    <fieldset>
      <legend>{t(lang, 'console.bodies')}</legend>
      <input type="hidden" name="bodiesShown" value="1" />
      {props.base.bodies.map((body) => {
        const current = edited.bodies.find((item) => item.key === body.key) ?? body;
        return (
          <div class="pair">
            <input
              type="checkbox"
              id={`body.${body.key}.keep`}
              name={`body.${body.key}.keep`}
              checked={props.keepAll || kept.has(body.key)}
            />{' '}
            <label for={`body.${body.key}.keep`} class="inline">
              {t(lang, 'console.keepBody')} {body.name[lang]}
            </label>
            <label for={`body.${body.key}.zh`}>{t(lang, 'console.nameZh')}</label>
            <input
              type="text"
              id={`body.${body.key}.zh`}
              name={`body.${body.key}.zh`}
              value={current.name.zh}
            />
            <label for={`body.${body.key}.en`}>{t(lang, 'console.nameEn')}</label>
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
  );
}

/** The units file input, with a link to the example for the chosen template. */
function UnitsFileInput(props: { lang: Lang; template: Template; invalid: boolean }) {
  const { lang } = props;
  return (
    <div>
      <label for="units-file">{t(lang, 'console.unitsFile')}</label>
      <p class="hint" id="units-file-hint">
        {t(lang, 'console.unitsFileHint')}{' '}
        <a href={`/admin/onboarding/example.csv?template=${props.template}`}>{t(lang, 'console.example')}</a>
      </p>
      <input
        type="file"
        id="units-file"
        name="file"
        accept=".csv,.xlsx"
        required
        aria-describedby="units-file-hint"
        aria-invalid={props.invalid ? 'true' : undefined}
      />
    </div>
  );
}

/** Step 2, and step 3 once a file checks: the structure's names and the units file, or the preview. */
export async function stepTwo(
  c: Context<AppEnv>,
  basics: Basics,
  form: Record<string, unknown> | undefined,
  issues: FieldIssue[] = [],
  preview?: PreviewState,
) {
  const page = await pageContext(c);
  const base = templateStructure(basics.template);
  const edited: Edited = form
    ? structureFrom(form, basics.template, basics)
    : {
        name: base.name,
        summary: neutralSummary(basics.template, bilingual(basics)),
        levels: base.levels,
        bodies: base.bodies,
      };
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
        <PreviewSection lang={page.lang} preview={preview} levels={edited.levels} />
      ) : null}
      {preview && preview.units.length > 0 ? (
        <UnitsTable lang={page.lang} preview={preview} levels={edited.levels} />
      ) : null}
      <form method="post" action="/admin/onboarding/preview" enctype="multipart/form-data" class="stack">
        <BasicsHidden basics={basics} />
        <ModelFieldset lang={page.lang} edited={edited} />
        <LevelsFieldset lang={page.lang} base={base} edited={edited} />
        <BodiesFieldset lang={page.lang} base={base} edited={edited} keepAll={!form} />
        <UnitsFileInput
          lang={page.lang}
          template={basics.template}
          invalid={issues.some((issue) => issue.path === 'file')}
        />
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
