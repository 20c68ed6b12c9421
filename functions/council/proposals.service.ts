import { and, eq, inArray, ne } from 'drizzle-orm';
import { councilProposals, councilSupports, councils, type ProposalStatus } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { encryptText } from '../platform/crypto';
import { todayIn } from '../platform/dates';
import { logKeyOf, type Transaction, withTenant } from '../platform/db';
import { LANDLINE_NUMBER, MOBILE_NUMBER } from '../platform/phone-numbers';
import { refuseUnsafeText } from '../platform/text';
import { councilErrors, councilIssue } from './council.errors';
import { councilFor, councilOfCommunity, ownSeat } from './councils.service';

export type ProposalRow = typeof councilProposals.$inferSelect;

/** Proposals still running: a new one with the same title is a duplicate. */
export const OPEN_PROPOSAL: ProposalStatus[] = ['draft', 'submitted', 'accepted'];

/** The duplicate check's key: the title lower-cased without spaces, punctuation or symbols. */
export const titleKeyOf = (title: string) =>
  title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');

export interface ProposalText {
  title: string;
  body: string;
}

async function refuseDuplicate(tx: Transaction, tenantId: string, councilId: string, title: string) {
  const [same] = await tx
    .select({ id: councilProposals.id })
    .from(councilProposals)
    .where(
      and(
        eq(councilProposals.tenantId, tenantId),
        eq(councilProposals.councilId, councilId),
        eq(councilProposals.titleKey, titleKeyOf(title)),
        inArray(councilProposals.status, OPEN_PROPOSAL),
      ),
    );
  if (same) throw councilErrors.proposalDuplicate();
}

export async function lockProposal(tx: Transaction, tenantId: string, id: string): Promise<ProposalRow> {
  const [row] = await tx
    .select()
    .from(councilProposals)
    .where(and(eq(councilProposals.tenantId, tenantId), eq(councilProposals.id, id)))
    .for('update');
  if (!row) throw councilErrors.proposalNotFound();
  return row;
}

