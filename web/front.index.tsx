import type { Context } from 'hono';
import { type AppEnv, createRouter } from '../functions/auth/app-env';
import { listCategories } from '../functions/cases/case-catalog.service';
import { residentPlaces, submitResidentReport } from '../functions/cases/resident-reports.service';
import {
  answerSatisfaction,
  feedbackFor,
  publicRequest,
  publishedPhoto,
  publishedPhotoIds,
  similarOpenReports,
} from '../functions/cases/resident-tracking.service';
import { systemActor } from '../functions/platform/context';
import { AppError } from '../functions/platform/errors';
import { refuseUnsafeInput } from '../functions/platform/text';
import { caseFigures } from '../functions/public-site/case-figures.service';
import { parseReport } from '../functions/public-site/open311.params';
import { type Lang, problemText, resolveLang, t } from './i18n';
import { FiguresPage } from './pages/figures';
import { NotFoundPage } from './pages/home';
import { type FormIssue, ReportAnswerPage, ReportFormPage } from './pages/report';
import { type FeedbackState, TrackingPage } from './pages/tracking';
import { type City, cityOf, notFound } from './pages.index';
import { requestAtom, requestRss } from './request-feeds';

/**
 * The residents' front door on the city's site: the report form (a plain multipart POST, no script,
 * no account), the answer with the request's number and tracking link, the public tracking page
 * with its feeds, and the satisfaction answer for the holder of the token. Nothing here is cached:
 * the token's holder sees a form others do not.
 */
export const frontRouter = createRouter();

const NO_STORE = { 'cache-control': 'no-store' };
const NUMBER = /^\d{4}-\d{6}$/;
const readCtx = (c: Context<AppEnv>, city: City) => ({
  db: c.get('db'),
  tenant: city.tenant,
  now: c.get('now'),
});
const residentCtx = (c: Context<AppEnv>, city: City) => ({
  ...readCtx(c, city),
  actor: systemActor('resident'),
  dataKey: c.get('config').dataKey,
});

async function formPage(
  c: Context<AppEnv>,
  city: City,
  lang: Lang,
  state: { values: Record<string, string>; issues: FormIssue[]; problem?: string | undefined },
  status: 200 | 400 | 413 | 415 | 429 = 200,
) {
  const ctx = readCtx(c, city);
  const categories = (await listCategories(ctx)).filter((row) => row.public && row.active);
  const chosen = categories.find((row) => row.code === state.values.service_code);
  return c.html(
    <ReportFormPage
      tenant={city.tenant}
      lang={lang}
      base={city.base}
      path={c.req.path}
      categories={categories}
      places={await residentPlaces(ctx)}
      questions={chosen?.attributes ?? []}
      {...state}
    />,
    status,
    NO_STORE,
  );
}

/** The posted form: text fields as text, the photo (if one was chosen) as bytes. */
async function readForm(c: Context<AppEnv>) {
  const values: Record<string, string> = {};
  let photo: { bytes: Uint8Array; contentType: string } | undefined;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (key === 'photo' && value instanceof File && value.size > 0)
      photo = { bytes: new Uint8Array(await value.arrayBuffer()), contentType: value.type };
  }
  return { values, photo };
}

/** A refusal as the form's problems: each field by its code, in the page's language. */
function issuesOf(error: AppError, lang: Lang): { issues: FormIssue[]; problem?: string } {
  if (error.code.startsWith('photo.'))
    return { issues: [{ field: 'photo', text: problemText(lang, error) }] };
  const issues = (error.details ?? []).map((issue) => ({
    field: issue.path === 'address_string' ? 'address_string' : issue.path,
    text: problemText(lang, issue),
  }));
  return issues.length > 0 ? { issues } : { issues: [], problem: problemText(lang, error) };
}

