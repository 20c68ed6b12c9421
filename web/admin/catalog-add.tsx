import type { FieldIssue } from '../../functions/platform/errors';
import { type Lang, say, t } from '../i18n';
import { ErrorSummary } from './console-layout';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export const CLASSES = ['open', 'conditional', 'none'] as const;
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;

/** The labels of the catalog forms' fields, for their error summaries. */
export function catalogLabels(lang: Lang): Record<string, string> {
  return {
    key: t(lang, 'catalogPage.key'),
    type: t(lang, 'catalogPage.type'),
    'name.zh': t(lang, 'catalogPage.nameZh'),
    'name.en': t(lang, 'catalogPage.nameEn'),
    sharingClass: t(lang, 'catalogPage.sharingClass'),
    sensitivity: t(lang, 'catalogPage.sensitivity'),
    legalBasis: t(lang, 'catalogPage.legalBasis'),
  };
}

/** A select of coded choices, each said in the page's language (`<prefix>.<choice>`). */
export function Choice(props: {
  lang: Lang;
  id: string;
  name: string;
  label: string;
  options: readonly string[];
  prefix: string;
  value: string;
}) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map((option) => (
          <option value={option} selected={option === props.value}>
            {say(props.lang, `${props.prefix}.${option}`, { fallback: option })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form adding a field to one domain, open with its values and problems when it failed. */
export function AddFieldForm(props: {
  lang: Lang;
  domain: string;
  issues: FieldIssue[] | undefined;
  values: Record<string, string>;
}) {
  const { lang, domain, values } = props;
  const id = `add-${domain}`;
  const invalid = (path: string) => (props.issues?.some((issue) => issue.path === path) ? 'true' : undefined);
  const textInput = (name: string, path: string, label: string) => (
    <div>
      <label for={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        name={name}
        value={values[name] ?? ''}
        aria-invalid={invalid(path)}
      />
    </div>
  );
  return (
    <details open={Boolean(props.issues)}>
      <summary>{t(lang, 'catalogPage.add')}</summary>
      <form method="post" action={`/admin/catalog/${domain}/fields`} class="stack">
        <ErrorSummary lang={lang} issues={props.issues ?? []} labels={catalogLabels(lang)} />
        {textInput('key', 'key', t(lang, 'catalogPage.key'))}
        {textInput('nameZh', 'name.zh', t(lang, 'catalogPage.nameZh'))}
        {textInput('nameEn', 'name.en', t(lang, 'catalogPage.nameEn'))}
        <Choice
          lang={lang}
          id={`${id}-type`}
          name="type"
          label={t(lang, 'catalogPage.type')}
          options={FIELD_TYPES}
          prefix="fieldType"
          value={values.type ?? 'string'}
        />
        <Choice
          lang={lang}
          id={`${id}-sensitivity`}
          name="sensitivity"
          label={t(lang, 'catalogPage.sensitivity')}
          options={SENSITIVITIES}
          prefix="sensitivity"
          value={values.sensitivity ?? 'medium'}
        />
        <Choice
          lang={lang}
          id={`${id}-class`}
          name="sharingClass"
          label={t(lang, 'catalogPage.sharingClass')}
          options={CLASSES}
          prefix="sharingClass"
          value={values.sharingClass ?? 'conditional'}
        />
        {textInput('legalBasis', 'legalBasis', t(lang, 'catalogPage.legalBasis'))}
        <div>
          <button type="submit">{t(lang, 'catalogPage.add')}</button>
        </div>
      </form>
    </details>
  );
}
