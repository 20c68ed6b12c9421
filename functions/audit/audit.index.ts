import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import * as routes from './audit.routes';
import { readAuditTrail, verifyAuditTrail } from './audit-trail.service';

export const auditRouter = createRouter();

auditRouter.openapi(routes.listAuditRoute, async (c) => {
  const query = c.req.valid('query');
  const rows = await readAuditTrail(actingContext(c), { before: query.before, limit: query.limit });
  return c.json(
    {
      items: rows.map((row) => ({
        seq: row.seq,
        occurredAt: new Date(row.occurredAt).toISOString(),
        actorKind: row.actorKind,
        actorId: row.actorId,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        details: row.details,
        hash: row.hash,
      })),
    },
    200,
  );
});

auditRouter.openapi(routes.verifyAuditRoute, async (c) => {
  const result = await verifyAuditTrail(actingContext(c));
  return c.json({ ok: result.ok, events: result.events, problems: result.problems }, 200);
});
