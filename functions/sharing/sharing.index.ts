import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { withTenant } from '../platform/db';
import { errors } from '../platform/errors';
import { resolveTenant } from '../platform/tenancy';
import * as catalogRoutes from './catalog/catalog.routes';
import { loadCatalog } from './catalog/catalog.service';
import { addCatalogField, updateCatalogField } from './catalog/catalog-admin.service';
import * as correctionRoutes from './corrections/corrections.routes';
import {
  type CorrectionRow,
  decideCorrection,
  fileCorrection,
  listCorrections,
} from './corrections/corrections.service';
import * as feedRoutes from './feed/feed.routes';
import { readFeed } from './feed/feed.service';
import * as grantRoutes from './grants/grants.routes';
import { decideGrant, type GrantRow, listGrants, requestGrant, revokeGrant } from './grants/grants.service';
import { bulkPush, getImportJob, type ImportJob } from './imports/bulk.service';
import * as importRoutes from './imports/imports.routes';
import { accessReport } from './registry/access.service';
import { verifyAccessLogAs } from './registry/access-seal.service';
import { pushFacet } from './registry/facets.service';
import { getResident } from './registry/pull.service';
import * as sharingRoutes from './registry/registry.routes';
import { registerResident, searchResidents } from './registry/residents.service';
import { verifyResident } from './registry/verify.service';

const routes = {
  ...sharingRoutes,
  ...catalogRoutes,
  ...grantRoutes,
  ...feedRoutes,
  ...importRoutes,
  ...correctionRoutes,
};

import {
  createSubscription,
  deliveriesOf,
  listSubscriptions,
  replaySubscription,
} from './feed/webhooks.service';

export const sharingRouter = createRouter();

function presentGrant(grant: GrantRow) {
  return {
    id: grant.id,
    departmentId: grant.departmentId,
    fields: grant.fields,
    purpose: grant.purpose,
    legalBasis: grant.legalBasis,
    validFrom: grant.validFrom,
    validTo: grant.validTo,
    orgUnitId: grant.orgUnitId,
    status: grant.status,
    ownerApproved: grant.ownerApprovedAt !== null,
    cityApproved: grant.cityApprovedAt !== null,
    replyBy: grant.replyBy.toISOString(),
    reason: grant.reason,
  };
}

sharingRouter.openapi(routes.catalogRoute, async (c) => {
  const db = c.get('db');
  const tenant = await resolveTenant(db, c.req.valid('param').tenant);
  const catalog = await withTenant({ db, tenantId: tenant.id }, (tx) => loadCatalog(tx, tenant.id));
  const domains = new Map<
    string,
    { key: string; ownerDepartmentId: string; fields: ReturnType<typeof toField>[] }
  >();
  function toField(field: (typeof catalog)[number]) {
    const { key, name, type, sensitivity, sharingClass, legalBasis } = field;
    return { key, name, type, sensitivity, sharingClass, legalBasis };
  }
  for (const field of catalog) {
    const domain = domains.get(field.domainKey) ?? {
      key: field.domainKey,
      ownerDepartmentId: field.ownerDepartmentId,
      fields: [],
    };
    domain.fields.push(toField(field));
    domains.set(field.domainKey, domain);
  }
  return c.json({ domains: [...domains.values()] }, 200);
});

sharingRouter.openapi(routes.registerResidentRoute, async (c) => {
  const result = await registerResident(actingContext(c), c.req.valid('json'));
  return c.json(result, 201);
});

sharingRouter.openapi(routes.getResidentRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await getResident(actingContext(c), id, c.req.valid('header')['x-purpose']), 200);
});

sharingRouter.openapi(routes.searchResidentsRoute, async (c) => {
  const ctx = actingContext(c);
  const items = await searchResidents(ctx, c.req.valid('query'), c.req.valid('header')['x-purpose']);
  return c.json({ items }, 200);
});

sharingRouter.openapi(routes.pushFacetRoute, async (c) => {
  const { id, domain } = c.req.valid('param');
  const headers = c.req.valid('header');
  const ifMatch = headers['if-match'] ? Number(headers['if-match'].replace(/\D/g, '')) : undefined;
  const result = await pushFacet(actingContext(c), id, domain, c.req.valid('json'), {
    ifMatch,
    idempotencyKey: headers['idempotency-key'],
  });
  c.header('ETag', `"${result.body.version}"`);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return result.status === 201 ? c.json({ ...result.body }, 201) : c.json({ ...result.body }, 200);
});

sharingRouter.openapi(routes.feedRoute, async (c) => {
  const query = c.req.valid('query');
  return c.json(await readFeed(actingContext(c), query.after, query.limit), 200);
});

sharingRouter.openapi(routes.requestGrantRoute, async (c) => {
  const grant = await requestGrant(actingContext(c), c.req.valid('json'));
  return c.json(presentGrant(grant), 201);
});

sharingRouter.openapi(routes.listGrantsRoute, async (c) => {
  const grants = await listGrants(actingContext(c));
  return c.json({ items: grants.map(presentGrant) }, 200);
});

sharingRouter.openapi(routes.decideGrantRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentGrant(await decideGrant(actingContext(c), id, c.req.valid('json'))), 200);
});

sharingRouter.openapi(routes.revokeGrantRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentGrant(await revokeGrant(actingContext(c), id)), 200);
});

sharingRouter.openapi(routes.verifyAccessLogRoute, async (c) => {
  const result = await verifyAccessLogAs(actingContext(c));
  return c.json(
    {
      ok: result.ok,
      seals: result.seals,
      sealedRows: result.sealedRows,
      pendingRows: result.pendingRows,
      problems: result.problems,
    },
    200,
  );
});

