import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { CategoryRow } from '../../functions/cases/case-catalog.service';
import { type PlaceRow, placesToReport } from '../../functions/cases/case-places.service';
import { isUuid } from '../../functions/platform/ids';
import type { CategoryAttribute } from '../../schema';
import { inLang, type Lang, nameIn, t } from '../i18n';
import { caseNames, type Problem, ProblemSummary, sentValue } from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { text } from './console-route';

/** The form name of a category's question (`attr.hazard`), so it never meets the case's own fields. */
export const attributeField = (code: string) => `attr.${code}`;

/**
 * A category's answers from the form, typed as the category asks them: numbers as numbers, yes/no
 * as booleans. What does not read as its type is passed on as typed, for the verb to name.
 */
export function attributesFrom(
  form: Record<string, unknown>,
  asked: CategoryAttribute[],
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const attribute of asked) {
    const value = text(form, attributeField(attribute.code));
    if (value === '') continue;
    if (attribute.type === 'number')
      answers[attribute.code] = Number.isFinite(Number(value)) ? Number(value) : value;
    else if (attribute.type === 'boolean')
      answers[attribute.code] = value === 'true' ? true : value === 'false' ? false : value;
    else answers[attribute.code] = value;
  }
  return answers;
}

/** Labels of a category's questions by the paths the verb names them (`attributes.hazard`). */
export function attributeLabels(lang: Lang, category: CategoryRow | undefined): Record<string, string> {
  return Object.fromEntries(
    (category?.attributes ?? []).map((attribute) => [
      `attributes.${attribute.code}`,
      inLang(lang, attribute.name),
    ]),
  );
}

