import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { FieldIssue } from '../../functions/platform/errors';
import type { Namer } from '../../functions/platform/messages';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { ReformInput } from '../../functions/tenants/onboarding.schema';
import { type CarriedReform, createReform, previewReform } from '../../functions/tenants/tenants.service';
import { type Lang, say, t } from '../i18n';
import { cityContext } from './console-context';
import { type consolePages, formOf, formProblem, text } from './console-route';
import { consoleLang, fieldLabel } from './console-text';

export const ORG_TREE_PAGE = '/admin/org-tree';

/** What the reform form holds, as typed (the textareas are parsed when it is sent). */
export interface ReformValues {
  code: string;
  effectiveOn: string;
  titleZh: string;
  titleEn: string;
  closes: string;
  opens: string;
  lineage: string;
}

/** How the org tree page is drawn again with the form's values, problems or preview. */
export type RenderTree = (
  c: Context<AppEnv>,
  view: {
    values: ReformValues;
    issues?: FieldIssue[];
    labels?: Record<string, string>;
    preview?: ReformPreview;
    status?: 200 | 400 | 409 | 422;
  },
) => Promise<Response>;

/** A previewed reform: what was typed, what it parsed to, and the verb's answer (nothing written). */
export interface ReformPreview {
  values: ReformValues;
  input: ReformInput;
  result: CarriedReform;
}

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The form's text as the reform verb's input: codes split on spaces and commas, one unit or link a line. */
export function reformInputOf(values: ReformValues) {
  return {
    code: values.code,
    effectiveOn: values.effectiveOn,
    title: { zh: values.titleZh, en: values.titleEn },
    closes: values.closes.split(/[\s,，、]+/).filter(Boolean),
    opens: lines(values.opens).map((line) => {
      const [code = '', level = '', parent = '', zh = '', en = ''] = line.split(/\s*[|｜]\s*/);
      return { code, level, ...(parent ? { parent } : {}), name: { zh, en } };
    }),
    lineage: lines(values.lineage).map((line) => {
      const carry = /[*＊]$/.test(line);
      const [from = '', to = ''] = line.replace(/\s*[*＊]$/, '').split(/\s*(?:->|→|>|＞)\s*/);
      return { from, to, ...(carry ? { carry: true } : {}) };
    }),
  };
}

