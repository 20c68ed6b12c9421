import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import { type FieldIssue, issuesFromZod } from '../../functions/platform/errors';
import { statusErrors } from '../../functions/public-site/public-site.errors';
import {
  createStaffListing,
  deleteStaffListing,
  LISTABLE_LEVELS,
  listStaffListings,
} from '../../functions/public-site/staff-listings.service';
import { listOrgUnits } from '../../functions/tenants/tenants.service';
import { cityContext, pageContext } from './console-context';
import { cm } from './console-i18n';
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

const LABELS = {
  zh: {
    title: '网格员公示',
    hint: '公示在社区公开页面上的网格工作人员实名信息。只填写本市决定公开的工作联系方式。',
    grid: '网格',
    role: '职务',
    contact: '工作联系方式（可选）',
    add: '新增公示',
    remove: '删除',
    notPublished:
      '本市未开启网格员实名公示：社区公开页面不显示这里的名单，因此不能新增。已有的条目可以删除。',
  },
  en: {
    title: 'Grid staff listing',
    hint: 'The real-name listing of grid staff on the public community pages. Give only a work contact the city chooses to publish.',
    grid: 'Grid',
    role: 'Role',
    contact: 'Work contact (optional)',
    add: 'Add to the listing',
    remove: 'Remove',
    notPublished:
      'This city does not publish a real-name listing of grid staff: the public community pages show none of it, so nothing can be added. Existing entries can be removed.',
  },
};

async function render(c: Context<AppEnv>, issues: FieldIssue[] = [], refused = false) {
  const page = await pageContext(c);
  const m = cm(page.lang);
  const l = LABELS[page.lang];
  const ctx = await cityContext(c);
  const listings = await listStaffListings(ctx);
  // A city whose model has no real-name listing publishes none of it (see public-site.service).
  const published = ctx.tenant.structure.mechanisms.gridRealNameListing;
  const units = (
    await Promise.all(LISTABLE_LEVELS.map((level) => listOrgUnits(ctx, { level, limit: 5000 })))
  ).flatMap((result) => result.items);
  const unitName = (id: string) => {
    const unit = units.find((row) => row.id === id);
    return unit ? (page.lang === 'en' ? unit.nameEn : unit.nameZh) : id;
  };
  const pair = (zh: string, en: string) => (page.lang === 'en' ? en || zh : zh);
  const Bilingual = (props: { name: string; label: string; required?: boolean }) => (
    <>
      {(['Zh', 'En'] as const).map((suffix) => (
        <div>
          <label for={`listing-${props.name}${suffix}`}>
            {props.label}
            {page.lang === 'en'
              ? ` (${suffix === 'Zh' ? 'Chinese' : 'English'})`
              : `（${suffix === 'Zh' ? '中文' : '英文'}）`}
          </label>
          <input
            id={`listing-${props.name}${suffix}`}
            type="text"
            name={`${props.name}${suffix}`}
            required={props.required}
            lang={suffix === 'Zh' ? 'zh-CN' : 'en'}
          />
        </div>
      ))}
    </>
  );
  return c.html(
    <ConsoleLayout {...page} title={l.title}>
      <h1>{l.title}</h1>
      <p class="muted">{l.hint}</p>
      {published ? null : (
        <p class="notice" role={refused ? 'alert' : 'status'} id="not-published">
          {l.notPublished}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.unit}</th>
              <th scope="col">{l.grid}</th>
              <th scope="col">{m.displayName}</th>
              <th scope="col">{l.role}</th>
              <th scope="col">{m.department}</th>
              <th scope="col">{l.contact}</th>
              <th scope="col">{l.remove}</th>
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
                    <button type="submit" class="secondary" aria-label={`${l.remove} ${row.name}`}>
                      {l.remove}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listings.length === 0 ? <p>{m.none}</p> : null}
      {published ? (
        <>
          <h2>{l.add}</h2>
          <ErrorSummary lang={page.lang} issues={issues} />
          <form method="post" action="/admin/staff-listings" class="stack">
            <div>
              <label for="listing-unit">{m.unit}</label>
              <select id="listing-unit" name="orgUnitId">
                {units.map((unit) => (
                  <option value={unit.id}>
                    {page.lang === 'en' ? unit.nameEn : unit.nameZh} ({unit.code})
                  </option>
                ))}
              </select>
            </div>
            <Bilingual name="grid" label={l.grid} />
            <div>
              <label for="listing-name">{m.displayName}</label>
              <input id="listing-name" type="text" name="name" required />
            </div>
            <Bilingual name="role" label={l.role} required />
            <Bilingual name="department" label={m.department} />
            <div>
              <label for="listing-contact">{l.contact}</label>
              <input id="listing-contact" type="text" name="contact" />
            </div>
            <button type="submit">{l.add}</button>
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
    const parsed = ListingForm.safeParse(
      Object.fromEntries(Object.keys(ListingForm.shape).map((name) => [name, text(form, name)])),
    );
    if (!parsed.success) return render(c, issuesFromZod(parsed.error.issues));
    const input = parsed.data;
    const optional = (zh: string, en: string) => (zh || en ? { zh, en } : undefined);
    try {
      await createStaffListing(ctx, {
        orgUnitId: input.orgUnitId,
        grid: optional(input.gridZh, input.gridEn),
        name: input.name,
        role: { zh: input.roleZh, en: input.roleEn },
        department: optional(input.departmentZh, input.departmentEn),
        contact: input.contact || undefined,
      });
    } catch (error) {
      if (isAppError(error) && error.status === 422)
        return render(c, error.details ?? [{ path: 'orgUnitId', message: error.message }]);
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