sharingRouter.openapi(routes.accessReportRoute, async (c) => {
  const { id } = c.req.valid('param');
  const rows = await accessReport(actingContext(c), id);
  return c.json(
    {
      items: rows.map(({ entry, departmentZh, departmentEn }) => ({
        at: entry.occurredAt.toISOString(),
        actorKind: entry.actorKind,
        actorId: entry.actorId,
        department: departmentZh && departmentEn ? { zh: departmentZh, en: departmentEn } : null,
        fields: entry.fields,
        purpose: entry.purpose,
        operation: entry.operation,
        unmaskedIdNumber: entry.unmaskedIdNumber,
      })),
    },
    200,
  );
});

sharingRouter.openapi(routes.verifyRoute, async (c) => {
  const ctx = actingContext(c);
  return c.json(await verifyResident(ctx, c.req.valid('json'), c.req.valid('header')['x-purpose']), 200);
});

function presentJob(job: ImportJob) {
  return {
    id: job.id,
    status: job.status,
    format: job.format,
    chunkSize: job.chunkSize,
    linesRead: job.linesRead,
    linesApplied: job.linesApplied,
    linesFailed: job.linesFailed,
    chunksCommitted: job.chunksCommitted,
    chunksRolledBack: job.chunksRolledBack,
    committedThroughLine: job.committedThroughLine,
    failures: job.failures,
  };
}

sharingRouter.openapi(routes.bulkPushRoute, async (c) => {
  const query = c.req.valid('query');
  const body = c.req.raw.body;
  if (!body) throw errors.invalidRequest([{ path: '(body)', message: 'the file is empty' }]);
  const job = await bulkPush(
    actingContext(c),
    {
      format: query.format,
      domainKey: query.domain,
      chunkSize: query.chunkSize,
      sourceSystem: query.sourceSystem,
      resumeJobId: query.resume,
    },
    body,
  );
  return c.json(presentJob(job), 200);
});

sharingRouter.openapi(routes.importJobRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentJob(await getImportJob(actingContext(c), id)), 200);
});

function presentWebhook(row: {
  id: string;
  url: string;
  status: 'active' | 'disabled';
  fannedOutThrough: number;
}) {
  return { id: row.id, url: row.url, status: row.status, fannedOutThrough: row.fannedOutThrough };
}

sharingRouter.openapi(routes.createWebhookRoute, async (c) => {
  const created = await createSubscription(actingContext(c), c.req.valid('json'), {
    // plain http and local receivers only where the receiver is the developer's own machine
    allowLocalReceivers: c.get('config').appEnv !== 'production',
  });
  return c.json({ ...presentWebhook(created.subscription), secret: created.secret }, 201);
});

sharingRouter.openapi(routes.listWebhooksRoute, async (c) => {
  const rows = await listSubscriptions(actingContext(c));
  return c.json(
    { items: rows.map((row) => ({ ...presentWebhook(row.subscription), deliveries: row.deliveries })) },
    200,
  );
});

sharingRouter.openapi(routes.replayWebhookRoute, async (c) => {
  const { id } = c.req.valid('param');
  const row = await replaySubscription(actingContext(c), id, c.req.valid('json').after);
  return c.json(presentWebhook(row), 200);
});

sharingRouter.openapi(routes.webhookDeliveriesRoute, async (c) => {
  const { id } = c.req.valid('param');
  const rows = await deliveriesOf(actingContext(c), id, c.req.valid('query').status);
  return c.json(
    {
      items: rows.map((row) => ({
        eventSeq: row.eventSeq,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt.toISOString(),
        lastError: row.lastError,
      })),
    },
    200,
  );
});

function presentCorrection(row: CorrectionRow) {
  return {
    id: row.id,
    residentId: row.residentId,
    field: row.field,
    proposedValue: row.proposedValue,
    reason: row.reason,
    status: row.status,
    replyBy: row.replyBy.toISOString(),
    decisionReason: row.decisionReason,
  };
}

sharingRouter.openapi(routes.fileCorrectionRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentCorrection(await fileCorrection(actingContext(c), id, c.req.valid('json'))), 201);
});

sharingRouter.openapi(routes.listCorrectionsRoute, async (c) => {
  const rows = await listCorrections(actingContext(c), c.req.valid('query').status);
  return c.json({ items: rows.map(presentCorrection) }, 200);
});

sharingRouter.openapi(routes.decideCorrectionRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentCorrection(await decideCorrection(actingContext(c), id, c.req.valid('json'))), 200);
});

function presentField(
  field:
    | {
        key: string;
        nameZh: string;
        nameEn: string;
        type: 'string' | 'number' | 'boolean' | 'date';
        sensitivity: 'low' | 'medium' | 'high';
        sharingClass: 'open' | 'conditional' | 'none';
        legalBasis: string;
      }
    | undefined,
) {
  if (!field) throw new Error('no field');
  const { key, type, sensitivity, sharingClass, legalBasis } = field;
  return { key, name: { zh: field.nameZh, en: field.nameEn }, type, sensitivity, sharingClass, legalBasis };
}

sharingRouter.openapi(routes.updateCatalogFieldRoute, async (c) => {
  const { domain, field } = c.req.valid('param');
  const result = await updateCatalogField(actingContext(c), domain, field, c.req.valid('json'));
  return c.json({ field: presentField(result.field), version: result.version }, 200);
});

sharingRouter.openapi(routes.addCatalogFieldRoute, async (c) => {
  const { domain } = c.req.valid('param');
  const result = await addCatalogField(actingContext(c), domain, c.req.valid('json'));
  return c.json({ field: presentField(result.field), version: result.version }, 201);
});