/** Labels for the reform form's problems: the line of a textarea they are about, in the page's language. */
export function reformLabels(lang: Lang, issues: FieldIssue[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const fixed: Record<string, Parameters<typeof t>[1]> = {
    code: 'reformForm.code',
    effectiveOn: 'reformForm.effectiveOn',
    'title.zh': 'reformForm.titleZh',
    'title.en': 'reformForm.titleEn',
    closes: 'reformForm.closes',
    opens: 'reformForm.opens',
    lineage: 'reformForm.lineage',
  };
  for (const { path } of issues) {
    const line = /^(opens|lineage|closes)\.(\d+)/.exec(path);
    const key = fixed[path];
    if (line) {
      const n = Number(line[2]) + 1;
      const part = path.split('.').slice(2).join('.');
      const where =
        line[1] === 'opens'
          ? t(lang, 'reformForm.opensLine', { n })
          : line[1] === 'lineage'
            ? t(lang, 'reformForm.lineageLine', { n })
            : t(lang, 'reformForm.closesItem', { n });
      labels[path] = part ? `${where}${t(lang, 'console.listSep')}${fieldLabel(lang, part)}` : where;
    } else if (key) labels[path] = say(lang, key);
  }
  return labels;
}

function valuesOf(form: Record<string, unknown>): ReformValues {
  return {
    code: text(form, 'code'),
    effectiveOn: text(form, 'effectiveOn'),
    titleZh: text(form, 'titleZh'),
    titleEn: text(form, 'titleEn'),
    closes: text(form, 'closes'),
    opens: text(form, 'opens'),
    lineage: text(form, 'lineage'),
  };
}

/** What the reform closes, opens and moves, with the form that applies exactly what was previewed. */
export function ReformPreviewSection(props: {
  lang: Lang;
  preview: ReformPreview;
  names: Namer;
  /** A unit's name by its code (the units it closes are the city's own). */
  unitName: (code: string) => string;
}) {
  const { lang, preview } = props;
  const { input, result } = preview;
  return (
    <section aria-labelledby="reform-preview" class="card">
      <h2 id="reform-preview">{t(lang, 'reformPreview.title', { code: input.code })}</h2>
      <p class="notice">{t(lang, 'reformPreview.nothingWritten')}</p>
      <dl>
        <dt>{t(lang, 'reformPreview.closes')}</dt>
        <dd>
          {input.closes.length === 0 ? t(lang, 'console.none') : null}
          <ul>
            {input.closes.map((code) => (
              <li>
                {props.unitName(code)} <code>{code}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t(lang, 'reformPreview.opens')}</dt>
        <dd>
          {input.opens.length === 0 ? t(lang, 'console.none') : null}
          <ul>
            {input.opens.map((unit) => (
              <li>
                {lang === 'zh' ? unit.name.zh : unit.name.en} <code>{unit.code}</code>{' '}
                {props.names.level(unit.level)}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <h3>{t(lang, 'reformPreview.moves')}</h3>
      {result.carries.length === 0 ? (
        <p>{t(lang, 'reformPreview.nothingMoves')}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'reformPreview.from')}</th>
                <th scope="col">{t(lang, 'reformPreview.to')}</th>
                <th scope="col">{t(lang, 'reformPreview.what')}</th>
              </tr>
            </thead>
            <tbody>
              {result.carries.map((carry) => (
                <tr data-carry={carry.from}>
                  <td>
                    <code>{carry.from}</code>
                  </td>
                  <td>{carry.to ? <code>{carry.to}</code> : t(lang, 'console.none')}</td>
                  <td>
                    <ul>
                      {Object.entries(carry.counts).map(([key, n]) => (
                        <li data-dweller={key}>
                          {say(lang, `dweller.${key}`, { fallback: key })}
                          {t(lang, 'console.colon')}
                          {n}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action={`${ORG_TREE_PAGE}/reforms`} class="stack">
        {Object.entries(preview.values).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit">{t(lang, 'reformForm.apply')}</button>
      </form>
    </section>
  );
}

/** Parses the form and calls the verb (preview or apply); a problem re-shows the form with nothing written. */
async function reformStep(c: Context<AppEnv>, step: 'preview' | 'apply', renderOrgTree: RenderTree) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const lang = consoleLang(c);
  const values = valuesOf(form);
  const raw = reformInputOf(values);
  const parsed = ReformInput.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues, { input: raw });
    return renderOrgTree(c, { values, issues, labels: reformLabels(lang, issues), status: 422 });
  }
  try {
    if (step === 'preview') {
      const result = await previewReform(ctx, parsed.data, c.get('unitDwellers'));
      return renderOrgTree(c, { values, preview: { values, input: parsed.data, result } });
    }
    await createReform(ctx, parsed.data, c.get('unitDwellers'));
  } catch (error) {
    const issues = formProblem(error);
    if (!issues) throw error;
    return renderOrgTree(c, {
      values,
      issues,
      labels: reformLabels(lang, issues),
      status: (error as { status: 400 | 409 | 422 }).status,
    });
  }
  return c.redirect(`${ORG_TREE_PAGE}?applied=${encodeURIComponent(parsed.data.code)}`, 303);
}

export function registerReformPages(pages: ReturnType<typeof consolePages>, render: RenderTree) {
  pages.post(`${ORG_TREE_PAGE}/reforms/preview`, { action: 'structure.write' }, (c) =>
    reformStep(c, 'preview', render),
  );
  pages.post(`${ORG_TREE_PAGE}/reforms`, { action: 'structure.write' }, (c) =>
    reformStep(c, 'apply', render),
  );
}
