import { roleGrants } from '../../schema';
import { columnDweller } from '../platform/unit-dwellers';

/** Staff roles held over a unit follow it when a reform closes it. */
export const identityDwellers = [columnDweller('roles', roleGrants, roleGrants.orgUnitId)];
