import { inArray } from 'drizzle-orm';
import { dataGrants, residents } from '../../schema';
import { columnDweller } from '../platform/unit-dwellers';

/** Residents' addresses and grants limited to a unit follow it when a reform closes it (decided grants' history stays). */
export const sharingDwellers = [
  columnDweller('residents', residents, residents.addressUnitId),
  columnDweller(
    'grants',
    dataGrants,
    dataGrants.orgUnitId,
    inArray(dataGrants.status, ['pending', 'approved']),
  ),
];
