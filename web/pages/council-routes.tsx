import type { Context } from 'hono';
import type { AppEnv, createRouter } from '../../functions/auth/app-env';
import { councilErrors } from '../../functions/council/council.errors';
import { councilDecisions, councilPageModel } from '../../functions/council/council.public';
import { startResidentsProposal, supportProposal } from '../../functions/council/proposals.service';
import { systemActor } from '../../functions/platform/context';
import { AppError } from '../../functions/platform/errors';
import type { TenantRow } from '../../functions/platform/tenancy';
import { refuseUnsafeInput } from '../../functions/platform/text';
import { type Lang, say, t } from '../i18n';
import { CouncilPage } from './council';
import { councilAtom, councilRss } from './council-feed';

interface City {
  tenant: TenantRow;
  version: number;
  base: string;
}

/** What the council pages borrow from the public site's router (the city, the page cache, 404s). */
export interface PageKit {
  cityOf(c: Context<AppEnv>): Promise<City | undefined>;
  langOf(c: Context<AppEnv>): Lang;
  cached(
    c: Context<AppEnv>,
    city: City,
    page: string,
    lang: Lang,
    render: () => Promise<Response>,
    policy: { versioned: boolean },
  ): Promise<Response>;
  notFound(c: Context<AppEnv>, lang: Lang): Response | Promise<Response>;
  communityNotFound(c: Context<AppEnv>, city: City, lang: Lang): Response | Promise<Response>;
}

const CODE = /^[a-z0-9][a-z0-9_-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Renders the council page, or the community 404 when there is no such council. */
async function renderPage(
  c: Context<AppEnv>,
  kit: PageKit,
  city: City,
  code: string,
  lang: Lang,
  notice?: string,
  status = 200,
) {
  try {
    const model = await councilPageModel({ db: c.get('db'), tenant: city.tenant, now: c.get('now') }, code);
    return c.html(
      <CouncilPage
        tenant={city.tenant}
        model={model}
        lang={lang}
        base={city.base}
        path={c.req.path}
        notice={notice}
        refused={status >= 400}
      />,
      status as 200,
    );
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return kit.communityNotFound(c, city, lang);
    throw error;
  }
}

/** A refused form: the page again with the reason, in the page's language. */
function refusal(lang: Lang, error: AppError) {
  const detail = error.details
    ?.map((d) => say(lang, d.code, { params: d.params, fallback: d.message }))
    .join(t(lang, 'console.semicolon'));
  return `${t(lang, 'councilPage.refused')}${say(lang, error.code, { params: error.params, fallback: error.message })}${detail ? ` ${detail}` : ''}`;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The public council pages: the page, the resident's two forms (start, support), the decisions feeds. */
export function mountCouncilPages(router: ReturnType<typeof createRouter>, kit: PageKit) {
  for (const prefix of ['/t/:tenant', '']) {
    router.get(`${prefix}/communities/:code/council`, async (c) => {
      const lang = kit.langOf(c);
      const city = await kit.cityOf(c);
      if (!city) return kit.notFound(c, lang);
      const code = c.req.param('code');
      if (!CODE.test(code)) return kit.communityNotFound(c, city, lang);
      const done = c.req.query('done');
      if (done === 'started' || done === 'supported')
        return renderPage(c, kit, city, code, lang, t(lang, `councilPage.done.${done}`));
      return kit.cached(
        c,
        city,
        `/communities/${code}/council`,
        lang,
        () => renderPage(c, kit, city, code, lang),
        {
          versioned: true,
        },
      );
    });

    for (const kind of ['rss', 'atom'] as const) {
      router.get(`${prefix}/communities/:code/council/feed.${kind}`, async (c) => {
        const lang = kit.langOf(c);
        const city = await kit.cityOf(c);
        if (!city) return kit.notFound(c, lang);
        const code = c.req.param('code');
        if (!CODE.test(code)) return kit.communityNotFound(c, city, lang);
        return kit.cached(
          c,
          city,
          `/communities/${code}/council/feed.${kind}`,
          lang,
          async () => {
            try {
              const data = await councilDecisions(
                { db: c.get('db'), tenant: city.tenant, now: c.get('now') },
                code,
              );
              const origin = new URL(c.req.url).origin;
              const pageUrl = `${origin}${city.base}/communities/${code}/council${lang === 'en' ? '?lang=en' : ''}`;
              const body = (kind === 'rss' ? councilRss : councilAtom)(
                city.tenant,
                data,
                pageUrl,
                c.req.url,
                lang,
              );
              return c.body(body, 200, {
                'content-type':
                  kind === 'rss'
                    ? 'application/rss+xml; charset=utf-8'
                    : 'application/atom+xml; charset=utf-8',
              });
            } catch (error) {
              if (error instanceof AppError && error.status === 404)
                return kit.communityNotFound(c, city, lang);
              throw error;
            }
          },
          { versioned: true },
        );
      });
    }

    // The resident's forms: the same verbs as the public API, answered with the page.
    router.post(`${prefix}/communities/:code/council/proposals`, async (c) =>
      residentForm(c, kit, async (ctx, form) => {
        await startResidentsProposal(ctx, c.req.param('code'), {
          title: text(form.title)?.trim() ?? '',
          body: text(form.body)?.trim() ?? '',
          contact: text(form.contact),
        });
        return 'started';
      }),
    );
    router.post(`${prefix}/communities/:code/council/proposals/:id/support`, async (c) =>
      residentForm(c, kit, async (ctx, form) => {
        const id = c.req.param('id');
        if (!UUID.test(id)) throw councilErrors.proposalNotFound();
        await supportProposal(ctx, id, { contact: text(form.contact) });
        return 'supported';
      }),
    );
  }
}

async function residentForm(
  c: Context<AppEnv>,
  kit: PageKit,
  act: (
    ctx: Parameters<typeof supportProposal>[0],
    form: Record<string, unknown>,
  ) => Promise<'started' | 'supported'>,
) {
  const lang = kit.langOf(c);
  const city = await kit.cityOf(c);
  if (!city) return kit.notFound(c, lang);
  const code = c.req.param('code') ?? '';
  if (!CODE.test(code)) return kit.communityNotFound(c, city, lang);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const ctx = {
    db: c.get('db'),
    tenant: city.tenant,
    actor: systemActor('resident'),
    now: c.get('now'),
    dataKey: c.get('config').dataKey,
  };
  try {
    refuseUnsafeInput(form);
    const done = await act(ctx, form);
    const q = new URLSearchParams({ done, ...(lang === 'en' ? { lang: 'en' } : {}) });
    return c.redirect(`${city.base}/communities/${code}/council?${q}`, 303);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.code === 'council.not_found') return kit.communityNotFound(c, city, lang);
    return renderPage(c, kit, city, code, lang, refusal(lang, error), error.status);
  }
}
