import { and, asc, eq, inArray } from 'drizzle-orm';
import { cases, councilMilestones, councilProjects, councilReviews, type REVIEW_RATINGS } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import { type Executor, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { councilErrors, councilIssue } from './council.errors';
import { councilFor } from './councils.service';
import { meetingFor } from './meetings.service';
import { lockProposal } from './proposals.service';

export type ProjectRow = typeof councilProjects.$inferSelect;
export type MilestoneRow = typeof councilMilestones.$inferSelect;

export interface NewProject {
  title?: string | undefined;
  owner: string;
  budgetYuan: number;
  parts: { title: string; owner?: string | undefined; weight: number; budgetYuan?: number | undefined }[];
  milestones: { title: string; dueOn: string }[];
  caseIds?: string[] | undefined;
}

export interface ProjectUpdate {
  progress?: number | undefined;
  milestonesDone?: { id: string; doneOn: string }[] | undefined;
  caseIds?: string[] | undefined;
}

/**
 * A project's progress: its own for a project without parts, else its parts' progress weighted by
 * their weights (rolled up through every level, as Decidim's results do).
 */
export function rolledProgress(project: ProjectRow, all: ProjectRow[]): number {
  const parts = all.filter((p) => p.parentId === project.id);
  if (parts.length === 0) return project.progress;
  const weight = parts.reduce((sum, p) => sum + p.weight, 0);
  if (weight === 0) return 0;
  return Math.round(parts.reduce((sum, p) => sum + rolledProgress(p, all) * p.weight, 0) / weight);
}

async function unknownCases(db: Executor, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), inArray(cases.id, ids)));
  return ids.flatMap((id, i) =>
    found.some((c) => c.id === id) ? [] : [councilIssue(`caseIds.${i}`, 'council.case_unknown')],
  );
}

/** An adopted proposal becomes a project with an owner, a budget, weighted parts and milestones. */
export async function createProject(ctx: ServiceContext, proposalId: string, input: NewProject) {
  refuseUnsafeText({
    title: input.title ?? '',
    owner: input.owner,
    ...Object.fromEntries(input.parts.map((p, i) => [`parts.${i}.title`, p.title])),
    ...Object.fromEntries(input.milestones.map((m, i) => [`milestones.${i}.title`, m.title])),
  });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const proposal = await lockProposal(tx, ctx.tenant.id, proposalId);
    const council = await councilFor(tx, ctx, proposal.councilId, 'council.manage');
    if (proposal.status !== 'decided') throw councilErrors.proposalStatus(proposal.status, ['decided']);
    const [existing] = await tx
      .select({ id: councilProjects.id })
      .from(councilProjects)
      .where(eq(councilProjects.proposalId, proposal.id));
    if (existing) throw councilErrors.projectExists();
    const issues = await unknownCases(tx, ctx.tenant.id, input.caseIds ?? []);
    if (issues.length > 0) throw councilErrors.invalid(issues);
    const base = { tenantId: ctx.tenant.id, councilId: council.id, createdAt: ctx.now() };
    const [project] = await tx
      .insert(councilProjects)
      .values({
        ...base,
        proposalId: proposal.id,
        title: input.title ?? proposal.title,
        owner: input.owner,
        budgetYuan: input.budgetYuan,
        caseIds: input.caseIds ?? [],
      })
      .returning();
    if (!project) throw new Error('project insert returned nothing');
    if (input.parts.length > 0)
      await tx.insert(councilProjects).values(
        input.parts.map((part) => ({
          ...base,
          parentId: project.id,
          title: part.title,
          owner: part.owner ?? input.owner,
          weight: part.weight,
          budgetYuan: part.budgetYuan ?? 0,
        })),
      );
    if (input.milestones.length > 0)
      await tx.insert(councilMilestones).values(
        input.milestones.map((m) => ({
          tenantId: ctx.tenant.id,
          projectId: project.id,
          title: m.title,
          dueOn: m.dueOn,
        })),
      );
    await recordAudit(
      ctx,
      tx,
      'council.project_create',
      { type: 'council_project', id: project.id },
      {
        proposalId: proposal.id,
        budgetYuan: input.budgetYuan,
        parts: input.parts.length,
        milestones: input.milestones.length,
      },
    );
    return project;
  });
}