/** A representative (or the convening party secretary, where the city allows) tables a proposal. */
export async function fileProposal(
  ctx: ServiceContext,
  councilId: string,
  input: ProposalText & { origin: 'representative' | 'party_secretary' },
): Promise<ProposalRow> {
  refuseUnsafeText({ title: input.title, body: input.body }, { multiline: ['body'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const council = await councilFor(tx, ctx, councilId, 'council.propose');
    const seat = await ownSeat(tx, ctx, council.id, todayIn(ctx.tenant.timezone, ctx.now()));
    if (
      input.origin === 'party_secretary' &&
      (seat.seat !== 'convener' || !council.rules.secretaryMayPropose)
    )
      throw councilErrors.notConvener();
    await refuseDuplicate(tx, ctx.tenant.id, council.id, input.title);
    const [row] = await tx
      .insert(councilProposals)
      .values({
        tenantId: ctx.tenant.id,
        councilId: council.id,
        title: input.title,
        titleKey: titleKeyOf(input.title),
        body: input.body,
        origin: input.origin,
        memberId: seat.id,
        status: 'submitted',
        submittedAt: ctx.now(),
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('proposal insert returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.proposal_file',
      { type: 'council_proposal', id: row.id },
      {
        councilId: council.id,
        origin: input.origin,
      },
    );
    return row;
  });
}

/** Seals a supporter's contact and adds them; refuses a contact that already supported. */
async function addSupporter(tx: Transaction, ctx: ServiceContext, proposal: ProposalRow, contact: string) {
  if (!ctx.dataKey) throw authErrors.noDataKey();
  // A number by its digits, an address in lower case.
  const normalized = contactKey(contact);
  if (normalized === undefined) throw councilErrors.invalid(contactIssues(contact));
  const contactHash = logKeyOf(tx).mac('shequ-council-support/v1', `${proposal.id}|${normalized}`);
  const [seen] = await tx
    .select({ id: councilSupports.id })
    .from(councilSupports)
    .where(and(eq(councilSupports.proposalId, proposal.id), eq(councilSupports.contactHash, contactHash)));
  if (seen) throw councilErrors.alreadySupported();
  await tx.insert(councilSupports).values({
    tenantId: ctx.tenant.id,
    proposalId: proposal.id,
    contactHash,
    contactSealed: await encryptText(ctx.dataKey, contact.trim()),
    createdAt: ctx.now(),
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

/**
 * A contact the council can check a supporter by: a mainland mobile or landline number, or an email
 * address. Any three characters used to count, so "abc" and "zzz" were two supporters of a
 * proposal that needs seven. Phone numbers compare by their digits (spaces, dashes and +86 aside),
 * so one number is one supporter however it is typed.
 */
export function contactKey(contact: string): string | undefined {
  const text = contact.normalize('NFKC').trim();
  const mobile = MOBILE_NUMBER.exec(text);
  if (mobile?.[1]) return mobile[1].replace(/\D/g, '');
  if (LANDLINE_NUMBER.test(text)) return text.replace(/\D/g, '');
  if (EMAIL.test(text)) return text.toLowerCase();
  return undefined;
}

function contactIssues(contact: string | undefined) {
  const text = contact?.trim() ?? '';
  if (text.length === 0) return [councilIssue('contact', 'council.contact_required')];
  if (text.length > 200) return [councilIssue('contact', 'field.too_long', { maximum: 200 })];
  if (contactKey(text) === undefined) return [councilIssue('contact', 'council.contact_invalid')];
  return [];
}

/**
 * A resident starts a proposal on the community's public page, without an account: it collects
 * supporters (draft) until the city's minimum of co-signers, then is submitted to the council.
 */
export async function startResidentsProposal(
  ctx: ServiceContext,
  communityCode: string,
  input: ProposalText & { contact?: string | undefined },
): Promise<ProposalRow> {
  const issues = contactIssues(input.contact);
  if (issues.length > 0) throw councilErrors.invalid(issues);
  refuseUnsafeText(
    { title: input.title, body: input.body, contact: input.contact ?? '' },
    { multiline: ['body'] },
  );
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const found = await councilOfCommunity(tx, ctx, communityCode);
    if (!found) throw councilErrors.notFound();
    await refuseDuplicate(tx, ctx.tenant.id, found.council.id, input.title);
    const enough = found.council.rules.minCoSigners <= 1;
    const [row] = await tx
      .insert(councilProposals)
      .values({
        tenantId: ctx.tenant.id,
        councilId: found.council.id,
        title: input.title,
        titleKey: titleKeyOf(input.title),
        body: input.body,
        origin: 'residents',
        status: enough ? 'submitted' : 'draft',
        supporters: 1,
        submittedAt: enough ? ctx.now() : null,
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('proposal insert returned nothing');
    await addSupporter(tx, ctx, row, input.contact ?? '');
    await recordAudit(
      ctx,
      tx,
      'council.proposal_start',
      { type: 'council_proposal', id: row.id },
      {
        councilId: found.council.id,
      },
    );
    return row;
  });
}

/** A resident co-signs a proposal still collecting supporters; the last one needed submits it. */
export async function supportProposal(
  ctx: ServiceContext,
  proposalId: string,
  input: { contact?: string | undefined },
): Promise<ProposalRow> {
  const issues = contactIssues(input.contact);
  if (issues.length > 0) throw councilErrors.invalid(issues);
  refuseUnsafeText({ contact: input.contact ?? '' });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const proposal = await lockProposal(tx, ctx.tenant.id, proposalId);
    if (proposal.status !== 'draft') throw councilErrors.proposalStatus(proposal.status, ['draft']);
    const [council] = await tx.select().from(councils).where(eq(councils.id, proposal.councilId));
    if (!council) throw councilErrors.notFound();
    await addSupporter(tx, ctx, proposal, input.contact ?? '');
    const supporters = proposal.supporters + 1;
    const enough = supporters >= council.rules.minCoSigners;
    const [row] = await tx
      .update(councilProposals)
      .set({ supporters, ...(enough ? { status: 'submitted', submittedAt: ctx.now() } : {}) })
      .where(eq(councilProposals.id, proposal.id))
      .returning();
    if (!row) throw new Error('proposal update returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.proposal_support',
      { type: 'council_proposal', id: row.id },
      {
        supporters,
        submitted: enough,
      },
    );
    return row;
  });
}

export type ProposalDecision =
  | { action: 'accept' }
  | { action: 'decline'; reason: string }
  | { action: 'merge'; into: string; reason?: string | undefined }
  | { action: 'carried_out' | 'not_carried_out'; reason?: string | undefined };

const FROM: Record<ProposalDecision['action'], ProposalStatus[]> = {
  accept: ['submitted'],
  decline: ['submitted'],
  merge: ['draft', 'submitted', 'accepted'],
  carried_out: ['decided'],
  not_carried_out: ['decided'],
};
const TO: Record<ProposalDecision['action'], ProposalStatus> = {
  accept: 'accepted',
  decline: 'declined',
  merge: 'merged',
  carried_out: 'carried_out',
  not_carried_out: 'not_carried_out',
};

/** The council's staff move a proposal on: onto the agenda, declined with a reason, merged, carried out or not. */
export async function decideProposal(
  ctx: ServiceContext,
  proposalId: string,
  decision: ProposalDecision,
): Promise<ProposalRow> {
  const reason = 'reason' in decision ? (decision.reason ?? '').trim() : '';
  if (decision.action === 'decline' && !reason)
    throw councilErrors.invalid([councilIssue('reason', 'council.reason_required')]);
  refuseUnsafeText({ reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const proposal = await lockProposal(tx, ctx.tenant.id, proposalId);
    const council = await councilFor(tx, ctx, proposal.councilId, 'council.manage');
    const from = FROM[decision.action];
    if (!from.includes(proposal.status as ProposalStatus))
      throw councilErrors.proposalStatus(proposal.status, from);
    let mergedIntoId: string | null = null;
    if (decision.action === 'merge') {
      const [target] = await tx
        .select()
        .from(councilProposals)
        .where(
          and(
            eq(councilProposals.tenantId, ctx.tenant.id),
            eq(councilProposals.councilId, council.id),
            eq(councilProposals.id, decision.into),
            ne(councilProposals.id, proposal.id),
            inArray(councilProposals.status, OPEN_PROPOSAL),
          ),
        );
      if (!target) throw councilErrors.invalid([councilIssue('into', 'council.merge_target')]);
      mergedIntoId = target.id;
    }
    const [row] = await tx
      .update(councilProposals)
      .set({ status: TO[decision.action], reason: reason || proposal.reason, mergedIntoId })
      .where(eq(councilProposals.id, proposal.id))
      .returning();
    if (!row) throw new Error('proposal update returned nothing');
    await recordAudit(
      ctx,
      tx,
      `council.proposal_${decision.action}`,
      { type: 'council_proposal', id: row.id },
      {
        from: proposal.status,
        to: row.status,
        ...(reason ? { reason } : {}),
        ...(mergedIntoId ? { mergedIntoId } : {}),
      },
    );
    return row;
  });
}

/** A proposal with the proposals merged into it. */
export async function readProposal(ctx: ServiceContext, proposalId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [proposal] = await tx
      .select()
      .from(councilProposals)
      .where(and(eq(councilProposals.tenantId, ctx.tenant.id), eq(councilProposals.id, proposalId)));
    if (!proposal) throw councilErrors.proposalNotFound();
    await councilFor(tx, ctx, proposal.councilId, 'council.read');
    const merged = await tx
      .select({ id: councilProposals.id, title: councilProposals.title })
      .from(councilProposals)
      .where(
        and(eq(councilProposals.tenantId, ctx.tenant.id), eq(councilProposals.mergedIntoId, proposal.id)),
      );
    return { proposal, merged };
  });
}
