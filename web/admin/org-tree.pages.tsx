import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import type { FieldIssue } from '../../functions/platform/errors';
import type { OrgUnitRow } from '../../functions/tenants/org-units.repository';
import { listAllOrgUnits, listReformsWithCounts } from '../../functions/tenants/tenants.service';
import { type Lang, nameIn, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import type { consolePages } from './console-route';
import { pageNames } from './console-text';
import {
  ORG_TREE_PAGE,
  type ReformPreview,
  ReformPreviewSection,
  type ReformValues,
  registerReformPages,
} from './reform.pages';

export const EMPTY_REFORM: ReformValues = {
  code: '',
  effectiveOn: '',
  titleZh: '',
  titleEn: '',
  closes: '',
  opens: '',
  lineage: '',
};

const isClosed = (unit: OrgUnitRow) => unit.validTo !== null || unit.closedByReformId !== null;

/** One unit and, folded under it, its children (a unit with none is a plain line). */
function UnitNode(props: {
  lang: Lang;
  unit: OrgUnitRow;
  childrenOf: Map<string | null, OrgUnitRow[]>;
  levelName: (key: string) => string;
  depth: number;
}) {
  const { lang, unit } = props;
  const children = props.childrenOf.get(unit.id) ?? [];
  const line = (
    <span data-unit={unit.code}>
      <strong>{nameIn(lang, unit)}</strong>{' '}
      <span class="muted">
        {props.levelName(unit.level)} · <code>{unit.code}</code> ·{' '}
        {isClosed(unit)
          ? t(lang, 'orgTree.closed', { on: unit.validTo ?? '' })
          : unit.validFrom
            ? t(lang, 'orgTree.since', { on: unit.validFrom })
            : t(lang, 'orgTree.open')}
      </span>
    </span>
  );
  if (children.length === 0) return <li>{line}</li>;
  return (
    <li>
      <details open={props.depth < 2}>
        <summary>
          {line} {t(lang, 'console.paren', { text: children.length })}
        </summary>
        <ul class="tree">
          {children.map((child) => (
            <UnitNode {...props} unit={child} depth={props.depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function ReformForm(props: {
  lang: Lang;
  values: ReformValues;
  issues: FieldIssue[];
  error?: { code: string; message: string } | undefined;
  labels: Record<string, string>;
}) {
  const { lang, values } = props;
  const invalid = (name: string) =>
    props.issues.some((issue) => issue.path === name || issue.path.startsWith(`${name}.`))
      ? 'true'
      : undefined;
  return (
    <section aria-labelledby="reform-form">
      <h2 id="reform-form">{t(lang, 'reformForm.title')}</h2>
      <p class="hint">{t(lang, 'reformForm.hint')}</p>
      <ErrorSummary lang={lang} issues={props.issues} error={props.error} labels={props.labels} />
      <form method="post" action={`${ORG_TREE_PAGE}/reforms/preview`} class="stack">
        {(
          [
            ['code', 'reformForm.code', 'text'],
            ['effectiveOn', 'reformForm.effectiveOn', 'date'],
            ['titleZh', 'reformForm.titleZh', 'text'],
            ['titleEn', 'reformForm.titleEn', 'text'],
          ] as const
        ).map(([name, label, type]) => (
          <div>
            <label for={`reform-${name}`}>{t(lang, label)}</label>
            <input
              id={`reform-${name}`}
              type={type}
              name={name}
              value={values[name]}
              aria-invalid={invalid(name === 'titleZh' ? 'title.zh' : name === 'titleEn' ? 'title.en' : name)}
            />
          </div>
        ))}
        {(
          [
            ['closes', 'reformForm.closes', 2],
            ['opens', 'reformForm.opens', 4],
            ['lineage', 'reformForm.lineage', 4],
          ] as const
        ).map(([name, label, rows]) => (
          <div>
            <label for={`reform-${name}`}>{t(lang, label)}</label>
            <textarea id={`reform-${name}`} name={name} rows={rows} aria-invalid={invalid(name)}>
              {values[name]}
            </textarea>
          </div>
        ))}
        <div>
          <button type="submit">{t(lang, 'reformForm.preview')}</button>
        </div>
      </form>
    </section>
  );
}

export interface OrgTreeView {
  values?: ReformValues;
  issues?: FieldIssue[];
  error?: { code: string; message: string } | undefined;
  labels?: Record<string, string>;
  preview?: ReformPreview;
  status?: 200 | 400 | 409 | 422;
}

/** The city's org tree (open units; closed ones on request), its reforms, and the reform form. */
export async function renderOrgTree(c: Context<AppEnv>, view: OrgTreeView = {}) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const lang = page.lang;
  const units = await listAllOrgUnits(ctx);
  const reforms = await listReformsWithCounts(ctx);
  const withClosed = c.req.query('closed') === '1';
  const shown = withClosed ? units : units.filter((unit) => !isClosed(unit));
  const childrenOf = new Map<string | null, OrgUnitRow[]>();
  const shownIds = new Set(shown.map((unit) => unit.id));
  for (const unit of [...shown].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = unit.parentId && shownIds.has(unit.parentId) ? unit.parentId : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), unit]);
  }
  const names = pageNames(lang, ctx.tenant.structure);
  const closedCount = units.filter(isClosed).length;
  const applied = c.req.query('applied');
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'orgTree.title')}>
      <h1>{t(lang, 'orgTree.title')}</h1>
      {applied ? (
        <p role="status" class="notice">
          {t(lang, 'orgTree.applied', { code: applied })}
        </p>
      ) : null}
      {view.preview ? (
        <ReformPreviewSection
          lang={lang}
          preview={view.preview}
          names={names}
          unitName={(code) => {
            const unit = units.find((row) => row.code === code);
            return unit ? nameIn(lang, unit) : '';
          }}
        />
      ) : null}
      <p>
        {t(lang, 'orgTree.counts', { open: units.length - closedCount, closed: closedCount })}{' '}
        <a href={withClosed ? ORG_TREE_PAGE : `${ORG_TREE_PAGE}?closed=1`}>
          {t(lang, withClosed ? 'orgTree.hideClosed' : 'orgTree.showClosed')}
        </a>
      </p>
      <ul class="tree">
        {(childrenOf.get(null) ?? []).map((unit) => (
          <UnitNode lang={lang} unit={unit} childrenOf={childrenOf} levelName={names.level} depth={0} />
        ))}
      </ul>
      <ReformForm
        lang={lang}
        values={view.values ?? EMPTY_REFORM}
        issues={view.issues ?? []}
        error={view.error}
        labels={view.labels ?? {}}
      />
      <h2>{t(lang, 'orgTree.reforms')}</h2>
      <div class="table-scroll" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'reformForm.code')}</th>
              <th scope="col">{t(lang, 'reformForm.effectiveOn')}</th>
              <th scope="col">{t(lang, 'console.name')}</th>
            </tr>
          </thead>
          <tbody>
            {reforms.map(({ reform }) => (
              <tr>
                <td>
                  <code>{reform.code}</code>
                </td>
                <td>{reform.effectiveOn}</td>
                <td>{nameIn(lang, reform, 'title')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ConsoleLayout>,
    view.status ?? 200,
  );
}

export function registerOrgTreePages(pages: ReturnType<typeof consolePages>) {
  pages.get(ORG_TREE_PAGE, { action: 'structure.write' }, (c) => renderOrgTree(c));
  registerReformPages(pages, renderOrgTree);
}
