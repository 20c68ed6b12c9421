import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { readCampaign, type SubjectRow } from '../../functions/evaluation/campaigns.service';
import { evaluationErrors } from '../../functions/evaluation/evaluation.errors';
import { NewRatingBody } from '../../functions/evaluation/evaluation.schemas';
import { myRatings, submitRating } from '../../functions/evaluation/ratings.service';
import { closeCampaign, readResults, verifyCampaign } from '../../functions/evaluation/results.service';
import { isUuid } from '../../functions/platform/ids';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { type Lang, say, t } from '../i18n';
import { type Problem, ProblemSummary, refused } from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { type consolePages, formOf, mayEver, sentValues, text } from './console-route';

const PAGE = '/admin/evaluation';
type Found = Awaited<ReturnType<typeof readCampaign>>;

function idOf(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw evaluationErrors.campaignNotFound();
  return id;
}

function RateForm(props: {
  lang: Lang;
  found: Found;
  assignment: Found['assignments'][number];
  rated: boolean;
}) {
  const { lang, found, assignment } = props;
  const subject = found.subjects.find((row) => row.id === assignment.subjectId) as SubjectRow;
  const criteria = found.campaign.scheme.criteria[subject.kind] ?? [];
  return (
    <li class="card" data-assignment={assignment.id}>
      <h3>
        {lang === 'zh' ? subject.nameZh : subject.nameEn}{' '}
        <span class="muted">
          ({say(lang, `evaluation.site.part.${assignment.part}`)})
          {props.rated ? ` · ${t(lang, 'evaluation.console.rated')}` : ''}
        </span>
      </h3>
      <form method="post" action={`${PAGE}/${found.campaign.id}/ratings`} class="stack">
        <input type="hidden" name="assignmentId" value={assignment.id} />
        {criteria.map((criterion) => (
          <div>
            <label for={`${assignment.id}-${criterion.code}`}>
              {lang === 'zh' ? criterion.name.zh : criterion.name.en} ({Math.round(criterion.weight * 100)}%)
            </label>
            <input
              id={`${assignment.id}-${criterion.code}`}
              type="number"
              name={`score.${criterion.code}`}
              min={0}
              max={100}
              required
            />
          </div>
        ))}
        <div>
          <label for={`${assignment.id}-comment`}>{t(lang, 'evaluation.console.comment')}</label>
          <textarea id={`${assignment.id}-comment`} name="comment" rows={2} maxlength={2000} />
        </div>
        <div>
          <button type="submit">{t(lang, 'evaluation.console.submit')}</button>
        </div>
      </form>
    </li>
  );
}

