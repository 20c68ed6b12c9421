import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import { type FieldIssue, issueOf } from '../../functions/platform/errors';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { statusErrors } from '../../functions/public-site/public-site.errors';
import {
  createStaffListing,
  deleteStaffListing,
  LISTABLE_LEVELS,
  listStaffListings,
} from '../../functions/public-site/staff-listings.service';
import { listOrgUnits } from '../../functions/tenants/tenants.service';
import { bilingual, nameIn, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';

const Short = z.string().trim().max(100);
const Required = z.string().trim().min(1, 'required').max(100);
/** The form's fields (flat); the verb takes the same values as the JSON API's body. */
const ListingForm = z.object({
  orgUnitId: z.uuid('choose a unit'),
  gridZh: Short,
  gridEn: Short,
  name: Required,
  roleZh: Required,
  roleEn: Required,
  departmentZh: Short,
  departmentEn: Short,
  contact: Short,
});

/** The form's fields as they were sent, to put back after a refusal (a refused contact kept the rest). */
type Sent = Record<string, string>;
const sentOf = (form: Record<string, unknown>): Sent =>
  Object.fromEntries(Object.keys(ListingForm.shape).map((name) => [name, text(form, name)]));

async function render(c: Context<AppEnv>, issues: FieldIssue[] = [], refused = false, sent: Sent = {}) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const listings = await listStaffListings(ctx);
  // A city whose model has no real-name listing publishes none of it (see public-site.service).
  const published = ctx.tenant.structure.mechanisms.gridRealNameListing;
  const units = (
    await Promise.all(LISTABLE_LEVELS.map((level) => listOrgUnits(ctx, { level, limit: 5000 })))
  ).flatMap((result) => result.items);
  const unitName = (id: string) => {
    const unit = units.find((row) => row.id === id);
    return unit ? nameIn(page.lang, unit) : id;
  };
  const pair = (zh: string, en: string) => (page.lang === 'en' ? en || zh : zh);
  const Bilingual = (props: { name: string; label: string; required?: boolean }) => (
    <>
      {(['Zh', 'En'] as const).map((suffix) => (
        <div>
          <label for={`listing-${props.name}${suffix}`}>
            {props.label}
            {t(page.lang, suffix === 'Zh' ? 'console.inChinese' : 'console.inEnglish')}
          </label>
          <input
            id={`listing-${props.name}${suffix}`}
            type="text"
            name={`${props.name}${suffix}`}
            required={props.required}
            lang={suffix === 'Zh' ? 'zh-CN' : 'en'}
            value={sent[`${props.name}${suffix}`]}
          />
        </div>
      ))}
    </>
  );
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.listing.title')}>
      <h1>{t(page.lang, 'console.listing.title')}</h1>
      <p class="muted">{t(page.lang, 'console.listing.hint')}</p>
      {published ? null : (
        <p class="notice" role={refused ? 'alert' : 'status'} id="not-published">
          {t(page.lang, 'console.listing.notPublished')}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(page.lang, 'console.unit')}</th>
              <th scope="col">{t(page.lang, 'console.listing.grid')}</th>
              <th scope="col">{t(page.lang, 'console.displayName')}</th>
              <th scope="col">{t(page.lang, 'console.listing.role')}</th>
              <th scope="col">{t(page.lang, 'console.department')}</th>
              <th scope="col">{t(page.lang, 'console.listing.contact')}</th>
              <th scope="col">{t(page.lang, 'console.listing.remove')}</th>
            </tr>
          </thead>
          <tbody>
            {listings.map((row) => (
              <tr>
                <td>{unitName(row.orgUnitId)}</td>
                <td>{pair(row.gridZh, row.gridEn)}</td>
                <td>{row.name}</td>
                <td>{pair(row.roleZh, row.roleEn)}</td>
                <td>{pair(row.departmentZh, row.departmentEn)}</td>
                <td>{row.contact}</td>
                <td>
                  <form method="post" action={`/admin/staff-listings/${row.id}/delete`} class="inline">
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${t(page.lang, 'console.listing.remove')} ${row.name}`}
                    >
                      {t(page.lang, 'console.listing.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listings.length === 0 ? <p>{t(page.lang, 'console.none')}</p> : null}
      {published ? (
        <>
          <h2>{t(page.lang, 'console.listing.add')}</h2>
          <ErrorSummary lang={page.lang} issues={issues} />
          <form method="post" action="/admin/staff-listings" class="stack">
            <div>
              <label for="listing-unit">{t(page.lang, 'console.unit')}</label>
              <select id="listing-unit" name="orgUnitId">
                {units.map((unit) => (
                  <option value={unit.id} selected={sent.orgUnitId === unit.id}>
                    {nameIn(page.lang, unit)} ({unit.code})
                  </option>
                ))}
              </select>
            </div>
            <Bilingual name="grid" label={t(page.lang, 'console.listing.grid')} />
            <div>
              <label for="listing-name">{t(page.lang, 'console.displayName')}</label>
              <input id="listing-name" type="text" name="name" required value={sent.name} />
            </div>
            <Bilingual name="role" label={t(page.lang, 'console.listing.role')} required />
            <Bilingual name="department" label={t(page.lang, 'console.department')} />
            <div>
              <label for="listing-contact">{t(page.lang, 'console.listing.contact')}</label>
              <input id="listing-contact" type="text" name="contact" value={sent.contact} />
            </div>
            <button type="submit">{t(page.lang, 'console.listing.add')}</button>
          </form>
        </>
      ) : null}
    </ConsoleLayout>,
    refused ? 409 : issues.length > 0 ? 422 : 200,
  );
}

export function registerStaffListingPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/staff-listings', { action: 'status.manage' }, (c) => render(c));

  pages.post('/admin/staff-listings', { action: 'status.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    // Nothing added here would ever be shown: refused, with the reason on the page.
    if (!ctx.tenant.structure.mechanisms.gridRealNameListing) return render(c, [], true);
    const sent = sentOf(form);
    const parsed = ListingForm.safeParse(sent);
    if (!parsed.success) return render(c, issuesFromZod(parsed.error.issues), false, sent);
    const input = parsed.data;
    const optional = (zh: string, en: string) => (zh || en ? { zh, en } : undefined);
    try {
      await createStaffListing(ctx, {
        orgUnitId: input.orgUnitId,
        grid: optional(input.gridZh, input.gridEn),
        name: input.name,
        role: bilingual(input, 'role'),
        department: optional(input.departmentZh, input.departmentEn),
        contact: input.contact || undefined,
      });
    } catch (error) {
      if (isAppError(error) && error.status === 422)
        return render(c, error.details ?? [issueOf(error, 'orgUnitId')], false, sent);
      throw error;
    }
    return c.redirect('/admin/staff-listings', 303);
  });

  pages.post('/admin/staff-listings/:id/delete', { action: 'status.manage' }, async (c) => {
    const ctx = await cityContext(c);
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw statusErrors.staffNotFound();
    await deleteStaffListing(ctx, id);
    return c.redirect('/admin/staff-listings', 303);
  });
}
