import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../functions/auth/app-env';
import { caseNumbers } from '../../functions/cases/case-places.service';
import type { CaseEventRow, CaseRow } from '../../functions/cases/case-steps';
import { casesErrors } from '../../functions/cases/cases.errors';
import { readCase } from '../../functions/cases/cases.service';
import { residentReporter } from '../../functions/cases/resident-reports.service';
import { findUser } from '../../functions/identity/users.service';
import { isUuid } from '../../functions/platform/ids';
import { inLang, type Lang, say, t } from '../i18n';
import { CaseActions } from './case-actions';
import { ReporterSection } from './case-reporter';
import {
  CaseCounts,
  type CaseNames,
  type CityContext,
  ClockLine,
  caseNames,
  type Problem,
  ProblemSummary,
  StatusBadge,
} from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { CityTime } from './console-time';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Who did a step, as a person reads it: a colleague's name, or "system" for the sweep. */
async function actorNames(
  ctx: CityContext,
  lang: Lang,
  events: CaseEventRow[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const event of events) {
    const key = `${event.actorKind}:${event.actorId}`;
    if (names.has(key)) continue;
    if (event.actorKind === 'user' && isUuid(event.actorId)) {
      const user = await findUser(ctx.db, event.actorId);
      names.set(key, user && user.tenantId === ctx.tenant.id ? user.displayName : event.actorId);
    } else names.set(key, event.actorKind === 'system' ? t(lang, 'console.system') : event.actorId);
  }
  return names;
}

/** What an event adds to its name: where a dispatch sent it, where an escalation took it. */
function eventNote(lang: Lang, event: CaseEventRow, names: CaseNames): string {
  const details = event.details;
  if (event.kind === 'dispatch') {
    const kind = text(details.handlerKind);
    const handler =
      kind === 'department'
        ? names.department(text(details.departmentId))
        : say(lang, `cases.handler.${kind}`, { fallback: kind });
    return t(lang, 'cases.dispatchedTo', { handler });
  }
  if (event.kind === 'escalate') {
    const auto = details.trigger === 'breach' || details.trigger === 'second_breach';
    const note = t(lang, 'cases.escalatedTo', { unit: names.unit(text(details.toUnitId)) });
    return auto ? `${note}${t(lang, 'console.semicolon')}${t(lang, 'cases.byBreach')}` : note;
  }
  if (event.kind === 'supervision_notice')
    return t(lang, 'cases.noticeTo', { unit: names.unit(text(details.toUnitId)) });
  if (event.kind === 'report' && typeof details.publicReply === 'string')
    return `${t(lang, 'cases.publicReply')}${t(lang, 'console.colon')}${details.publicReply}`;
  if (event.kind === 'evaluate' && typeof details.satisfaction === 'number')
    return `${t(lang, 'cases.satisfaction')}${t(lang, 'console.colon')}${details.satisfaction}`;
  return '';
}

