import type { TenantRow } from '../../functions/platform/tenancy';
import type { CategoryAttribute } from '../../schema';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Lang, type MessageKey, nameIn, say, t } from '../i18n';

/** A public category a resident may pick (the catalog's public, active categories). */
export interface FormCategory {
  code: string;
  nameZh: string;
  nameEn: string | null;
  hintZh: string;
  hintEn: string;
}

/**
 * What each category covers, in residents' words, under the category list: the names are governance
 * functions (协调城市运行), and a select box cuts long option text off on a phone.
 */
function CategoryHints(props: { lang: Lang; categories: FormCategory[] }) {
  const { lang } = props;
  const hinted = props.categories.flatMap((category) => {
    const hint = lang === 'en' ? category.hintEn : category.hintZh;
    return hint ? [{ category, hint }] : [];
  });
  if (hinted.length === 0) return null;
  return (
    <ul class="category-hints" id="service_code-hints">
      {hinted.map(({ category, hint }) => (
        <li data-category={category.code}>
          <strong>{nameIn<string | null>(lang, category) ?? category.nameZh}</strong>
          {t(lang, 'console.colon')}
          {hint}
        </li>
      ))}
    </ul>
  );
}
/** A community or grid a resident may pick. */
export interface FormPlace {
  code: string;
  level: string;
  nameZh: string;
  nameEn: string | null;
}
/** The chosen category's questions (`attribute[code]`), shown once a category is chosen. */
function Questions(props: {
  lang: Lang;
  questions: CategoryAttribute[];
  values: Record<string, string>;
  issues: FormIssue[];
}) {
  const { lang, values } = props;
  return (
    <>
      {props.questions.map((question) => {
        const name = `attribute[${question.code}]`;
        const label = lang === 'en' ? question.name.en : question.name.zh;
        const options =
          question.type === 'boolean'
            ? [
                { key: 'true', label: lang === 'en' ? 'Yes' : '是' },
                { key: 'false', label: lang === 'en' ? 'No' : '否' },
              ]
            : (question.choices ?? []).map((choice) => ({
                key: choice.key,
                label: lang === 'en' ? choice.name.en : choice.name.zh,
              }));
        return (
          <>
            <label for={name}>{label}</label>
            {options.length > 0 ? (
              <select id={name} name={name} required={question.required}>
                <option value="">{t(lang, 'front.choose')}</option>
                {options.map((option) => (
                  <option value={option.key} selected={values[name] === option.key}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input id={name} name={name} required={question.required} value={values[name] ?? ''} />
            )}
            <FieldError lang={lang} issues={props.issues} field={name} />
          </>
        );
      })}
    </>
  );
}

/** A field's problem in the page's language, named by the field's code. */
export interface FormIssue {
  field: string;
  text: string;
}

const FIELDS = [
  'service_code',
  'address_id',
  'address_string',
  'lat',
  'long',
  'description',
  'photo',
  'contact',
];

/** The form's own fields by the label the resident sees, linked to the field; others by their code. */
const FIELD_LABELS: Record<string, MessageKey> = {
  service_code: 'front.category',
  address_id: 'front.place',
  address_string: 'front.address',
  lat: 'front.lat',
  long: 'front.long',
  description: 'front.description',
  photo: 'front.photo',
  contact: 'front.contact',
};

function FieldName(props: { lang: Lang; field: string }) {
  const label = FIELD_LABELS[props.field];
  if (!label) return <code>{props.field}</code>;
  return <a href={`#${props.field}`}>{say(props.lang, label)}</a>;
}

function FieldError(props: { lang: Lang; issues: FormIssue[]; field: string }) {
  const mine = props.issues.filter((issue) => issue.field === props.field);
  if (mine.length === 0) return null;
  return (
    <p class="field-error" id={`${props.field}-error`} data-field={props.field}>
      {mine.map((issue) => issue.text).join(t(props.lang, 'console.semicolon'))}
    </p>
  );
}

/** A field's ARIA: invalid and described by its error after a refusal, and by `also` (its hints) always. */
function described(issues: FormIssue[], field: string, also: string[] = []) {
  const wrong = issues.some((issue) => issue.field === field);
  const by = [...(wrong ? [`${field}-error`] : []), ...also].join(' ');
  return { ...(wrong ? { 'aria-invalid': 'true' } : {}), ...(by ? { 'aria-describedby': by } : {}) };
}

/** The optional address line and map coordinates. */
function PlaceDetails(props: { lang: Lang; values: Record<string, string>; issues: FormIssue[] }) {
  const { lang, values, issues } = props;
  return (
    <>
      <label for="address_string">{t(lang, 'front.address')}</label>
      <input
        id="address_string"
        name="address_string"
        maxlength={300}
        value={values.address_string ?? ''}
        {...described(issues, 'address_string')}
      />
      <FieldError lang={lang} issues={issues} field="address_string" />
      <fieldset>
        <legend>{t(lang, 'front.coordinates')}</legend>
        <label for="lat">{t(lang, 'front.lat')}</label>
        <input
          id="lat"
          name="lat"
          inputmode="decimal"
          value={values.lat ?? ''}
          {...described(issues, 'lat')}
        />
        <FieldError lang={lang} issues={issues} field="lat" />
        <label for="long">{t(lang, 'front.long')}</label>
        <input
          id="long"
          name="long"
          inputmode="decimal"
          value={values.long ?? ''}
          {...described(issues, 'long')}
        />
        <FieldError lang={lang} issues={issues} field="long" />
      </fieldset>
    </>
  );
}

/**
 * The report form: a plain POST (multipart, for the photo) that works without script. On refusal
 * the same page comes back with what was typed and each field's problem by its code.
 */
export function ReportFormPage(props: {
  tenant: TenantRow;
  lang: Lang;
  base: string;
  path: string;
  categories: FormCategory[];
  places: FormPlace[];
  questions: CategoryAttribute[];
  values: Record<string, string>;
  issues: FormIssue[];
  problem?: string | undefined;
}) {
  const { lang, values, issues } = props;
  const q = lang === 'en' ? '?lang=en' : '';
  const asked = props.questions.map((question) => `attribute[${question.code}]`);
  const other = issues.filter((issue) => !FIELDS.includes(issue.field) && !asked.includes(issue.field));
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'front.report')} · ${nameIn(lang, props.tenant)}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={props.tenant} lang={lang} base={props.base} current="report" />
      <h1>{t(lang, 'front.report')}</h1>
      <p>{t(lang, 'front.reportIntro')}</p>
      {(props.problem || issues.length > 0) && (
        <div class="form-errors" role="alert">
          <p>{props.problem ?? t(lang, 'front.errorsTitle')}</p>
          <ul>
            {issues.map((issue) => (
              <li data-field={issue.field}>
                <FieldName lang={lang} field={issue.field} /> {issue.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        method="post"
        action={`${props.base}/report${q}`}
        enctype="multipart/form-data"
        class="report-form"
      >
        <label for="service_code">{t(lang, 'front.category')}</label>
        <select
          id="service_code"
          name="service_code"
          required
          {...described(issues, 'service_code', ['service_code-hints'])}
        >
          <option value="">{t(lang, 'front.choose')}</option>
          {props.categories.map((category) => (
            <option value={category.code} selected={values.service_code === category.code}>
              {nameIn(lang, category)}
            </option>
          ))}
        </select>
        <FieldError lang={lang} issues={issues} field="service_code" />
        <CategoryHints lang={lang} categories={props.categories} />
        <Questions lang={lang} questions={props.questions} values={values} issues={issues} />
        <label for="address_id">{t(lang, 'front.place')}</label>
        <select id="address_id" name="address_id" required {...described(issues, 'address_id')}>
          <option value="">{t(lang, 'front.choose')}</option>
          {props.places.map((place) => (
            <option value={place.code} selected={values.address_id === place.code}>
              {place.level === 'grid' ? '　' : ''}
              {nameIn(lang, place)}
            </option>
          ))}
        </select>
        <FieldError lang={lang} issues={issues} field="address_id" />
        <PlaceDetails lang={lang} values={values} issues={issues} />
        <label for="description">{t(lang, 'front.description')}</label>
        <textarea
          id="description"
          name="description"
          rows={6}
          maxlength={4000}
          required
          {...described(issues, 'description')}
        >
          {values.description ?? ''}
        </textarea>
        <FieldError lang={lang} issues={issues} field="description" />
        <label for="photo">{t(lang, 'front.photo')}</label>
        <input
          id="photo"
          name="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          {...described(issues, 'photo')}
        />
        <FieldError lang={lang} issues={issues} field="photo" />
        <label for="contact">{t(lang, 'front.contact')}</label>
        <input
          id="contact"
          name="contact"
          maxlength={200}
          autocomplete="tel"
          value={values.contact ?? ''}
          {...described(issues, 'contact')}
        />
        <FieldError lang={lang} issues={issues} field="contact" />
        {other.map((issue) => (
          <FieldError lang={lang} issues={[issue]} field={issue.field} />
        ))}
        <button type="submit">{t(lang, 'front.submit')}</button>
      </form>
    </Layout>
  );
}

/** The answer: the request's number, the tracking link (with the token) and the duplicate hint. */
export function ReportAnswerPage(props: {
  tenant: TenantRow;
  lang: Lang;
  base: string;
  path: string;
  number: string;
  trackingHref: string;
  /** The site's origin, so the link can be written out whole to be copied. */
  origin: string;
  token: string;
  similar: string[];
}) {
  const { lang } = props;
  const q = lang === 'en' ? '?lang=en' : '';
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'front.received')} · ${nameIn(lang, props.tenant)}`}
      // The other language goes to the tracking page (with its token), not back to an empty form.
      switchHref={switchHref(`${props.base}/requests/${props.number}`, lang, { token: props.token })}
    >
      <CityNav city={props.tenant} lang={lang} base={props.base} current="report" />
      <h1>{t(lang, 'front.received')}</h1>
      <p>
        {t(lang, 'front.requestId')}
        {t(lang, 'console.colon')}
        <strong data-request-id={props.number}>{props.number}</strong>
      </p>
      <p>{t(lang, 'front.keepLink')}</p>
      <p>
        <a href={props.trackingHref} data-tracking-link>
          {t(lang, 'front.trackLink')}
        </a>
      </p>
      {/* The link written out: it holds the token that answers and rates the request. */}
      <p class="tracking-url">
        <code data-tracking-url>{`${props.origin}${props.trackingHref}`}</code>
      </p>
      {props.similar.length > 0 && (
        <section class="similar" data-similar={props.similar.length}>
          <p>{t(lang, 'front.similar', { count: props.similar.length })}</p>
          <ul>
            {props.similar.map((number) => (
              <li>
                <a href={`${props.base}/requests/${number}${q}`}>{number}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
