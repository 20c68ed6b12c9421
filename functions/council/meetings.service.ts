import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  councilAgendaItems,
  councilAttendance,
  councilMeetings,
  councilMembers,
  councilProposals,
  councilVotes,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import { todayIn } from '../platform/dates';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { councilErrors, councilIssue } from './council.errors';
import { type CouncilRow, councilFor, membersInOffice } from './councils.service';

export type MeetingRow = typeof councilMeetings.$inferSelect;

/** Proposal states an agenda may carry: accepted onto the agenda, or already voted on (review). */
const ON_AGENDA = ['accepted', 'decided', 'rejected', 'carried_out', 'not_carried_out'];

export interface NewMeeting {
  kind: string;
  title: string;
  heldAt: string;
  place: string;
  agenda: { title: string; proposalId?: string | undefined }[];
}

export interface MeetingRecord {
  attendance?: string[] | undefined;
  minutes?: string | undefined;
  decisions?: { itemId: string; decision: string }[] | undefined;
}

/** The meeting and its council, checked against the caller's permission on the council's community. */
export async function meetingFor(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'actor'>,
  meetingId: string,
  action: Parameters<typeof councilFor>[3],
): Promise<{ meeting: MeetingRow; council: CouncilRow }> {
  const [meeting] = await tx
    .select()
    .from(councilMeetings)
    .where(and(eq(councilMeetings.tenantId, ctx.tenant.id), eq(councilMeetings.id, meetingId)));
  if (!meeting) throw councilErrors.meetingNotFound();
  return { meeting, council: await councilFor(tx, ctx, meeting.councilId, action) };
}

export const meetingDay = (ctx: Pick<ServiceContext, 'tenant'>, meeting: MeetingRow) =>
  todayIn(ctx.tenant.timezone, meeting.heldAt);

/** Calls a meeting of one of the cycle's kinds, with its agenda. */
export async function scheduleMeeting(ctx: ServiceContext, councilId: string, input: NewMeeting) {
  refuseUnsafeText({
    title: input.title,
    place: input.place,
    ...Object.fromEntries(input.agenda.map((item, i) => [`agenda.${i}.title`, item.title])),
  });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const council = await councilFor(tx, ctx, councilId, 'council.record');
    if (!council.rules.cycle.some((step) => step.key === input.kind))
      throw councilErrors.invalid([councilIssue('kind', 'council.meeting_kind')]);
    const proposalIds = input.agenda.flatMap((item) => (item.proposalId ? [item.proposalId] : []));
    const proposals = proposalIds.length
      ? await tx
          .select({ id: councilProposals.id, status: councilProposals.status })
          .from(councilProposals)
          .where(and(eq(councilProposals.councilId, council.id), inArray(councilProposals.id, proposalIds)))
      : [];
    const issues = input.agenda.flatMap((item, i) =>
      item.proposalId && !proposals.some((p) => p.id === item.proposalId && ON_AGENDA.includes(p.status))
        ? [councilIssue(`agenda.${i}.proposalId`, 'council.agenda_proposal')]
        : [],
    );
    if (issues.length > 0) throw councilErrors.invalid(issues);
    const [meeting] = await tx
      .insert(councilMeetings)
      .values({
        tenantId: ctx.tenant.id,
        councilId: council.id,
        kind: input.kind,
        title: input.title,
        heldAt: new Date(input.heldAt),
        place: input.place,
        createdAt: ctx.now(),
      })
      .returning();
    if (!meeting) throw new Error('meeting insert returned nothing');
    if (input.agenda.length > 0)
      await tx.insert(councilAgendaItems).values(
        input.agenda.map((item, position) => ({
          tenantId: ctx.tenant.id,
          meetingId: meeting.id,
          position,
          title: item.title,
          proposalId: item.proposalId ?? null,
        })),
      );
    await recordAudit(
      ctx,
      tx,
      'council.meeting_schedule',
      { type: 'council_meeting', id: meeting.id },
      {
        councilId: council.id,
        kind: input.kind,
        agenda: input.agenda.length,
      },
    );
    return meeting;
  });
}

