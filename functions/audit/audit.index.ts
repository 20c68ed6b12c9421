import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import * as routes from './audit.routes';
import { readAuditTrail, readCheckpoints, verifyAuditTrail } from './audit-trail.service';

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
  const result = await verifyAuditTrail(actingContext(c), c.req.valid('query').checkpoint);
  return c.json(
    { ok: result.ok, events: result.events, problems: result.problems, checkpoints: result.checkpoints },
    200,
  );
});

auditRouter.openapi(routes.listCheckpointsRoute, async (c) => {
  const query = c.req.valid('query');
  const items = await readCheckpoints(actingContext(c), { before: query.before, limit: query.limit });
  return c.json(
    {
      items: items.map((item) => ({
        seq: item.seq,
        madeAt: item.madeAt,
        audit: item.audit,
        accessLog: { seal: item.seals.seq, hash: item.seals.hash },
        token: item.token,
      })),
    },
    200,
  );
});