for (const prefix of ['/t/:tenant', '']) {
  frontRouter.get(`${prefix}/figures`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const figures = await caseFigures(readCtx(c, city));
    return c.html(
      <FiguresPage tenant={city.tenant} lang={lang} base={city.base} path={c.req.path} figures={figures} />,
      200,
      { 'cache-control': 'public, max-age=60' },
    );
  });

  frontRouter.get(`${prefix}/report`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const code = c.req.query('service_code');
    return formPage(c, city, lang, { values: code ? { service_code: code } : {}, issues: [] });
  });

  frontRouter.post(`${prefix}/report`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const { values, photo } = await readForm(c);
    const typed = Object.fromEntries(
      Object.entries(values).filter(([key]) => key !== 'first_name' && key !== 'last_name'),
    );
    try {
      refuseUnsafeInput(values);
      const report = parseReport({ ...typed });
      const made = await submitResidentReport(residentCtx(c, city), report, {
        address: c.get('clientAddress'),
        photo,
        blobs: c.get('blobs'),
      });
      const q = lang === 'en' ? '&lang=en' : '';
      const similar = await similarOpenReports(readCtx(c, city), made.row.number);
      return c.html(
        <ReportAnswerPage
          tenant={city.tenant}
          lang={lang}
          base={city.base}
          path={c.req.path}
          number={made.row.number}
          trackingHref={`${city.base}/requests/${made.row.number}?token=${made.token}${q}`}
          origin={new URL(c.req.url).origin}
          token={made.token}
          similar={similar}
        />,
        201,
        NO_STORE,
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const status = ([413, 415, 429] as const).find((s) => s === error.status) ?? 400;
      return formPage(c, city, lang, { values: typed, ...issuesOf(error, lang) }, status);
    }
  });

  frontRouter.get(`${prefix}/requests/:number`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    return trackingPage(c, city, lang, c.req.query('token'));
  });

  frontRouter.post(`${prefix}/requests/:number/satisfaction`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const number = c.req.param('number');
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const answer =
      text('answer') === 'satisfied'
        ? 'satisfied'
        : text('answer') === 'not_solved'
          ? 'not_solved'
          : undefined;
    if (!NUMBER.test(number)) return requestNotFound(c, city, lang);
    try {
      refuseUnsafeInput({ token: text('token'), words: text('words') });
      if (!answer) throw new AppError('report.invalid', 400, t(lang, 'front.errorsTitle'));
      await answerSatisfaction(residentCtx(c, city), number, {
        token: text('token'),
        answer,
        words: text('words'),
      });
      return trackingPage(c, city, lang, text('token'), { done: answer });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (error.status === 404) return requestNotFound(c, city, lang);
      const status =
        error.status === 403 ? 403 : error.status === 400 || error.status === 422 ? error.status : 409;
      return trackingPage(c, city, lang, text('token'), { problem: problemText(lang, error) }, status);
    }
  });

  for (const kind of ['rss', 'atom'] as const) {
    frontRouter.get(`${prefix}/requests/:number/feed.${kind}`, async (c) => {
      const lang = resolveLang(c);
      const city = await cityOf(c);
      if (!city) return notFound(c, lang);
      const number = c.req.param('number');
      if (!NUMBER.test(number)) return requestNotFound(c, city, lang);
      try {
        const { request, events } = await publicRequest(readCtx(c, city), number);
        const origin = new URL(c.req.url).origin;
        const pageUrl = `${origin}${city.base}/requests/${number}${lang === 'en' ? '?lang=en' : ''}`;
        const input = { tenant: city.tenant, request, events, pageUrl, selfUrl: c.req.url, lang };
        return c.body(kind === 'rss' ? requestRss(input) : requestAtom(input), 200, {
          'content-type':
            kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
          'cache-control': 'public, max-age=60',
        });
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return requestNotFound(c, city, lang);
        throw error;
      }
    });
  }

  frontRouter.get(`${prefix}/requests/:number/photos/:photo`, async (c) => {
    const lang = resolveLang(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const number = c.req.param('number');
    const photoId = c.req.param('photo');
    if (!NUMBER.test(number) || !/^[0-9a-f-]{36}$/.test(photoId)) return requestNotFound(c, city, lang);
    try {
      const photo = await publishedPhoto(readCtx(c, city), c.get('blobs'), number, photoId);
      return c.body(photo.body as never, 200, { 'content-type': photo.contentType, ...NO_STORE });
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return requestNotFound(c, city, lang);
      throw error;
    }
  });
}

function requestNotFound(c: Context<AppEnv>, city: City, lang: Lang) {
  const q = lang === 'en' ? '?lang=en' : '';
  return c.html(
    <NotFoundPage
      lang={lang}
      message={t(lang, 'front.notFound')}
      back={{ href: `${city.base || '/'}${q}`, label: t(lang, 'site.backToCity') }}
    />,
    404,
  );
}

async function trackingPage(
  c: Context<AppEnv>,
  city: City,
  lang: Lang,
  token: string | undefined,
  after: { done?: FeedbackState['done']; problem?: string } = {},
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const number = c.req.param('number') ?? '';
  if (!NUMBER.test(number)) return requestNotFound(c, city, lang);
  const ctx = readCtx(c, city);
  try {
    const { request, events } = await publicRequest(ctx, number);
    const held = token && /^[a-z2-7]{16,64}$/.test(token) ? await feedbackFor(ctx, number, token) : undefined;
    const feedback =
      held?.holds && token
        ? { token, open: held.open, ...after }
        : after.problem
          ? { token: '', open: false, problem: after.problem }
          : undefined;
    return c.html(
      <TrackingPage
        tenant={city.tenant}
        lang={lang}
        base={city.base}
        path={c.req.path.replace(/\/satisfaction$/, '')}
        request={request}
        events={events}
        photos={await publishedPhotoIds(ctx, number)}
        feedback={feedback}
      />,
      after.problem ? status : 200,
      NO_STORE,
    );
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return requestNotFound(c, city, lang);
    throw error;
  }
}