function AttributeInput(props: {
  lang: Lang;
  attribute: CategoryAttribute;
  value: string;
  invalid: boolean;
}) {
  const { attribute, lang } = props;
  const id = `attr-${attribute.code}`;
  const common = {
    id,
    name: attributeField(attribute.code),
    required: attribute.required,
    'aria-invalid': props.invalid ? ('true' as const) : undefined,
  };
  const label = (
    <label for={id}>
      {inLang(lang, attribute.name)}
      {attribute.required ? '' : t(lang, 'cases.optional')}
    </label>
  );
  if (attribute.type === 'boolean' || attribute.type === 'choice') {
    const options =
      attribute.type === 'boolean'
        ? [
            { key: 'true', label: t(lang, 'cases.yes') },
            { key: 'false', label: t(lang, 'cases.no') },
          ]
        : (attribute.choices ?? []).map((choice) => ({ key: choice.key, label: inLang(lang, choice.name) }));
    return (
      <div>
        {label}
        <select {...common}>
          <option value="">{t(lang, 'cases.choose')}</option>
          {options.map((option) => (
            <option value={option.key} selected={option.key === props.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const type = attribute.type === 'number' ? 'number' : attribute.type === 'date' ? 'date' : 'text';
  return (
    <div>
      {label}
      <input {...common} type={type} value={props.value} {...(type === 'number' ? { step: 'any' } : {})} />
    </div>
  );
}

function CategoryChoice(props: { lang: Lang; categories: CategoryRow[] }) {
  return (
    <form method="get" action="/admin/new-case" class="stack">
      <div>
        <label for="category">{t(props.lang, 'cases.field.category')}</label>
        <select id="category" name="category" required>
          {props.categories.map((category) => (
            <option value={category.id}>{nameIn(props.lang, category)}</option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit">{t(props.lang, 'console.next')}</button>
      </div>
    </form>
  );
}

function PlaceSelect(props: {
  lang: Lang;
  places: PlaceRow[];
  value: string;
  levelName: (key: string) => string;
}) {
  return (
    <div>
      <label for="orgUnitId">{t(props.lang, 'cases.field.unit')}</label>
      <select id="orgUnitId" name="orgUnitId" required>
        {props.places.length === 1 ? null : <option value="">{t(props.lang, 'cases.choose')}</option>}
        {props.places.map((place) => (
          <option value={place.id} selected={place.id === props.value}>
            {props.levelName(place.level)} · {nameIn(props.lang, place)} ({place.code})
          </option>
        ))}
      </select>
    </div>
  );
}

function CaseForm(props: {
  lang: Lang;
  category: CategoryRow;
  places: PlaceRow[];
  problem: Problem | undefined;
  levelName: (key: string) => string;
}) {
  const { lang, category, problem } = props;
  const value = (name: string) => sentValue(problem, 'collect', name);
  const invalid = (path: string) => problem?.issues.some((issue) => issue.path === path) ?? false;
  return (
    <form method="post" action="/admin/cases" class="stack">
      <input type="hidden" name="categoryId" value={category.id} />
      <p>
        {t(lang, 'cases.field.category')}
        {t(lang, 'console.colon')}
        <strong>{nameIn(lang, category)}</strong>{' '}
        <a href="/admin/new-case">{t(lang, 'cases.changeCategory')}</a>
      </p>
      <PlaceSelect lang={lang} places={props.places} value={value('orgUnitId')} levelName={props.levelName} />
      <div>
        <label for="title">{t(lang, 'cases.field.title')}</label>
        <input
          id="title"
          type="text"
          name="title"
          required
          maxlength={200}
          value={value('title')}
          aria-invalid={invalid('title') ? 'true' : undefined}
        />
      </div>
      <div>
        <label for="description">
          {t(lang, 'cases.field.description')}
          {t(lang, 'cases.optional')}
        </label>
        <textarea id="description" name="description" rows={4} maxlength={5000}>
          {value('description')}
        </textarea>
      </div>
      <div>
        <label for="location">
          {t(lang, 'cases.field.location')}
          {t(lang, 'cases.optional')}
        </label>
        <input id="location" type="text" name="location" maxlength={300} value={value('location')} />
      </div>
      {category.attributes.length > 0 ? (
        <fieldset>
          <legend>{t(lang, 'cases.extraQuestions')}</legend>
          <div class="fields">
            {category.attributes.map((attribute) => (
              <AttributeInput
                lang={lang}
                attribute={attribute}
                value={value(attributeField(attribute.code))}
                invalid={invalid(`attributes.${attribute.code}`)}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div>
        <button type="submit">{t(lang, 'cases.collect')}</button>
      </div>
    </form>
  );
}

/**
 * /admin/new-case: first the category (its questions depend on it, and the page needs no script),
 * then the case with the category's questions, in a unit the person may report in.
 */
export async function renderNewCase(c: Context<AppEnv>, problem?: Problem) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const names = await caseNames(ctx, page.lang, []);
  const active = names.categories.filter((category) => category.active);
  const chosen = problem?.values?.categoryId ?? c.req.query('category') ?? '';
  const category = isUuid(chosen) ? active.find((row) => row.id === chosen) : undefined;
  const places = category ? await placesToReport(ctx) : [];
  const levelName = (key: string) =>
    ctx.tenant.structure.levels.find((level) => level.key === key)?.name[page.lang] ?? key;
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'cases.collect')}>
      <h1>{t(page.lang, 'cases.collect')}</h1>
      <ProblemSummary lang={page.lang} problem={problem} labels={attributeLabels(page.lang, category)} />
      <h2>{t(page.lang, category ? 'cases.describe' : 'cases.chooseCategory')}</h2>
      {!category ? (
        <CategoryChoice lang={page.lang} categories={active} />
      ) : places.length === 0 ? (
        <p>{t(page.lang, 'cases.noPlaces')}</p>
      ) : (
        <CaseForm
          lang={page.lang}
          category={category}
          places={places}
          problem={problem}
          levelName={levelName}
        />
      )}
    </ConsoleLayout>,
    problem?.status ?? 200,
  );
}