/** Records who attended, the minutes and the decision on each agenda item. */
export async function recordMeeting(ctx: ServiceContext, meetingId: string, input: MeetingRecord) {
  refuseUnsafeText(
    {
      minutes: input.minutes ?? '',
      ...Object.fromEntries((input.decisions ?? []).map((d, i) => [`decisions.${i}.decision`, d.decision])),
    },
    { multiline: ['minutes'] },
  );
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { meeting, council } = await meetingFor(tx, ctx, meetingId, 'council.record');
    const items = await tx
      .select()
      .from(councilAgendaItems)
      .where(eq(councilAgendaItems.meetingId, meeting.id));
    const issues = (input.decisions ?? []).flatMap((d, i) =>
      items.some((item) => item.id === d.itemId)
        ? []
        : [councilIssue(`decisions.${i}.itemId`, 'council.agenda_item_unknown')],
    );
    if (input.attendance) {
      const inOffice = await membersInOffice(tx, ctx.tenant.id, council.id, meetingDay(ctx, meeting));
      input.attendance.forEach((memberId, i) => {
        if (!inOffice.some((m) => m.id === memberId))
          issues.push(councilIssue(`attendance.${i}`, 'council.member_not_found'));
      });
    }
    if (issues.length > 0) throw councilErrors.invalid(issues);
    if (input.attendance) {
      // Quorum is counted from attendance when a vote opens; once one has, attendance is fixed.
      const [vote] = await tx
        .select({ id: councilVotes.id })
        .from(councilVotes)
        .where(eq(councilVotes.meetingId, meeting.id));
      if (vote) throw councilErrors.voteExists();
      await tx.delete(councilAttendance).where(eq(councilAttendance.meetingId, meeting.id));
      const present = [...new Set(input.attendance)];
      if (present.length > 0)
        await tx
          .insert(councilAttendance)
          .values(present.map((memberId) => ({ tenantId: ctx.tenant.id, meetingId: meeting.id, memberId })));
    }
    if (input.minutes !== undefined)
      await tx
        .update(councilMeetings)
        .set({ minutes: input.minutes })
        .where(eq(councilMeetings.id, meeting.id));
    for (const d of input.decisions ?? [])
      await tx
        .update(councilAgendaItems)
        .set({ decision: d.decision })
        .where(eq(councilAgendaItems.id, d.itemId));
    await recordAudit(
      ctx,
      tx,
      'council.meeting_record',
      { type: 'council_meeting', id: meeting.id },
      {
        attendance: input.attendance ? new Set(input.attendance).size : undefined,
        minutes: input.minutes !== undefined,
        decisions: (input.decisions ?? []).length,
      },
    );
    return meeting.id;
  });
}

/** A meeting with its agenda, who attended and its votes. */
export async function loadMeeting(tx: Transaction, meeting: MeetingRow) {
  const agenda = await tx
    .select()
    .from(councilAgendaItems)
    .where(eq(councilAgendaItems.meetingId, meeting.id))
    .orderBy(asc(councilAgendaItems.position));
  const attendance = await tx
    .select({ id: councilMembers.id, name: councilMembers.name, seat: councilMembers.seat })
    .from(councilAttendance)
    .innerJoin(councilMembers, eq(councilMembers.id, councilAttendance.memberId))
    .where(eq(councilAttendance.meetingId, meeting.id))
    .orderBy(asc(councilMembers.name));
  const votes = await tx.select().from(councilVotes).where(eq(councilVotes.meetingId, meeting.id));
  return { meeting, agenda, attendance, votes };
}

export async function readMeeting(ctx: ServiceContext, meetingId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { meeting } = await meetingFor(tx, ctx, meetingId, 'council.read');
    return loadMeeting(tx, meeting);
  });
}