async function Results(props: { c: Context<AppEnv>; lang: Lang; id: string }) {
  const ctx = await cityContext(props.c);
  const { results } = await readResults(ctx, props.id);
  const verification = await verifyCampaign(ctx, props.id);
  const lang = props.lang;
  return (
    <section>
      <h2>{t(lang, 'evaluation.console.results')}</h2>
      <p class={verification.ok ? 'notice' : 'error'} data-verified={String(verification.ok)}>
        {t(lang, verification.ok ? 'evaluation.console.verified' : 'evaluation.console.broken')}
      </p>
      <p>
        {t(lang, 'evaluation.console.export')}:{' '}
        <a href={`/v1/t/${ctx.tenant.slug}/evaluation/campaigns/${props.id}/export?format=csv`}>CSV</a> ·{' '}
        <a href={`/v1/t/${ctx.tenant.slug}/evaluation/campaigns/${props.id}/export?format=xls`}>Excel</a>
      </p>
      <div class="table-scroll" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'evaluation.site.subject')}</th>
              <th scope="col">{t(lang, 'evaluation.site.score')}</th>
              <th scope="col">{t(lang, 'evaluation.site.weightsOf')}</th>
              <th scope="col">{t(lang, 'evaluation.site.award')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map(({ result, subject }) => (
              <tr>
                <th scope="row">{lang === 'zh' ? subject.nameZh : subject.nameEn}</th>
                <td>
                  {result.score ?? '—'}
                  {result.complete ? '' : ` (${t(lang, 'evaluation.console.incomplete')})`}
                </td>
                <td>
                  {result.parts
                    .map(
                      (part) =>
                        `${say(lang, `evaluation.site.part.${part.part}`)} ${Math.round(part.weight * 100)}%: ${part.score ?? '—'}`,
                    )
                    .join(' · ')}
                </td>
                <td>
                  {result.vetoed
                    ? t(lang, 'evaluation.site.vetoed')
                    : t(lang, result.award ? 'evaluation.site.awarded' : 'evaluation.site.noAward')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

async function render(c: Context<AppEnv>, problem?: Problem) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const id = idOf(c);
  const found = await readCampaign(ctx, id);
  const mine = await myRatings(ctx, id);
  const lang = page.lang;
  const { campaign } = found;
  const title = lang === 'zh' ? campaign.titleZh : campaign.titleEn;
  return c.html(
    <ConsoleLayout {...page} title={title}>
      <h1>{title}</h1>
      <p class="muted">
        {campaign.periodStart} – {campaign.periodEnd} ·{' '}
        {t(lang, `evaluation.console.status.${campaign.status}`)}
      </p>
      <ProblemSummary lang={lang} problem={problem} />
      {c.req.query('done') && !problem ? (
        <p class="notice" role="status">
          {t(lang, 'evaluation.console.done')}
        </p>
      ) : null}
      {campaign.status === 'open' && found.assignments.length > 0 ? (
        <>
          <h2>{t(lang, 'evaluation.console.toRate')}</h2>
          <ul class="case-list">
            {found.assignments.map((assignment) => (
              <RateForm
                lang={lang}
                found={found}
                assignment={assignment}
                rated={mine.some((r) => r.assignmentId === assignment.id)}
              />
            ))}
          </ul>
        </>
      ) : null}
      {campaign.status === 'open' && mayEver(ctx.actor, 'evaluation.manage', true) ? (
        <form method="post" action={`${PAGE}/${id}/close`}>
          <button type="submit">{t(lang, 'evaluation.console.close')}</button>
        </form>
      ) : null}
      {campaign.status === 'sealed' ? await Results({ c, lang, id }) : null}
    </ConsoleLayout>,
    problem?.status ?? 200,
  );
}

async function rate(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const id = idOf(c);
  const values = sentValues(form);
  const scores = Object.fromEntries(
    Object.keys(form)
      .filter((name) => name.startsWith('score.') && text(form, name) !== '')
      .map((name) => [name.slice(6), Number(text(form, name))]),
  );
  const comment = text(form, 'comment');
  const input = { assignmentId: text(form, 'assignmentId'), scores, ...(comment ? { comment } : {}) };
  const parsed = NewRatingBody.safeParse(input);
  if (!parsed.success)
    return render(c, {
      form: 'rate',
      issues: issuesFromZod(parsed.error.issues, { input }),
      status: 422,
      values,
    });
  try {
    await submitRating(ctx, id, parsed.data);
  } catch (error) {
    const problem = refused(error, 'rate', values);
    if (problem) return render(c, problem);
    throw error;
  }
  return c.redirect(`${PAGE}/${id}?done=rate`, 303);
}

async function close(c: Context<AppEnv>) {
  await formOf(c);
  const ctx = await cityContext(c);
  const id = idOf(c);
  try {
    await closeCampaign(ctx, id);
  } catch (error) {
    const problem = refused(error, 'close', {});
    if (problem) return render(c, problem);
    throw error;
  }
  return c.redirect(`${PAGE}/${id}?done=close`, 303);
}

export function registerCampaignPages(pages: ReturnType<typeof consolePages>) {
  pages.get(`${PAGE}/:id`, { action: 'evaluation.read' }, (c) => render(c));
  pages.post(`${PAGE}/:id/ratings`, { action: 'evaluation.rate' }, rate);
  pages.post(`${PAGE}/:id/close`, { action: 'evaluation.manage' }, close);
}
