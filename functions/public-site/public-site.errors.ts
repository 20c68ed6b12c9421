import { errors } from '../platform/errors';

export const statusErrors = {
  incidentNotFound: () => errors.notFound('incident.not_found', 'No such incident in this city.'),
  incidentResolved: () =>
    errors.conflict('incident.resolved', 'The incident is resolved; open a new one instead.'),
  unknownDepartments: (paths: string[]) =>
    errors.unprocessable(
      'incident.unknown_departments',
      'Some affected departments are not departments of this city.',
      paths.map((path) => ({ path, message: 'not a department of this city' })),
    ),
  staffNotFound: () => errors.notFound('staff_listing.not_found', 'No such staff listing in this city.'),
  staffUnitInvalid: () =>
    errors.unprocessable('staff_listing.unit_invalid', 'Staff are listed on a current community or grid.', [
      { path: 'orgUnitId', message: 'not a current community or grid of this city' },
    ]),
  staffNotPublished: () =>
    errors.conflict(
      'staff_listing.not_published',
      'This city does not publish a real-name listing of grid staff (its model says so); nothing added would be shown.',
    ),
  staffContactPersonal: () =>
    errors.unprocessable(
      'staff_listing.personal_contact',
      'A mobile number is not published as a work contact.',
      [
        {
          path: 'contact',
          message:
            'looks like a personal mobile number; give an office line or extension (e.g. 0851-8888 0001 分机 101)',
        },
      ],
    ),
};
