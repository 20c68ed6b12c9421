import { notInArray } from 'drizzle-orm';
import { cases } from '../../schema';
import { columnDweller } from '../platform/unit-dwellers';

const open = notInArray(cases.status, ['refused', 'closed', 'evaluated']);

/**
 * Open cases follow the units a reform closes — where they happened, the level that owns them and the
 * unit handling them — so none is left with a closed unit; closed cases keep the unit of their time.
 */
export const caseDwellers = [
  columnDweller('open_cases', cases, cases.orgUnitId, open),
  columnDweller('open_cases_level', cases, cases.levelUnitId, open),
  columnDweller('open_cases_handler', cases, cases.handlerOrgUnitId, open),
];
