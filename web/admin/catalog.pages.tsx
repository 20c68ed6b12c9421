import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { withTenant } from '../../functions/platform/db';
import type { FieldIssue } from '../../functions/platform/errors';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { FieldChangeBody, NewFieldBody } from '../../functions/sharing/catalog/catalog.routes';
import { type CatalogField, loadCatalog } from '../../functions/sharing/catalog/catalog.service';
import { addCatalogField, updateCatalogField } from '../../functions/sharing/catalog/catalog-admin.service';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, nameIn, say, t } from '../i18n';
import { AddFieldForm, Choice, CLASSES, catalogLabels, SENSITIVITIES } from './catalog-add';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, formProblem, text } from './console-route';

const PAGE = '/admin/catalog';
type Problem = { field: string; issues: FieldIssue[]; values: Record<string, string> };

/** A field's edit form (sharing class, sensitivity, legal basis), open when it failed. */
function EditForm(props: { lang: Lang; field: CatalogField; problem: Problem | undefined }) {
  const { lang, field } = props;
  const mine = props.problem?.field === field.qualified ? props.problem : undefined;
  const id = field.qualified.replace('.', '-');
  const values = mine?.values ?? {};
  return (
    <details open={Boolean(mine)}>
      <summary>{t(lang, 'catalogPage.change')}</summary>
      <form method="post" action={`${PAGE}/${field.domainKey}/fields/${field.key}`} class="stack">
        <ErrorSummary lang={lang} issues={mine?.issues ?? []} labels={catalogLabels(lang)} />
        <Choice
          lang={lang}
          id={`class-${id}`}
          name="sharingClass"
          label={t(lang, 'catalogPage.sharingClass')}
          options={CLASSES}
          prefix="sharingClass"
          value={values.sharingClass ?? field.sharingClass}
        />
        <Choice
          lang={lang}
          id={`sensitivity-${id}`}
          name="sensitivity"
          label={t(lang, 'catalogPage.sensitivity')}
          options={SENSITIVITIES}
          prefix="sensitivity"
          value={values.sensitivity ?? field.sensitivity}
        />
        <div>
          <label for={`basis-${id}`}>{t(lang, 'catalogPage.legalBasis')}</label>
          <input
            id={`basis-${id}`}
            type="text"
            name="legalBasis"
            maxlength={300}
            value={values.legalBasis ?? field.legalBasis}
            aria-invalid={mine?.issues.some((issue) => issue.path === 'legalBasis') ? 'true' : undefined}
          />
        </div>
        <div>
          <button type="submit">{t(lang, 'console.save')}</button>
        </div>
      </form>
    </details>
  );
}

