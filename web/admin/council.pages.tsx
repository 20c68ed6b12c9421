import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import { councilErrors } from '../../functions/council/council.errors';
import { councilOverview } from '../../functions/council/council.public';
import { decideProposal } from '../../functions/council/proposals.service';
import { castBallot } from '../../functions/council/votes.service';
import type { FieldIssue } from '../../functions/platform/errors';
import { type Lang, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';

type Overview = Awaited<ReturnType<typeof councilOverview>>[number];

function ProposalRow(props: { lang: Lang; proposal: Overview['proposals'][number] }) {
  const { lang, proposal } = props;
  return (
    <li data-proposal={proposal.id}>
      {proposal.title} — {say(lang, `councilPage.status.${proposal.status}`, { fallback: proposal.status })}
      {proposal.status === 'submitted' && (
        <>
          <form method="post" action={`/admin/councils/proposals/${proposal.id}/decision`} class="inline">
            <input type="hidden" name="action" value="accept" />
            <button type="submit">{t(lang, 'councilPage.accept')}</button>
          </form>
          <form method="post" action={`/admin/councils/proposals/${proposal.id}/decision`} class="inline">
            <input type="hidden" name="action" value="decline" />
            <label>
              {t(lang, 'councilPage.reason')} <input name="reason" required maxlength={2000} />
            </label>
            <button type="submit">{t(lang, 'councilPage.decline')}</button>
          </form>
        </>
      )}
    </li>
  );
}

function CouncilCard(props: { lang: Lang; slug: string; item: Overview }) {
  const { lang, item } = props;
  return (
    <article class="card">
      <h2>{lang === 'zh' ? item.council.nameZh : item.council.nameEn}</h2>
      <p>
        <a href={`/t/${props.slug}/communities/${item.code}/council${lang === 'en' ? '?lang=en' : ''}`}>
          {t(lang, 'councilPage.publicPage')}
        </a>
      </p>
      <h3>{t(lang, 'councilPage.openVotes')}</h3>
      <ul>
        {item.openVotes.map(({ vote, meeting, item: agendaItem }) => (
          <li data-vote={vote.id}>
            {meeting.title} · {agendaItem.title}
            <form method="post" action={`/admin/councils/votes/${vote.id}/ballot`} class="inline">
              {(['for', 'against', 'abstain'] as const).map((choice) => (
                <label class="inline">
                  <input type="radio" name="choice" value={choice} required />{' '}
                  {t(lang, `councilPage.choice.${choice}`)}
                </label>
              ))}
              <button type="submit">{t(lang, 'councilPage.cast')}</button>
            </form>
          </li>
        ))}
      </ul>
      <h3>{t(lang, 'councilPage.allProposals')}</h3>
      <ul>
        {item.proposals.map((proposal) => (
          <ProposalRow lang={lang} proposal={proposal} />
        ))}
      </ul>
    </article>
  );
}

/** The councils a person may read: proposals to move onto the agenda, and their own ballots. */
async function render(c: Context<AppEnv>, issues: FieldIssue[] = [], status: 200 | 403 | 409 | 422 = 200) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const overview = await councilOverview(ctx);
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'councilPage.menu')}>
      <h1>{t(page.lang, 'councilPage.menu')}</h1>
      <ErrorSummary lang={page.lang} issues={issues} />
      {overview.length === 0 && <p>{t(page.lang, 'councilPage.noCouncils')}</p>}
      {overview.map((item) => (
        <CouncilCard lang={page.lang} slug={ctx.tenant.slug} item={item} />
      ))}
    </ConsoleLayout>,
    status,
  );
}

/** A refusal shown on the page, with the verb's own code. */
async function act(c: Context<AppEnv>, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isAppError(error) && [403, 409, 422].includes(error.status)) {
      const issues = error.details?.length
        ? error.details
        : [
            {
              path: 'form',
              code: error.code,
              message: error.message,
              ...(error.params ? { params: error.params } : {}),
            },
          ];
      return render(c, issues, error.status as 403 | 409 | 422);
    }
    throw error;
  }
  return c.redirect('/admin/councils', 303);
}

export function registerCouncilPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/councils', { action: 'council.read' }, (c) => render(c));
  // Offered to whoever reads councils; the verb decides (and a refusal is shown on the page).
  pages.post('/admin/councils/proposals/:id/decision', { action: 'council.read' }, async (c) => {
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw councilErrors.proposalNotFound();
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const action = text(form, 'action');
    return act(c, () =>
      action === 'decline'
        ? decideProposal(ctx, id, { action: 'decline', reason: text(form, 'reason') })
        : decideProposal(ctx, id, { action: 'accept' }),
    );
  });
  pages.post('/admin/councils/votes/:id/ballot', { action: 'council.read' }, async (c) => {
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw councilErrors.voteNotFound();
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const choice = z.enum(['for', 'against', 'abstain']).safeParse(text(form, 'choice'));
    if (!choice.success)
      return render(c, [{ path: 'choice', code: 'field.required', message: 'required' }], 422);
    return act(c, () => castBallot(ctx, id, { choice: choice.data }));
  });
}
