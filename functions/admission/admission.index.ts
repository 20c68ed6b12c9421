import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { authorize } from '../auth/authorize';
import { todayIn } from '../platform/dates';
import { withTenant } from '../platform/db';
import { resolveTenant } from '../platform/tenancy';
import { presentAgreement, presentApplication, presentWorkItem } from './admission.presenters';
import * as routes from './admission.routes';
import { publicAdmission } from './admission-public.service';
import { configureProcedure, nameReviewer, readProcedure } from './admission-steps.service';
import * as agreementRoutes from './agreements.routes';
import { agreementsOf, draftAgreement, signAgreement } from './agreements.service';
import {
  decideApplication,
  listApplications,
  readApplication,
  reviewApplication,
  submitApplication,
} from './applications.service';
import { declineWork } from './enforcement.service';
import { communityTotals, fundingLedger, recordPayment } from './funding.service';
import { createWorkItem, listWorkItems, revokeWorkItem, updateWorkItem } from './work-items.service';

/** Work admission: the lists, applications, agreements, funding and enforcement — thin handlers over the verbs. */
export const admissionRouter = createRouter();

const yearOf = (c: { get: (key: 'now') => () => Date }, tenant: { timezone: string }, year?: number) =>
  year ?? Number(todayIn(tenant.timezone, c.get('now')()).slice(0, 4));

function presentStep(step: Awaited<ReturnType<typeof readProcedure>>['steps'][number]) {
  return {
    key: step.key,
    kind: step.kind,
    position: step.position,
    actor: { zh: step.actorZh, en: step.actorEn },
    action: { zh: step.actionZh, en: step.actionEn },
    workingDays: step.workingDays,
  };
}

admissionRouter.openapi(routes.listWorkItemsRoute, async (c) => {
  const db = c.get('db');
  const tenant = await resolveTenant(db, c.req.valid('param').tenant);
  const query = c.req.valid('query');
  const rows = await listWorkItems(
    { db, tenant, now: c.get('now') },
    { ...(query.list ? { lists: [query.list] } : {}), includeRevoked: query.includeRevoked === 'true' },
  );
  return c.json({ items: rows.map(presentWorkItem) }, 200);
});

admissionRouter.openapi(routes.createWorkItemRoute, async (c) => {
  return c.json(presentWorkItem(await createWorkItem(actingContext(c), c.req.valid('json'))), 201);
});

admissionRouter.openapi(routes.updateWorkItemRoute, async (c) => {
  const row = await updateWorkItem(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentWorkItem(row), 200);
});

admissionRouter.openapi(routes.revokeWorkItemRoute, async (c) => {
  const row = await revokeWorkItem(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentWorkItem(row), 200);
});

admissionRouter.openapi(routes.getProcedureRoute, async (c) => {
  const ctx = actingContext(c);
  await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    authorize(tx, ctx.actor, 'admission.read', { tenantId: ctx.tenant.id }),
  );
  const procedure = await readProcedure(ctx);
  return c.json({ ...procedure, steps: procedure.steps.map(presentStep) }, 200);
});

admissionRouter.openapi(routes.configureProcedureRoute, async (c) => {
  const ctx = actingContext(c);
  await configureProcedure(ctx, c.req.valid('json'));
  const procedure = await readProcedure(ctx);
  return c.json({ ...procedure, steps: procedure.steps.map(presentStep) }, 200);
});

admissionRouter.openapi(routes.nameReviewerRoute, async (c) => {
  const row = await nameReviewer(actingContext(c), c.req.valid('json'));
  return c.json({ id: row.id, stepKey: row.stepKey, userId: row.userId, orgUnitId: row.orgUnitId }, 201);
});

admissionRouter.openapi(routes.listApplicationsRoute, async (c) => {
  const ctx = actingContext(c);
  await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    authorize(tx, ctx.actor, 'admission.read', { tenantId: ctx.tenant.id }),
  );
  const rows = await listApplications(ctx, c.req.valid('query'));
  return c.json({ items: rows.map((row) => presentApplication(row)) }, 200);
});

admissionRouter.openapi(routes.submitApplicationRoute, async (c) => {
  return c.json(presentApplication(await submitApplication(actingContext(c), c.req.valid('json'))), 201);
});

admissionRouter.openapi(routes.getApplicationRoute, async (c) => {
  const { row, reviews } = await readApplication(actingContext(c), c.req.valid('param').id);
  return c.json(presentApplication(row, reviews), 200);
});

admissionRouter.openapi(routes.reviewApplicationRoute, async (c) => {
  const ctx = actingContext(c);
  const id = c.req.valid('param').id;
  await reviewApplication(ctx, id, c.req.valid('json'));
  const { row, reviews } = await readApplication(ctx, id);
  return c.json(presentApplication(row, reviews), 200);
});

admissionRouter.openapi(routes.decideApplicationRoute, async (c) => {
  const ctx = actingContext(c);
  const id = c.req.valid('param').id;
  await decideApplication(ctx, id, c.req.valid('json'));
  const { row, reviews } = await readApplication(ctx, id);
  return c.json(presentApplication(row, reviews), 200);
});

admissionRouter.openapi(routes.declineWorkRoute, async (c) => {
  const row = await declineWork(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ id: row.id, status: row.status, version: row.version }, 200);
});

admissionRouter.openapi(agreementRoutes.listAgreementsRoute, async (c) => {
  const ctx = actingContext(c);
  const query = c.req.valid('query');
  const rows = await agreementsOf(ctx, {
    orgUnitId: query.orgUnitId,
    year: yearOf(c, ctx.tenant, query.year),
  });
  return c.json({ items: rows.map((entry) => presentAgreement(entry.row, entry.items)) }, 200);
});

admissionRouter.openapi(agreementRoutes.draftAgreementRoute, async (c) => {
  const ctx = actingContext(c);
  const row = await draftAgreement(ctx, c.req.valid('json'));
  const [entry] = await agreementsOf(ctx, { orgUnitId: row.orgUnitId, year: row.year });
  return c.json(presentAgreement(row, entry?.row.id === row.id ? entry.items : []), 201);
});

admissionRouter.openapi(agreementRoutes.signAgreementRoute, async (c) => {
  const ctx = actingContext(c);
  const row = await signAgreement(ctx, c.req.valid('param').id, c.req.valid('json').side);
  const entries = await agreementsOf(ctx, { orgUnitId: row.orgUnitId, year: row.year });
  return c.json(presentAgreement(row, entries.find((entry) => entry.row.id === row.id)?.items ?? []), 200);
});

admissionRouter.openapi(agreementRoutes.fundingRoute, async (c) => {
  const ctx = actingContext(c);
  await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    authorize(tx, ctx.actor, 'admission.read', { tenantId: ctx.tenant.id }),
  );
  const year = yearOf(c, ctx.tenant, c.req.valid('query').year);
  const lines = await fundingLedger(ctx, year);
  return c.json({ year, lines, communities: communityTotals(lines) }, 200);
});

admissionRouter.openapi(agreementRoutes.recordPaymentRoute, async (c) => {
  const row = await recordPayment(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ id: row.id, amountYuan: row.amountYuan, paidOn: row.paidOn }, 201);
});

admissionRouter.openapi(agreementRoutes.publicAdmissionRoute, async (c) => {
  const db = c.get('db');
  const tenant = await resolveTenant(db, c.req.valid('param').tenant);
  const model = await publicAdmission(
    { db, tenant, now: c.get('now') },
    yearOf(c, tenant, c.req.valid('query').year),
  );
  return c.json({ ...model, items: model.items.map(presentWorkItem) }, 200);
});