/** The city's data catalog: each domain with its owner department and its fields, editable by field. */
async function renderCatalog(
  c: Context<AppEnv>,
  problem?: Problem,
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const lang = page.lang;
  const catalog = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    loadCatalog(tx, ctx.tenant.id),
  );
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const ownerName = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? nameIn(lang, department) : id;
  };
  const domains = [...new Set(catalog.map((field) => field.domainKey))];
  const changed = c.req.query('changed');
  const added = c.req.query('added');
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'catalogPage.menu')}>
      <h1>{t(lang, 'catalogPage.menu')}</h1>
      {added ? (
        <p role="status" class="notice">
          {t(lang, 'catalogPage.added', { field: added })}
        </p>
      ) : null}
      {changed ? (
        <p role="status" class="notice">
          {t(lang, 'catalogPage.changed', { field: changed })}
        </p>
      ) : null}
      {/* A problem with a field that has no row here (an unknown one) is shown on top. */}
      {problem &&
      !catalog.some(
        (field) => field.qualified === problem.field || `add:${field.domainKey}` === problem.field,
      ) ? (
        <ErrorSummary lang={lang} issues={problem.issues} labels={catalogLabels(lang)} />
      ) : null}
      <p class="hint">{t(lang, 'catalogPage.hint')}</p>
      {domains.map((domain) => {
        const fields = catalog.filter((field) => field.domainKey === domain);
        const owner = fields[0]?.ownerDepartmentId ?? '';
        return (
          <section aria-labelledby={`domain-${domain}`}>
            <h2 id={`domain-${domain}`} data-owner={owner}>
              {t(lang, 'catalogPage.domain', { domain, owner: ownerName(owner) })}
            </h2>
            <div class="table-scroll" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'catalogPage.field')}</th>
                    <th scope="col">{t(lang, 'catalogPage.type')}</th>
                    <th scope="col">{t(lang, 'catalogPage.sensitivity')}</th>
                    <th scope="col">{t(lang, 'catalogPage.sharingClass')}</th>
                    <th scope="col">{t(lang, 'catalogPage.legalBasis')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.map((field) => (
                    <tr data-field-key={field.qualified}>
                      <td>
                        {field.name[lang]} <code>{field.qualified}</code>
                        <EditForm lang={lang} field={field} problem={problem} />
                      </td>
                      <td class="nowrap">{say(lang, `fieldType.${field.type}`, { fallback: field.type })}</td>
                      <td class="nowrap">
                        {say(lang, `sensitivity.${field.sensitivity}`, { fallback: field.sensitivity })}
                      </td>
                      <td class="nowrap" data-class={field.sharingClass}>
                        {say(lang, `sharingClass.${field.sharingClass}`, { fallback: field.sharingClass })}
                      </td>
                      <td>{field.legalBasis}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <AddFieldForm
              lang={lang}
              domain={domain}
              issues={problem?.field === `add:${domain}` ? problem.issues : undefined}
              values={problem?.field === `add:${domain}` ? problem.values : {}}
            />
          </section>
        );
      })}
    </ConsoleLayout>,
    status,
  );
}

async function changeField(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const domain = c.req.param('domain') ?? '';
  const key = c.req.param('field') ?? '';
  const values = {
    sharingClass: text(form, 'sharingClass'),
    sensitivity: text(form, 'sensitivity'),
    legalBasis: text(form, 'legalBasis'),
  };
  const field = `${domain}.${key}`;
  const parsed = FieldChangeBody.safeParse(values);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues, { input: values });
    return renderCatalog(c, { field, issues, values }, 422);
  }
  try {
    await updateCatalogField(ctx, domain, key, parsed.data);
  } catch (error) {
    const issues = formProblem(error);
    if (!issues) throw error;
    return renderCatalog(c, { field, issues, values }, (error as { status: 400 | 409 | 422 }).status);
  }
  return c.redirect(`${PAGE}?changed=${encodeURIComponent(field)}`, 303);
}

async function addField(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const domain = c.req.param('domain') ?? '';
  const values = Object.fromEntries(
    ['key', 'nameZh', 'nameEn', 'type', 'sensitivity', 'sharingClass', 'legalBasis'].map((name) => [
      name,
      text(form, name),
    ]),
  );
  const input = {
    key: values.key,
    type: values.type,
    name: { zh: values.nameZh, en: values.nameEn },
    sensitivity: values.sensitivity,
    sharingClass: values.sharingClass,
    ...(values.legalBasis ? { legalBasis: values.legalBasis } : {}),
  };
  const field = `add:${domain}`;
  const parsed = NewFieldBody.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues, { input });
    return renderCatalog(c, { field, issues, values }, 422);
  }
  try {
    await addCatalogField(ctx, domain, parsed.data);
  } catch (error) {
    const issues = formProblem(error);
    if (!issues) throw error;
    return renderCatalog(c, { field, issues, values }, (error as { status: 400 | 409 | 422 }).status);
  }
  return c.redirect(`${PAGE}?added=${encodeURIComponent(`${domain}.${parsed.data.key}`)}`, 303);
}

export function registerCatalogPages(pages: ReturnType<typeof consolePages>) {
  pages.get(PAGE, { action: 'catalog.manage' }, (c) => renderCatalog(c));
  pages.post(`${PAGE}/:domain/fields`, { action: 'catalog.manage' }, addField);
  pages.post(`${PAGE}/:domain/fields/:field`, { action: 'catalog.manage' }, changeField);
}
