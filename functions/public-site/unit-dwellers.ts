import { publishedStaff } from '../../schema';
import { columnDweller } from '../platform/unit-dwellers';

/** The grid-staff listing published for a unit follows it when a reform closes it. */
export const publicSiteDwellers = [columnDweller('staff_listing', publishedStaff, publishedStaff.orgUnitId)];
