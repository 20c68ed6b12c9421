import { evaluationStations } from '../../schema';
import { columnDweller } from '../platform/unit-dwellers';

/**
 * A stationed agency follows its host when a reform closes the street or community it sits in;
 * campaigns, results and surveys keep the units of their time (they are sealed history).
 */
export const evaluationDwellers = [
  columnDweller('evaluation_stations', evaluationStations, evaluationStations.hostUnitId),
];
