import { actingContext, requireActor } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { todayIn } from '../platform/dates';
import { withTenant } from '../platform/db';
import { readBounded } from '../platform/http-body';
import {
  answerAcceptanceRequest,
  listAcceptanceRequests,
  raiseAcceptanceRequest,
} from './acceptance.service';
import { addCalendarDay, addPlatformCalendarDays, calendarCoverage } from './calendar.service';
import * as catalogRoutes from './case-catalog.routes';
import { createCategory, listCategories, updateCategory } from './case-catalog.service';
import {
  acceptCase,
  dispatchCase,
  escalateCase,
  evaluateCase,
  reportCase,
  verifyCase,
} from './case-handling.service';
import { listCases } from './case-lists.service';
import {
  addCasePhoto,
  listCasePhotos,
  PHOTO_MAX_BYTES,
  publishCasePhoto,
  readCasePhoto,
} from './case-photos.service';
import { casesErrors } from './cases.errors';
import {
  presentAcceptance,
  presentCase,
  presentCaseEvent,
  presentCategory,
  presentPhoto,
} from './cases.presenters';
import * as photoRoutes from './cases.routes';
import {
  acceptCaseRoute,
  collectCaseRoute,
  dispatchCaseRoute,
  escalateCaseRoute,
  evaluateCaseRoute,
  getCaseRoute,
  listCasesRoute,
  refuseCaseRoute,
  registerCaseRoute,
  reportCaseRoute,
  verifyCaseRoute,
} from './cases.routes';
import { collectCase, readCase, refuseCase, registerCase } from './cases.service';

/** Cases, the case catalog, the calendar and deadline-bound requests: thin handlers over the verbs. */
export const casesRouter = createRouter();

casesRouter.openapi(listCasesRoute, async (c) => {
  const page = await listCases(actingContext(c), c.req.valid('query'));
  return c.json(
    { items: page.items.map(presentCase), counts: page.counts, nextOffset: page.nextOffset },
    200,
  );
});

casesRouter.openapi(collectCaseRoute, async (c) => {
  return c.json(presentCase(await collectCase(actingContext(c), c.req.valid('json'))), 201);
});

casesRouter.openapi(getCaseRoute, async (c) => {
  const ctx = actingContext(c);
  const { row, events } = await readCase(ctx, c.req.valid('param').id);
  const photos = await listCasePhotos(ctx, row);
  return c.json(
    { ...presentCase(row), photos: photos.map(presentPhoto), timeline: events.map(presentCaseEvent) },
    200,
  );
});

casesRouter.openapi(registerCaseRoute, async (c) => {
  const body = c.req.valid('json') as { version?: number };
  return c.json(presentCase(await registerCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(refuseCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof refuseCase>[2];
  return c.json(presentCase(await refuseCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(dispatchCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof dispatchCase>[2];
  return c.json(presentCase(await dispatchCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(acceptCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof acceptCase>[2];
  return c.json(presentCase(await acceptCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(reportCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof reportCase>[2];
  return c.json(presentCase(await reportCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(verifyCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof verifyCase>[2];
  return c.json(presentCase(await verifyCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(evaluateCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof evaluateCase>[2];
  return c.json(presentCase(await evaluateCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(escalateCaseRoute, async (c) => {
  const body = c.req.valid('json') as Parameters<typeof escalateCase>[2];
  return c.json(presentCase(await escalateCase(actingContext(c), c.req.valid('param').id, body)), 200);
});

casesRouter.openapi(photoRoutes.addPhotoRoute, async (c) => {
  const read = await readBounded(c.req.raw, PHOTO_MAX_BYTES);
  if ('tooLarge' in read) throw casesErrors.photoTooLarge();
  const photo = await addCasePhoto(actingContext(c), c.get('blobs'), c.req.valid('param').id, {
    bytes: read.bytes,
    contentType: c.req.header('content-type') ?? '',
  });
  return c.json(presentPhoto(photo), 201);
});

casesRouter.openapi(photoRoutes.getPhotoRoute, async (c) => {
  const { id, photoId } = c.req.valid('param');
  const { photo, body } = await readCasePhoto(actingContext(c), c.get('blobs'), id, photoId);
  // Personal data: never cached by a shared cache, never sniffed into another type.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': photo.contentType,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    'content-disposition': 'inline',
  });
});

casesRouter.openapi(photoRoutes.publishPhotoRoute, async (c) => {
  const { id, photoId } = c.req.valid('param');
  return c.json(presentPhoto(await publishCasePhoto(actingContext(c), id, photoId)), 200);
});

casesRouter.openapi(catalogRoutes.listCategoriesRoute, async (c) => {
  const rows = await listCategories(actingContext(c));
  return c.json({ items: rows.map(presentCategory) }, 200);
});

casesRouter.openapi(catalogRoutes.createCategoryRoute, async (c) => {
  return c.json(presentCategory(await createCategory(actingContext(c), c.req.valid('json'))), 201);
});

casesRouter.openapi(catalogRoutes.updateCategoryRoute, async (c) => {
  const row = await updateCategory(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentCategory(row), 200);
});

casesRouter.openapi(catalogRoutes.calendarRoute, async (c) => {
  const ctx = actingContext(c);
  const coverage = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    calendarCoverage(tx, ctx.tenant.id, todayIn(ctx.tenant.timezone, ctx.now())),
  );
  return c.json({ timeZone: ctx.tenant.timezone, ...coverage }, 200);
});

casesRouter.openapi(catalogRoutes.addCalendarDayRoute, async (c) => {
  const row = await addCalendarDay(actingContext(c), c.req.valid('json'));
  return c.json({ day: row.day, kind: row.kind, note: row.note }, 201);
});

casesRouter.openapi(catalogRoutes.addPlatformCalendarDaysRoute, async (c) => {
  const rows = await addPlatformCalendarDays(
    { db: c.get('db'), actor: requireActor(c), now: c.get('now') },
    c.req.valid('json').days,
  );
  return c.json({ items: rows.map((row) => ({ day: row.day, kind: row.kind })) }, 201);
});

casesRouter.openapi(catalogRoutes.listAcceptanceRoute, async (c) => {
  const rows = await listAcceptanceRequests(actingContext(c));
  return c.json({ items: rows.map(presentAcceptance) }, 200);
});

casesRouter.openapi(catalogRoutes.raiseAcceptanceRoute, async (c) => {
  return c.json(presentAcceptance(await raiseAcceptanceRequest(actingContext(c), c.req.valid('json'))), 201);
});

casesRouter.openapi(catalogRoutes.answerAcceptanceRoute, async (c) => {
  const row = await answerAcceptanceRequest(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentAcceptance(row), 200);
});
