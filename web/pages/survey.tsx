import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../functions/auth/app-env';
import { answerByLink, type SurveyRow, surveyByToken } from '../../functions/evaluation/surveys.service';
import { systemActor } from '../../functions/platform/context';
import { AppError } from '../../functions/platform/errors';
import { findTenantBySlug } from '../../functions/platform/tenancy';
import { switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Lang, resolveLang, say, t } from '../i18n';

const TOKEN = /^[a-z0-9]{16,64}$/;

function SurveyForm(props: { lang: Lang; survey: SurveyRow; action: string }) {
  const { lang, survey } = props;
  return (
    <form method="post" action={props.action} class="stack">
      {survey.questions.map((question) => (
        <fieldset>
          <legend>{lang === 'zh' ? question.text.zh : question.text.en}</legend>
          {[1, 2, 3, 4, 5].map((value) => (
            <span>
              <input
                type="radio"
                id={`${question.code}-${value}`}
                name={question.code}
                value={String(value)}
              />{' '}
              <label class="inline" for={`${question.code}-${value}`}>
                {t(lang, `evaluation.survey.scale.${value as 1 | 2 | 3 | 4 | 5}`)}
              </label>{' '}
            </span>
          ))}
        </fieldset>
      ))}
      <div>
        <button type="submit">{t(lang, 'evaluation.survey.submit')}</button>
      </div>
    </form>
  );
}

/**
 * A residents' satisfaction survey behind its tokenized link: the questionnaire, and one anonymous
 * response per submission (nothing about the respondent is asked or kept).
 */
export function registerSurveyPages(router: Hono<AppEnv>) {
  type Ctx = Parameters<typeof answerByLink>[0];
  const page = async (
    c: Context<AppEnv>,
    body: (lang: Lang, survey: SurveyRow, ctx: Ctx) => Child | Promise<Child>,
  ) => {
    const lang = resolveLang(c);
    const token = c.req.param('token') ?? '';
    const tenant = await findTenantBySlug(c.get('db'), c.req.param('tenant') ?? '');
    const ctx: Ctx | undefined = tenant
      ? { db: c.get('db'), tenant, actor: systemActor('survey-link'), now: c.get('now') }
      : undefined;
    const shell = (title: string, child: Child, status: 200 | 404 | 409 | 422) =>
      c.html(
        <Layout lang={lang} title={title} switchHref={switchHref(c.req.path, lang)}>
          <h1>{title}</h1>
          {child}
        </Layout>,
        status,
      );
    try {
      if (!ctx || !TOKEN.test(token)) return shell(t(lang, 'survey.not_found'), null, 404);
      const survey = await surveyByToken(ctx, token);
      const title = lang === 'zh' ? survey.titleZh : survey.titleEn;
      return shell(title, await body(lang, survey, ctx), 200);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return shell(
        say(lang, error.code),
        null,
        error.status === 404 ? 404 : error.status === 409 ? 409 : 422,
      );
    }
  };
  router.get('/t/:tenant/survey/:token', (c) =>
    page(c, (lang, survey) => <SurveyForm lang={lang} survey={survey} action={c.req.path} />),
  );
  router.post('/t/:tenant/survey/:token', (c) =>
    page(c, async (lang, survey, ctx) => {
      const form = await c.req.parseBody();
      const answers = Object.fromEntries(
        survey.questions.flatMap((question) => {
          const value = Number(form[question.code]);
          return Number.isInteger(value) ? [[question.code, value]] : [];
        }),
      );
      await answerByLink(ctx, c.req.param('token') ?? '', answers);
      return <p role="status">{t(lang, 'evaluation.survey.thanks')}</p>;
    }),
  );
}