/** A project (or part) reports progress, milestones reached and the cases it is linked to. */
export async function updateProject(ctx: ServiceContext, projectId: string, input: ProjectUpdate) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [project] = await tx
      .select()
      .from(councilProjects)
      .where(and(eq(councilProjects.tenantId, ctx.tenant.id), eq(councilProjects.id, projectId)))
      .for('update');
    if (!project) throw councilErrors.projectNotFound();
    await councilFor(tx, ctx, project.councilId, 'council.manage');
    const issues = await unknownCases(tx, ctx.tenant.id, input.caseIds ?? []);
    if (input.progress !== undefined) {
      const [part] = await tx
        .select({ id: councilProjects.id })
        .from(councilProjects)
        .where(eq(councilProjects.parentId, project.id));
      if (part) issues.push(councilIssue('progress', 'council.project_has_parts'));
    }
    const milestones = await tx
      .select()
      .from(councilMilestones)
      .where(eq(councilMilestones.projectId, project.id));
    (input.milestonesDone ?? []).forEach((m, i) => {
      if (!milestones.some((own) => own.id === m.id))
        issues.push(councilIssue(`milestonesDone.${i}.id`, 'council.milestone_unknown'));
    });
    if (issues.length > 0) throw councilErrors.invalid(issues);
    const changes = {
      ...(input.progress !== undefined ? { progress: input.progress } : {}),
      ...(input.caseIds ? { caseIds: input.caseIds } : {}),
    };
    if (Object.keys(changes).length > 0)
      await tx.update(councilProjects).set(changes).where(eq(councilProjects.id, project.id));
    for (const m of input.milestonesDone ?? [])
      await tx.update(councilMilestones).set({ doneOn: m.doneOn }).where(eq(councilMilestones.id, m.id));
    await recordAudit(
      ctx,
      tx,
      'council.project_update',
      { type: 'council_project', id: project.id },
      {
        ...(input.progress !== undefined ? { progress: input.progress } : {}),
        milestonesDone: (input.milestonesDone ?? []).length,
        ...(input.caseIds ? { caseIds: input.caseIds } : {}),
      },
    );
    return project.id;
  });
}

/** The project tree a project sits at the top of, with milestones and its rolled-up progress. */
export async function loadProject(db: Executor, tenantId: string, project: ProjectRow) {
  const all = await db
    .select()
    .from(councilProjects)
    .where(and(eq(councilProjects.tenantId, tenantId), eq(councilProjects.councilId, project.councilId)))
    .orderBy(asc(councilProjects.createdAt), asc(councilProjects.title));
  const parts = all.filter((p) => p.parentId === project.id);
  const milestones = await db
    .select()
    .from(councilMilestones)
    .where(eq(councilMilestones.projectId, project.id))
    .orderBy(asc(councilMilestones.dueOn));
  return {
    project,
    progress: rolledProgress(project, all),
    parts: parts.map((part) => ({ part, progress: rolledProgress(part, all) })),
    milestones,
  };
}

export async function readProject(ctx: ServiceContext, projectId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [project] = await tx
      .select()
      .from(councilProjects)
      .where(and(eq(councilProjects.tenantId, ctx.tenant.id), eq(councilProjects.id, projectId)));
    if (!project) throw councilErrors.projectNotFound();
    await councilFor(tx, ctx, project.councilId, 'council.read');
    return loadProject(tx, ctx.tenant.id, project);
  });
}

export interface NewReview {
  projectId?: string | undefined;
  reporterName: string;
  reporterRole: string;
  subject: string;
  rating: (typeof REVIEW_RATINGS)[number];
}

/** 述职评议: at a review meeting, who reported on what, and the council's rating. */
export async function recordReview(ctx: ServiceContext, meetingId: string, input: NewReview) {
  refuseUnsafeText({
    reporterName: input.reporterName,
    reporterRole: input.reporterRole,
    subject: input.subject,
  });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { meeting, council } = await meetingFor(tx, ctx, meetingId, 'council.record');
    if (!council.rules.cycle.find((s) => s.key === meeting.kind)?.reviews)
      throw councilErrors.meetingDoesNotReview();
    if (input.projectId) {
      const [project] = await tx
        .select({ id: councilProjects.id })
        .from(councilProjects)
        .where(and(eq(councilProjects.councilId, council.id), eq(councilProjects.id, input.projectId)));
      if (!project) throw councilErrors.invalid([councilIssue('projectId', 'council.project_not_found')]);
    }
    const [review] = await tx
      .insert(councilReviews)
      .values({
        tenantId: ctx.tenant.id,
        councilId: council.id,
        meetingId: meeting.id,
        projectId: input.projectId ?? null,
        reporterName: input.reporterName,
        reporterRole: input.reporterRole,
        subject: input.subject,
        rating: input.rating,
        createdAt: ctx.now(),
      })
      .returning();
    if (!review) throw new Error('review insert returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.review_record',
      { type: 'council_review', id: review.id },
      {
        meetingId: meeting.id,
        projectId: input.projectId ?? null,
        rating: input.rating,
      },
    );
    return review;
  });
}