function Timeline(props: {
  lang: Lang;
  events: CaseEventRow[];
  names: CaseNames;
  actors: Map<string, string>;
  zone: string;
}) {
  const { lang } = props;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t(lang, 'cases.timeline')}</h2>
      <ol class="timeline">
        {props.events.map((event) => {
          const note = eventNote(lang, event, props.names);
          return (
            <li data-kind={event.kind}>
              <CityTime value={event.at} zone={props.zone} />
              <h3>{say(lang, `cases.event.${event.kind}`, { fallback: event.kind })}</h3>
              <p class="muted">
                {t(lang, 'cases.by')}
                {t(lang, 'console.colon')}
                {props.actors.get(`${event.actorKind}:${event.actorId}`) ?? event.actorId}
                {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus
                  ? ` · ${say(lang, `cases.status.${event.fromStatus}`)} → ${say(lang, `cases.status.${event.toStatus}`)}`
                  : ''}
              </p>
              {note ? <p>{note}</p> : null}
              {event.reason ? <p class="reason">{event.reason}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Fact(props: { label: string; children: Child }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

function CaseFacts(props: { lang: Lang; row: CaseRow; names: CaseNames; zone: string; duplicate?: string }) {
  const { lang, row, names } = props;
  const category = names.categories.find((item) => item.id === row.categoryId);
  const answers = (category?.attributes ?? []).filter(
    (attribute) => row.attributes[attribute.code] !== undefined,
  );
  const answer = (code: string, value: unknown) => {
    if (typeof value === 'boolean') return t(lang, value ? 'cases.yes' : 'cases.no');
    const choice = category?.attributes
      .find((item) => item.code === code)
      ?.choices?.find((item) => item.key === value);
    return choice ? inLang(lang, choice.name) : String(value);
  };
  const handler =
    row.handlerKind === 'department'
      ? names.department(row.handlerDepartmentId)
      : row.handlerKind
        ? say(lang, `cases.handler.${row.handlerKind}`)
        : '';
  return (
    <dl class="facts">
      <Fact label={t(lang, 'console.status')}>
        <StatusBadge lang={lang} status={row.status} />
        {row.refusal ? ` ${t(lang, `cases.refusal.${row.refusal}`)}` : ''}
      </Fact>
      <Fact label={t(lang, 'cases.clock')}>
        <ClockLine lang={lang} row={row} zone={props.zone} />
      </Fact>
      <Fact label={t(lang, 'cases.field.category')}>{names.category(row.categoryId)}</Fact>
      <Fact label={t(lang, 'cases.where')}>{names.unit(row.orgUnitId)}</Fact>
      {row.location ? <Fact label={t(lang, 'cases.field.location')}>{row.location}</Fact> : null}
      <Fact label={t(lang, 'cases.channel')}>{say(lang, `cases.channel.${row.channel}`)}</Fact>
      {handler ? <Fact label={t(lang, 'cases.handler')}>{handler}</Fact> : null}
      <Fact label={t(lang, 'cases.level')}>{names.unit(row.levelUnitId)}</Fact>
      {row.escalations + row.sentBack > 0 ? (
        <Fact label={t(lang, 'cases.counts')}>
          <CaseCounts lang={lang} row={row} />
        </Fact>
      ) : null}
      {props.duplicate ? <Fact label={t(lang, 'cases.duplicateOf')}>{props.duplicate}</Fact> : null}
      {row.closedAt ? (
        <Fact label={t(lang, row.onTime ? 'cases.onTime' : 'cases.late')}>
          <CityTime value={row.closedAt} zone={props.zone} />
        </Fact>
      ) : null}
      {row.satisfaction ? (
        <Fact label={t(lang, 'cases.satisfaction')}>{String(row.satisfaction)}</Fact>
      ) : null}
      {row.description ? <Fact label={t(lang, 'cases.field.description')}>{row.description}</Fact> : null}
      {row.publicReply ? <Fact label={t(lang, 'cases.publicReply')}>{row.publicReply}</Fact> : null}
      {answers.map((attribute) => (
        <Fact label={inLang(lang, attribute.name)}>
          {answer(attribute.code, row.attributes[attribute.code])}
        </Fact>
      ))}
    </dl>
  );
}

/** /admin/cases/{id}: the case, the steps the person may take on it, and its timeline. */
export async function renderCase(
  c: Context<AppEnv>,
  problem?: Problem,
  revealed?: { contact: string | null },
) {
  const id = c.req.param('id') ?? '';
  // A malformed id names no case, as an unknown one does.
  if (!isUuid(id)) throw casesErrors.notFound();
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const { row, events } = await readCase(ctx, id);
  const unitIds = [
    row.orgUnitId,
    row.levelUnitId,
    ...events.flatMap((event) => [text(event.details.toUnitId)].filter(isUuid)),
  ];
  const names = await caseNames(ctx, page.lang, unitIds);
  const actors = await actorNames(ctx, page.lang, events);
  const duplicate = row.duplicateOf
    ? (await caseNumbers(ctx, [row.duplicateOf])).get(row.duplicateOf)
    : undefined;
  const zone = ctx.tenant.timezone;
  const reporter = await residentReporter(ctx, row);
  return c.html(
    <ConsoleLayout {...page} title={`${row.number} ${row.title}`}>
      <p>
        <a href="/admin/cases">{t(page.lang, 'cases.menu')}</a>
      </p>
      <h1>
        <span class="case-number">{row.number}</span> {row.title}
        {row.sample ? <span class="badge">{t(page.lang, 'cases.sample')}</span> : null}
      </h1>
      <ProblemSummary lang={page.lang} problem={problem} linkSteps />
      {c.req.query('done') && !problem ? (
        <p class="notice" role="status">
          {t(page.lang, 'cases.done')}
        </p>
      ) : null}
      <CaseFacts lang={page.lang} row={row} names={names} zone={zone} duplicate={duplicate} />
      {reporter ? (
        <ReporterSection
          lang={page.lang}
          row={row}
          reporter={reporter}
          revealed={revealed}
          problem={problem?.form === 'reveal' ? problem : undefined}
        />
      ) : null}
      <CaseActions lang={page.lang} row={row} problem={problem} actor={ctx.actor} names={names} />
      <Timeline lang={page.lang} events={events} names={names} actors={actors} zone={zone} />
    </ConsoleLayout>,
    problem?.status ?? 200,
  );
}
