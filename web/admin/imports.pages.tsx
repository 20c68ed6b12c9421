import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { authorize } from '../../functions/auth/authorize';
import { withTenant } from '../../functions/platform/db';
import { AppError, type FieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import { loadCatalog } from '../../functions/sharing/catalog/catalog.service';
import { bulkPush, getImportJob, type ImportJob } from '../../functions/sharing/imports/bulk.service';
import { importErrors } from '../../functions/sharing/imports/imports.errors';
import { COMMUNITY_DOMAIN } from '../../functions/sharing/registry/facets.service';
import { problemText, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, text } from './console-route';
import { formIssue } from './console-text';

/** The largest upload the console accepts in one form post (the API streams larger ones). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

function formatOf(name: string): 'csv' | 'ndjson' | 'xlsx' | undefined {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  if (/\.(ndjson|jsonl)$/i.test(name)) return 'ndjson';
  return undefined;
}

async function domainsOf(c: Context<AppEnv>): Promise<string[]> {
  const ctx = await cityContext(c);
  const catalog = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    loadCatalog(tx, ctx.tenant.id),
  );
  // People write only the community's own domain (departments push theirs through the API).
  return [...new Set(catalog.map((field) => field.domainKey))]
    .filter((key) => key === COMMUNITY_DOMAIN)
    .sort();
}

async function renderForm(
  c: Context<AppEnv>,
  issues: FieldIssue[] = [],
  values: Record<string, string> = {},
) {
  const page = await pageContext(c);
  const domains = await domainsOf(c);
  const invalid = (name: string) => (issues.some((issue) => issue.path === name) ? 'true' : undefined);
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.imports')}>
      <h1>{t(page.lang, 'console.imports')}</h1>
      <p class="muted">{t(page.lang, 'console.importsHint')}</p>
      <ErrorSummary lang={page.lang} issues={issues} />
      <form method="post" action="/admin/imports" enctype="multipart/form-data" class="stack">
        <div>
          <label for="file">
            {t(page.lang, 'console.file')}{' '}
            <span class="hint">{t(page.lang, 'console.paren', { text: 'CSV, Excel .xlsx, NDJSON' })}</span>
          </label>
          <input
            id="file"
            type="file"
            name="file"
            accept=".csv,.xlsx,.ndjson,.jsonl"
            required
            aria-invalid={invalid('file')}
          />
        </div>
        <div>
          <label for="domain">{t(page.lang, 'console.domain')}</label>
          <select id="domain" name="domain" aria-invalid={invalid('domain')}>
            <option value="">—</option>
            {domains.map((key) => (
              <option value={key} selected={values.domain === key}>
                {key}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="sourceSystem">{t(page.lang, 'console.sourceSystem')}</label>
          <input
            id="sourceSystem"
            type="text"
            name="sourceSystem"
            value={values.sourceSystem ?? 'console'}
            required
            aria-invalid={invalid('sourceSystem')}
          />
        </div>
        <div>
          <label for="chunkSize">{t(page.lang, 'console.chunkSize')}</label>
          <input
            id="chunkSize"
            type="number"
            name="chunkSize"
            min="1"
            max="5000"
            value={values.chunkSize ?? '500'}
            aria-invalid={invalid('chunkSize')}
          />
        </div>
        <div>
          <button type="submit">{t(page.lang, 'console.upload')}</button>
        </div>
      </form>
    </ConsoleLayout>,
    issues.length > 0 ? 422 : 200,
  );
}

function JobView(props: { job: ImportJob; total: number | undefined; lang: 'zh' | 'en' }) {
  const job = props.job;
  const done = job.linesApplied + job.linesFailed;
  const total = job.status === 'running' ? (props.total ?? job.linesRead) : job.linesRead;
  const message =
    job.status === 'running'
      ? t(props.lang, 'console.importRunning')
      : job.status === 'completed'
        ? t(props.lang, 'console.importDone')
        : job.status === 'completed_with_errors'
          ? t(props.lang, 'console.importDoneWithErrors')
          : t(props.lang, 'console.importFailed');
  return (
    <>
      <p role="status" id="import-status" data-status={job.status}>
        {message}
      </p>
      <label for="import-progress">{t(props.lang, 'console.progress')}</label>
      <progress
        id="import-progress"
        max={String(Math.max(total, 1))}
        value={String(job.status === 'running' ? done : Math.max(total, 1))}
      >
        {done} / {total}
      </progress>
      <ul class="stats">
        <li>
          {t(props.lang, 'console.linesRead')}
          <strong>{job.linesRead}</strong>
        </li>
        <li>
          {t(props.lang, 'console.linesApplied')}
          <strong>{job.linesApplied}</strong>
        </li>
        <li>
          {t(props.lang, 'console.linesFailed')}
          <strong>{job.linesFailed}</strong>
        </li>
      </ul>
      {job.failures.length > 0 ? (
        <>
          <h2>{t(props.lang, 'console.report')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(props.lang, 'console.line')}</th>
                  <th scope="col">{t(props.lang, 'console.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {job.failures.map((failure) => (
                  <tr>
                    <td>{failure.line}</td>
                    <td>
                      {failure.errors.map((issue) => (
                        <div>
                          <code>{issue.path}</code>
                          {t(props.lang, 'console.colon')}
                          <span data-code={issue.code}>{problemText(props.lang, issue)}</span>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

export function registerImportPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/imports', { action: 'facets.write' }, (c) => renderForm(c));

  pages.post('/admin/imports', { action: 'facets.write' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const file = form.file;
    const values = {
      domain: text(form, 'domain'),
      sourceSystem: text(form, 'sourceSystem'),
      chunkSize: text(form, 'chunkSize') || '500',
    };
    const issues: FieldIssue[] = [];
    const format = file instanceof File ? formatOf(file.name) : undefined;
    if (!(file instanceof File) || file.size === 0) issues.push(formIssue('file', 'form.choose_file'));
    else if (!format) issues.push(formIssue('file', 'form.import_file_kind'));
    else if (file.size > MAX_IMPORT_BYTES) issues.push(formIssue('file', 'form.import_too_large'));
    const domains = await domainsOf(c);
    if (values.domain && !domains.includes(values.domain))
      issues.push(formIssue('domain', 'form.domain_not_yours'));
    if ((format === 'csv' || format === 'xlsx') && !values.domain)
      issues.push(formIssue('domain', 'form.domain_required'));
    if (!values.sourceSystem || values.sourceSystem.length > 100)
      issues.push(formIssue('sourceSystem', 'form.length_1_100'));
    const chunkSize = Number(values.chunkSize);
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 5000)
      issues.push(formIssue('chunkSize', 'form.chunk_size'));
    if (issues.length > 0 || !(file instanceof File) || !format) return renderForm(c, issues, values);
    // Checked here as well as in the verb, so a refusal is shown now rather than on the progress page.
    await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
      authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id }),
    );
    const bytes = new Uint8Array(await file.arrayBuffer());
    const jobId = crypto.randomUUID();
    const options = {
      format,
      domainKey: values.domain || undefined,
      chunkSize,
      sourceSystem: values.sourceSystem,
      jobId,
    };
    if (format === 'xlsx') {
      // A spreadsheet is read whole before any line is applied: run it now, so a file that cannot
      // be read is shown on the form (with its cells named) rather than on a progress page.
      try {
        await bulkPush(ctx, options, new Blob([bytes]).stream());
      } catch (error) {
        if (error instanceof AppError && (error.status === 422 || error.status === 413) && error.details)
          return renderForm(c, error.details, values);
        throw error;
      }
      return c.redirect(`/admin/imports/${jobId}`, 303);
    }
    let lines = 0;
    for (const byte of bytes) if (byte === 10) lines += 1;
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines += 1;
    const total = format === 'csv' ? Math.max(lines - 1, 0) : lines;
    const body = new Blob([bytes]).stream();
    const task = bulkPush(ctx, options, body).catch((error) =>
      console.error(`[${c.get('requestId')}] console import ${jobId}`, error),
    );
    const after = c.get('afterResponse');
    if (after) after(task);
    else await task;
    return c.redirect(`/admin/imports/${jobId}?total=${total}`, 303);
  });

  pages.get('/admin/imports/:id', { action: 'facets.write' }, async (c) => {
    const page = await pageContext(c);
    const ctx = await cityContext(c);
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw importErrors.notFound();
    const totalParam = Number(c.req.query('total'));
    const total = Number.isInteger(totalParam) && totalParam >= 0 ? totalParam : undefined;
    let job: ImportJob;
    try {
      job = await getImportJob(ctx, id);
    } catch (error) {
      // The import may not have written its job row yet: show it as just starting.
      if (!(error instanceof Error && 'status' in error && error.status === 404) || total === undefined)
        throw error;
      job = {
        id,
        status: 'running',
        linesRead: 0,
        linesApplied: 0,
        linesFailed: 0,
        failures: [],
      } as unknown as ImportJob;
    }
    const running = job.status === 'running';
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.imports')} refresh={running ? 2 : undefined}>
        <h1>{t(page.lang, 'console.imports')}</h1>
        <div id="import-job" data-job={id}>
          <JobView job={job} total={total} lang={page.lang} />
        </div>
        <p>
          <a href="/admin/imports">{t(page.lang, 'console.back')}</a>
        </p>
        {running ? <script src="/static/import-progress.js" defer></script> : null}
      </ConsoleLayout>,
    );
  });
}
