import { and, asc, eq, gte, isNull, lte } from 'drizzle-orm';
import {
  type CouncilRules,
  councilMembers,
  councils,
  type MEMBER_SEATS,
  orgUnits,
  users,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import type { Action } from '../auth/roles';
import { todayIn } from '../platform/dates';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { defaultRules } from './council.defaults';
import { councilErrors, councilIssue } from './council.errors';

export type CouncilRow = typeof councils.$inferSelect;
export type MemberRow = typeof councilMembers.$inferSelect;

export interface NewCouncil {
  orgUnitId: string;
  name?: { zh: string; en: string } | undefined;
  rules?: Partial<CouncilRules> | undefined;
}

export interface NewMember {
  userId?: string | undefined;
  name: string;
  seat: (typeof MEMBER_SEATS)[number];
  chosenHow: 'elected' | 'appointed';
  chosenBy: string;
  chosenOn: string;
  termStart: string;
  termEnd: string;
}

/** The council by id within the city, checked against the caller's permission on its community. */
export async function councilFor(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'actor'>,
  councilId: string,
  action: Action,
): Promise<CouncilRow> {
  const [council] = await tx
    .select()
    .from(councils)
    .where(and(eq(councils.tenantId, ctx.tenant.id), eq(councils.id, councilId)));
  if (!council) throw councilErrors.notFound();
  await authorize(tx, ctx.actor, action, { tenantId: ctx.tenant.id, orgUnitId: council.orgUnitId });
  return council;
}

/** Members whose term covers `day` (YYYY-MM-DD). */
export async function membersInOffice(db: Executor, tenantId: string, councilId: string, day: string) {
  return db
    .select()
    .from(councilMembers)
    .where(
      and(
        eq(councilMembers.tenantId, tenantId),
        eq(councilMembers.councilId, councilId),
        lte(councilMembers.termStart, day),
        gte(councilMembers.termEnd, day),
      ),
    )
    .orderBy(asc(councilMembers.name));
}

/** The caller's own seat on the council, in office on `day`; refuses anyone else. */
export async function ownSeat(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'actor'>,
  councilId: string,
  day: string,
): Promise<MemberRow> {
  if (ctx.actor.kind !== 'user') throw councilErrors.notMember();
  const seats = await membersInOffice(tx, ctx.tenant.id, councilId, day);
  const seat = seats.find((member) => member.userId === ctx.actor.id);
  if (!seat) throw councilErrors.notMember();
  return seat;
}

/** Sets up a community's council with the city's cycle and rules (overridable). */
export async function createCouncil(ctx: ServiceContext, input: NewCouncil): Promise<CouncilRow> {
  if (input.name) refuseUnsafeText({ name: input.name });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select()
      .from(orgUnits)
      .where(
        and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId), isNull(orgUnits.validTo)),
      );
    if (unit?.level !== 'community')
      throw councilErrors.invalid([councilIssue('orgUnitId', 'council.not_a_community')]);
    await authorize(tx, ctx.actor, 'council.manage', { tenantId: ctx.tenant.id, orgUnitId: unit.id });
    const [existing] = await tx
      .select({ id: councils.id })
      .from(councils)
      .where(and(eq(councils.tenantId, ctx.tenant.id), eq(councils.orgUnitId, unit.id)));
    if (existing) throw councilErrors.exists();
    const deliberation = ctx.tenant.structure.deliberation;
    const rules = { ...defaultRules(deliberation.mechanism), ...(input.rules ?? {}) };
    const [row] = await tx
      .insert(councils)
      .values({
        tenantId: ctx.tenant.id,
        orgUnitId: unit.id,
        nameZh: input.name?.zh ?? `${unit.nameZh}${deliberation.name.zh}`,
        nameEn: input.name?.en ?? `${deliberation.name.en}, ${unit.nameEn}`,
        mechanism: deliberation.mechanism,
        rules,
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('council insert returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.create',
      { type: 'council', id: row.id },
      { orgUnitId: unit.id, rules },
    );
    return row;
  });
}

/** Seats a member for a term, recording who elected or appointed them and when. */
export async function addMember(
  ctx: ServiceContext,
  councilId: string,
  input: NewMember,
): Promise<MemberRow> {
  refuseUnsafeText({ name: input.name, chosenBy: input.chosenBy });
  if (input.termEnd <= input.termStart)
    throw councilErrors.invalid([councilIssue('termEnd', 'council.term_order')]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const council = await councilFor(tx, ctx, councilId, 'council.manage');
    if (input.userId) {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, ctx.tenant.id), eq(users.id, input.userId)));
      if (!user) throw councilErrors.invalid([councilIssue('userId', 'council.user_unknown')]);
      const [seated] = await tx
        .select({ id: councilMembers.id })
        .from(councilMembers)
        .where(and(eq(councilMembers.councilId, council.id), eq(councilMembers.userId, input.userId)));
      if (seated) throw councilErrors.invalid([councilIssue('userId', 'council.member_exists')]);
    }
    const [row] = await tx
      .insert(councilMembers)
      .values({
        tenantId: ctx.tenant.id,
        councilId: council.id,
        ...input,
        userId: input.userId ?? null,
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('member insert returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.member_add',
      { type: 'council_member', id: row.id },
      {
        councilId: council.id,
        seat: input.seat,
        chosenHow: input.chosenHow,
        chosenBy: input.chosenBy,
        chosenOn: input.chosenOn,
        termStart: input.termStart,
        termEnd: input.termEnd,
      },
    );
    return row;
  });
}

/** The councils of the city the caller may read. */
export async function listCouncils(ctx: ServiceContext): Promise<CouncilRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'council.read', { tenantId: ctx.tenant.id });
    const rows = await tx
      .select()
      .from(councils)
      .where(eq(councils.tenantId, ctx.tenant.id))
      .orderBy(asc(councils.nameZh));
    const readable: CouncilRow[] = [];
    for (const row of rows) {
      try {
        await authorize(tx, ctx.actor, 'council.read', { tenantId: ctx.tenant.id, orgUnitId: row.orgUnitId });
        readable.push(row);
      } catch {
        // Councils of communities outside the caller's units are left out.
      }
    }
    return readable;
  });
}

/** A council with its members in office today. */
export async function readCouncil(ctx: ServiceContext, councilId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const council = await councilFor(tx, ctx, councilId, 'council.read');
    const members = await membersInOffice(
      tx,
      ctx.tenant.id,
      council.id,
      todayIn(ctx.tenant.timezone, ctx.now()),
    );
    return { council, members };
  });
}

/** The council of a community by its code, for public pages (no actor). */
export async function councilOfCommunity(tx: Transaction, ctx: ReadContext, code: string) {
  const [row] = await tx
    .select({ council: councils, unit: orgUnits })
    .from(councils)
    .innerJoin(orgUnits, eq(orgUnits.id, councils.orgUnitId))
    .where(and(eq(councils.tenantId, ctx.tenant.id), eq(orgUnits.code, code)));
  return row;
}
