import { errorsOf } from '../platform/errors';
import { publicSiteMessages } from './public-site.messages';

const e = errorsOf(publicSiteMessages);

export const statusErrors = {
  incidentNotFound: () => e.notFound('incident.not_found'),
  incidentResolved: () => e.conflict('incident.resolved'),
  /** A maintenance takes maintenance statuses, an incident incident statuses. */
  statusOfOtherKind: (maintenance: boolean) =>
    e.unprocessable('incident.status_kind', {
      details: [e.issue('status', maintenance ? 'incident.maintenance_status' : 'incident.incident_status')],
    }),
  maintenanceWindow: (path: string) =>
    e.unprocessable('maintenance.window', { details: [e.issue(path, 'maintenance.window_order')] }),
  unknownDepartments: (paths: string[]) =>
    e.unprocessable('incident.unknown_departments', {
      details: paths.map((path) => e.issue(path, 'incident.not_a_department')),
    }),
  staffNotFound: () => e.notFound('staff_listing.not_found'),
  staffUnitInvalid: () =>
    e.unprocessable('staff_listing.unit_invalid', {
      details: [e.issue('orgUnitId', 'staff_listing.not_current_unit')],
    }),
  staffNotPublished: () => e.conflict('staff_listing.not_published'),
  staffContactPersonal: () =>
    e.unprocessable('staff_listing.personal_contact', {
      details: [e.issue('contact', 'staff_listing.mobile_number')],
    }),
  hostTaken: () => e.conflict('host.taken', { details: [e.issue('host', 'host.already_mapped')] }),
  hostNotFound: () => e.notFound('host.not_found'),
};
