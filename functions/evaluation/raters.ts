import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  departments,
  type EvaluationScheme,
  evaluationStations,
  orgUnits,
  type PartCode,
  type SubjectKind,
} from '../../schema';
import type { Transaction } from '../platform/db';

export interface SubjectRef {
  kind: SubjectKind;
  orgUnitId: string | null;
  departmentId: string | null;
  stationId: string | null;
}

export interface Rater {
  part: PartCode;
  raterUnitId: string | null;
  raterDepartmentId: string | null;
}

interface Tree {
  units: Map<string, { id: string; level: string; parentId: string | null }>;
  children: Map<string, string[]>;
  byLevel: Map<string, string[]>;
  departments: string[];
  stations: Map<string, { hostUnitId: string; departmentId: string }>;
}

/** The city's open units, departments and stations, read once per campaign. */
export async function loadTree(tx: Transaction, tenantId: string): Promise<Tree> {
  const units = await tx
    .select({ id: orgUnits.id, level: orgUnits.level, parentId: orgUnits.parentId })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), isNull(orgUnits.validTo)));
  const tree: Tree = {
    units: new Map(),
    children: new Map(),
    byLevel: new Map(),
    departments: [],
    stations: new Map(),
  };
  for (const unit of units) {
    tree.units.set(unit.id, unit);
    if (unit.parentId)
      tree.children.set(unit.parentId, [...(tree.children.get(unit.parentId) ?? []), unit.id]);
    tree.byLevel.set(unit.level, [...(tree.byLevel.get(unit.level) ?? []), unit.id]);
  }
  const rows = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.tenantId, tenantId));
  tree.departments = rows.map((row) => row.id);
  const stations = await tx
    .select({
      id: evaluationStations.id,
      hostUnitId: evaluationStations.hostUnitId,
      departmentId: evaluationStations.departmentId,
    })
    .from(evaluationStations)
    .where(eq(evaluationStations.tenantId, tenantId));
  for (const station of stations) tree.stations.set(station.id, station);
  return tree;
}

/** Units of the given levels among a unit's children (the level below, as the scheme names it). */
const below = (tree: Tree, unitId: string, levels: string[]) =>
  (tree.children.get(unitId) ?? []).filter((id) => levels.includes(tree.units.get(id)?.level ?? ''));

const byUnit = (part: PartCode, ids: string[]): Rater[] =>
  ids.map((id) => ({ part, raterUnitId: id, raterDepartmentId: null }));
const byDepartment = (part: PartCode, ids: string[]): Rater[] =>
  ids.map((id) => ({ part, raterUnitId: null, raterDepartmentId: id }));

/** Who rates a unit (grid, community, street): its parent from above, the units below it, departments. */
function unitRaters(tree: Tree, scheme: EvaluationScheme, unitId: string, part: PartCode): Rater[] {
  const parent = tree.units.get(unitId)?.parentId;
  if (part === 'from_above') return parent ? byUnit(part, [parent]) : [];
  if (part === 'from_below') return byUnit(part, below(tree, unitId, scheme.belowLevels));
  if (part === 'department') return byDepartment(part, tree.departments);
  return [];
}

/**
 * The raters of a subject for one part, derived from the org tree and the stations: upward (the
 * units below), downward (the unit or level above), the host of a stationed agency, the agency's
 * department. A subject never rates itself: its own unit and its own department are left out.
 */
export function ratersFor(
  tree: Tree,
  scheme: EvaluationScheme,
  subject: SubjectRef,
  part: PartCode,
): Rater[] {
  if (part === 'measured' || part === 'survey') return [];
  const station = subject.stationId ? tree.stations.get(subject.stationId) : undefined;
  let raters: Rater[] = [];
  if (station) {
    if (part === 'host') raters = byUnit(part, [station.hostUnitId]);
    else if (part === 'department') raters = byDepartment(part, [station.departmentId]);
    else raters = unitRaters(tree, scheme, station.hostUnitId, part);
  } else if (subject.kind === 'department') {
    if (part === 'from_above') raters = byUnit(part, tree.byLevel.get(scheme.aboveLevel) ?? []);
    if (part === 'from_below')
      raters = byUnit(
        part,
        scheme.belowLevels.flatMap((level) => tree.byLevel.get(level) ?? []),
      );
  } else if (subject.orgUnitId) {
    raters = unitRaters(tree, scheme, subject.orgUnitId, part);
  }
  return raters.filter(
    (rater) =>
      (rater.raterUnitId === null || rater.raterUnitId !== subject.orgUnitId) &&
      (rater.raterDepartmentId === null || rater.raterDepartmentId !== subject.departmentId),
  );
}

export async function stationsExist(tx: Transaction, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(evaluationStations)
    .where(and(eq(evaluationStations.tenantId, tenantId), inArray(evaluationStations.id, ids)));
}
