import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { bilingual } from '../platform/bilingual';
import { mapHost, unmapHost } from './hosts.service';
import { type IncidentWithUpdates, listIncidents, openIncident, updateIncident } from './incidents.service';
import { scheduleMaintenance } from './maintenances.service';
import * as routes from './public-site.routes';
import { dataLinks } from './public-site.service';
import {
  createStaffListing,
  deleteStaffListing,
  listStaffListings,
  type StaffListingRow,
  updateStaffListing,
} from './staff-listings.service';

/** Administrator JSON for the public site: incidents and the staff listing. */
export const statusRouter = createRouter();

export function presentIncident({ incident, updates }: IncidentWithUpdates) {
  return {
    id: incident.id,
    name: bilingual(incident),
    status: incident.status,
    impact: incident.impact,
    departmentIds: incident.departmentIds,
    automatic: incident.automatic,
    startedAt: incident.startedAt.toISOString(),
    monitoringAt: incident.monitoringAt?.toISOString() ?? null,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    scheduledFor: incident.scheduledFor?.toISOString() ?? null,
    scheduledUntil: incident.scheduledUntil?.toISOString() ?? null,
    updatedAt: incident.updatedAt.toISOString(),
    updates: updates.map((update) => ({
      id: update.id,
      status: update.status,
      body: bilingual(update, 'body'),
      affected: update.affected,
      createdAt: update.createdAt.toISOString(),
    })),
  };
}

export function presentStaffListing(row: StaffListingRow) {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    grid: bilingual(row, 'grid'),
    name: row.name,
    role: bilingual(row, 'role'),
    department: bilingual(row, 'department'),
    contact: row.contact,
    position: row.position,
    sample: row.sample,
  };
}

statusRouter.openapi(routes.listIncidentsRoute, async (c) => {
  const items = await listIncidents(actingContext(c));
  return c.json({ items: items.map(presentIncident) }, 200);
});

statusRouter.openapi(routes.openIncidentRoute, async (c) => {
  return c.json(presentIncident(await openIncident(actingContext(c), c.req.valid('json'))), 201);
});

statusRouter.openapi(routes.scheduleMaintenanceRoute, async (c) => {
  const input = c.req.valid('json');
  const scheduled = await scheduleMaintenance(actingContext(c), {
    ...input,
    scheduledFor: new Date(input.scheduledFor),
    scheduledUntil: new Date(input.scheduledUntil),
  });
  return c.json(presentIncident(scheduled), 201);
});

statusRouter.openapi(routes.updateIncidentRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentIncident(await updateIncident(actingContext(c), id, c.req.valid('json'))), 200);
});

statusRouter.openapi(routes.listStaffListingsRoute, async (c) => {
  const rows = await listStaffListings(actingContext(c), c.req.valid('query').orgUnitId);
  return c.json({ items: rows.map(presentStaffListing) }, 200);
});

statusRouter.openapi(routes.createStaffListingRoute, async (c) => {
  return c.json(presentStaffListing(await createStaffListing(actingContext(c), c.req.valid('json'))), 201);
});

statusRouter.openapi(routes.updateStaffListingRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(
    presentStaffListing(await updateStaffListing(actingContext(c), id, c.req.valid('json'))),
    200,
  );
});

statusRouter.openapi(routes.deleteStaffListingRoute, async (c) => {
  const { id } = c.req.valid('param');
  await deleteStaffListing(actingContext(c), id);
  return c.body(null, 204);
});

statusRouter.openapi(routes.mapHostRoute, async (c) => {
  const row = await mapHost(actingContext(c), c.req.valid('json').host);
  return c.json({ host: row.host }, 201);
});

statusRouter.openapi(routes.unmapHostRoute, async (c) => {
  await unmapHost(actingContext(c), c.req.valid('param').host);
  return c.body(null, 204);
});

statusRouter.openapi(routes.listDataLinksRoute, async (c) => {
  const model = await dataLinks(actingContext(c));
  return c.json(
    {
      items: model.components.map((component) => ({
        departmentId: component.departmentId,
        key: component.key,
        name: component.name,
        status: component.status,
        signals: component.signals,
        statusSince: component.updatedAt.toISOString(),
      })),
      notConnected: model.notConnected,
    },
    200,
  );
});
