import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { createCampaign, listCampaigns } from '../../functions/evaluation/campaigns.service';
import { NewCampaignBody } from '../../functions/evaluation/evaluation.schemas';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { type Lang, t } from '../i18n';
import { type Problem, ProblemSummary, refused, sentValue } from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { type consolePages, formOf, mayEver, sentValues, text, texts } from './console-route';
import { registerCampaignPages } from './evaluation-campaign';

export const PAGE = '/admin/evaluation';

function OpenForm(props: { lang: Lang; problem: Problem | undefined }) {
  const { lang, problem } = props;
  const value = (name: string, fallback = '') => sentValue(problem, 'open', name, fallback);
  const field = (name: string, label: string, type = 'text', fallback = '') => (
    <div>
      <label for={`open-${name}`}>{label}</label>
      <input id={`open-${name}`} type={type} name={name} required value={value(name, fallback)} />
    </div>
  );
  return (
    <form method="post" action={PAGE} class="stack">
      {field('titleZh', t(lang, 'evaluation.console.titleZh'))}
      {field('titleEn', t(lang, 'evaluation.console.titleEn'))}
      <div>
        <label for="open-template">{t(lang, 'evaluation.console.template')}</label>
        <select id="open-template" name="template">
          {(['haidian', 'jiangsu'] as const).map((key) => (
            <option value={key} selected={value('template') === key}>
              {t(lang, `evaluation.console.template.${key}`)}
            </option>
          ))}
        </select>
      </div>
      {field('periodStart', t(lang, 'evaluation.console.periodStart'), 'date')}
      {field('periodEnd', t(lang, 'evaluation.console.periodEnd'), 'date')}
      {field('opensAt', t(lang, 'evaluation.console.opensAt'), 'date')}
      {field('closesAt', t(lang, 'evaluation.console.closesAt'), 'date')}
      <fieldset>
        <legend>{t(lang, 'evaluation.console.levels')}</legend>
        {(['street', 'community', 'grid'] as const).map((level) => (
          <div>
            <input type="checkbox" id={`open-level-${level}`} name="levels" value={level} />{' '}
            <label class="inline" for={`open-level-${level}`}>
              {t(lang, `evaluation.console.level.${level}`)}
            </label>
          </div>
        ))}
        <div>
          <input type="checkbox" id="open-departments" name="departments" value="1" checked />{' '}
          <label class="inline" for="open-departments">
            {t(lang, 'evaluation.console.departments')}
          </label>
        </div>
        <div>
          <input type="checkbox" id="open-stations" name="stations" value="1" checked />{' '}
          <label class="inline" for="open-stations">
            {t(lang, 'evaluation.console.stations')}
          </label>
        </div>
      </fieldset>
      <div>
        <button type="submit">{t(lang, 'evaluation.console.open')}</button>
      </div>
    </form>
  );
}

async function render(c: Context<AppEnv>, problem?: Problem) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const rows = await listCampaigns(ctx);
  const lang = page.lang;
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'evaluation.console.title')}>
      <h1>{t(lang, 'evaluation.console.title')}</h1>
      <p class="muted">{t(lang, 'evaluation.console.hint')}</p>
      <ProblemSummary lang={lang} problem={problem} />
      {rows.length === 0 ? (
        <p>{t(lang, 'evaluation.console.none')}</p>
      ) : (
        <ul class="case-list">
          {rows.map((row) => (
            <li class="card" data-campaign={row.id}>
              <a href={`${PAGE}/${row.id}`}>{lang === 'zh' ? row.titleZh : row.titleEn}</a>{' '}
              <span class="muted">
                {row.periodStart} – {row.periodEnd} · {t(lang, `evaluation.console.status.${row.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayEver(ctx.actor, 'evaluation.manage', true) ? (
        <>
          <h2>{t(lang, 'evaluation.console.open')}</h2>
          <OpenForm lang={lang} problem={problem} />
        </>
      ) : null}
    </ConsoleLayout>,
    problem?.status ?? 200,
  );
}

/** `YYYY-MM-DD` as the start of that day in China Standard Time (the form asks for dates). */
const dayStart = (day: string) => (day ? `${day}T00:00:00+08:00` : day);

async function open(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const values = sentValues(form);
  const input = {
    title: { zh: text(form, 'titleZh'), en: text(form, 'titleEn') },
    template: text(form, 'template'),
    periodStart: text(form, 'periodStart'),
    periodEnd: text(form, 'periodEnd'),
    opensAt: dayStart(text(form, 'opensAt')),
    closesAt: dayStart(text(form, 'closesAt')),
    subjects: {
      levels: texts(form, 'levels'),
      departments: text(form, 'departments') === '1',
      stations: text(form, 'stations') === '1',
    },
  };
  const parsed = NewCampaignBody.safeParse(input);
  if (!parsed.success)
    return render(c, {
      form: 'open',
      issues: issuesFromZod(parsed.error.issues, { input }),
      status: 422,
      values,
    });
  try {
    const row = await createCampaign(ctx, parsed.data);
    return c.redirect(`${PAGE}/${row.id}?done=open`, 303);
  } catch (error) {
    const problem = refused(error, 'open', values);
    if (problem) return render(c, problem);
    throw error;
  }
}

export function registerEvaluationPages(pages: ReturnType<typeof consolePages>) {
  pages.get(PAGE, { action: 'evaluation.read' }, (c) => render(c));
  pages.post(PAGE, { action: 'evaluation.manage' }, open);
  registerCampaignPages(pages);
}
