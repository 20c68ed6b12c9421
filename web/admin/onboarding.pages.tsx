import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { hashPassword, oneTimePassword } from '../../functions/identity/password';
import {
  type OnboardingResult,
  onboardTenant,
  previewOnboarding,
} from '../../functions/onboarding/onboarding.service';
import { type FieldIssue, fieldIssue, issueOf } from '../../functions/platform/errors';
import { findTenantBySlug } from '../../functions/platform/tenancy';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { TEMPLATE_KEYS, UnitInput } from '../../functions/tenants/onboarding.schema';
import {
  exampleUnitsCsv,
  readUnitsFile,
  rowIssues,
  type UnitRowInput,
  type UnitsFile,
} from '../../functions/tenants/units-file.service';
import { bilingual, nameIn, t } from '../i18n';
import { type PageContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';
import { formErrors, formIssue } from './console-text';
import { stepOne } from './onboarding.basics';
import {
  basicsFrom,
  checkBasics,
  sortByRow,
  structureFrom,
  type Template,
  templateStructure,
} from './onboarding.draft';
import { stepTwo } from './onboarding.structure';

/**
 * Every problem in one round: rows the file reader or the unit schema refuse are named and set
 * aside, and the rest still go through the onboarding verb's own checks (levels, parents).
 */
function checkUnits(units: UnitsFile): { issues: FieldIssue[]; good: { unit: UnitRowInput; row: number }[] } {
  const issues: FieldIssue[] = [...units.issues];
  const good: { unit: UnitRowInput; row: number }[] = [];
  units.units.forEach((unit, index) => {
    const parsed = UnitInput.safeParse(unit);
    if (parsed.success) good.push({ unit, row: units.rows[index] ?? 0 });
    else
      issues.push(
        ...rowIssues(
          issuesFromZod(parsed.error.issues, { prefix: ['units', index + 1], input: unit }),
          units.rows,
          1,
        ),
      );
  });
  return { issues, good };
}

/** Step 3: reads the units file, checks the whole draft as apply would, and shows the preview or every problem. */
async function previewStep(c: Context<AppEnv>) {
  const form = await formOf(c);
  const basics = basicsFrom(form);
  const basicIssues = checkBasics(basics);
  if (basicIssues.length > 0) return stepOne(c, basics, basicIssues);
  const file = form.file;
  if (!(file instanceof File) || file.size === 0)
    return stepTwo(c, basics, form, [formIssue('file', 'form.choose_units_file')]);
  let units: Awaited<ReturnType<typeof readUnitsFile>>;
  try {
    units = await readUnitsFile({ name: file.name, bytes: await file.arrayBuffer() }, basics.slug);
  } catch (error) {
    if (isAppError(error, 422)) return stepTwo(c, basics, form, error.details ?? [issueOf(error, 'file')]);
    throw error;
  }
  const { issues, good } = checkUnits(units);
  const goodRows = good.map((entry) => entry.row);
  const document = {
    tenant: {
      slug: basics.slug,
      name: bilingual(basics),
      timezone: basics.timezone,
    },
    template: basics.template,
    structure: structureFrom(form, basics.template, basics),
    units: [
      { code: basics.slug, level: 'city', name: bilingual(basics) },
      ...good.map((entry) => entry.unit),
    ],
    administrator: { name: basics.adminName, email: basics.adminEmail },
  };
  let result: OnboardingResult | undefined;
  try {
    result = await previewOnboarding({ db: c.get('db'), actor: c.get('actor'), now: c.get('now') }, document);
    if (!result.created) issues.push(formIssue('slug', 'form.already_onboarded'));
  } catch (error) {
    if (!isAppError(error) || (error.status !== 422 && error.status !== 400)) throw error;
    issues.push(...rowIssues(error.details ?? [issueOf(error, '(document)')], goodRows, 1));
  }
  if (issues.length > 0)
    return stepTwo(c, basics, form, sortByRow(issues), {
      units: units.units,
      rows: units.rows,
    });
  return stepTwo(c, basics, form, [], { units: units.units, rows: units.rows, result, document });
}

/** What apply did: the city created (with its first administrator's one-time password), or nothing new. */
function AppliedPage(props: {
  page: PageContext;
  result: OnboardingResult;
  password: string;
  email: string;
}) {
  const { page, result } = props;
  const name = nameIn(page.lang, result.tenant);
  return (
    <ConsoleLayout {...page} title={t(page.lang, 'console.onboarding')}>
      <h1>{t(page.lang, 'console.onboarding')}</h1>
      <p class="notice" role="status">
        {result.created
          ? t(page.lang, 'console.applied', { name, units: result.units })
          : t(page.lang, 'console.alreadyOnboarded')}
      </p>
      {result.created ? (
        <div class="notice">
          <p>{t(page.lang, 'console.adminPasswordOnce', { slug: result.tenant.slug, email: props.email })}</p>
          <p class="secret" id="admin-password">
            {props.password}
          </p>
        </div>
      ) : null}
      <p>
        <a href={`/t/${result.tenant.slug}${page.lang === 'en' ? '?lang=en' : ''}`}>{name}</a>
      </p>
    </ConsoleLayout>
  );
}

/** Apply: hands the draft document to `onboardTenant`, which checks it all again in one transaction. */
async function applyStep(c: Context<AppEnv>) {
  const page = await pageContext(c);
  const form = await formOf(c);
  let document: unknown;
  try {
    document = JSON.parse(text(form, 'document'));
  } catch {
    throw formErrors.error(400, 'form.draft_damaged', { details: [fieldIssue('document', 'field.json')] });
  }
  // The first administrator needs a way in: a one-time password, stored hashed, shown here once.
  const password = oneTimePassword();
  const result = await onboardTenant(
    {
      db: c.get('db'),
      actor: page.principal,
      now: c.get('now'),
      administratorPasswordHash: await hashPassword(password),
    },
    document,
  );
  const administrator = (document as { administrator?: { email?: unknown } }).administrator;
  return c.html(
    <AppliedPage
      page={page}
      result={result}
      password={password}
      email={String(administrator?.email ?? '')}
    />,
    result.created ? 201 : 200,
  );
}

/**
 * The onboarding wizard (platform administrator). The draft travels in hidden fields between the
 * steps, so it needs no JavaScript and no server-side store; every step re-checks what it is given,
 * and apply hands the whole document to `onboardTenant`, which checks it all again in one
 * transaction. A tampered draft can produce nothing the JSON API would not accept from the same person.
 */
export function registerOnboardingPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/onboarding', { action: 'tenant.onboard' }, (c) => stepOne(c));

  // The example follows the chosen template's levels (?template=, the one step 2 links to).
  pages.get('/admin/onboarding/example.csv', { action: 'tenant.onboard' }, (c) => {
    const asked = c.req.query('template') ?? 'guiyang';
    const template = (TEMPLATE_KEYS as readonly string[]).includes(asked) ? (asked as Template) : 'guiyang';
    return c.body(`\uFEFF${exampleUnitsCsv(templateStructure(template))}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="units-example-${template}.csv"`,
    });
  });

  pages.post('/admin/onboarding/structure', { action: 'tenant.onboard' }, async (c) => {
    const basics = basicsFrom(await formOf(c));
    const issues = checkBasics(basics);
    // A taken code is said here, not two steps later at the preview.
    if (!issues.some((issue) => issue.path === 'slug') && (await findTenantBySlug(c.get('db'), basics.slug)))
      issues.push(formIssue('slug', 'form.slug_taken'));
    if (issues.length > 0) return stepOne(c, basics, issues);
    return stepTwo(c, basics, undefined);
  });

  pages.post('/admin/onboarding/preview', { action: 'tenant.onboard' }, (c) => previewStep(c));

  pages.post('/admin/onboarding/apply', { action: 'tenant.onboard' }, (c) => applyStep(c));
}
