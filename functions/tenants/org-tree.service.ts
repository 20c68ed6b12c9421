import type { Transaction } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import type { ReformInput, UnitInput } from './onboarding.schema';
import {
  closeUnits,
  findReformByCode,
  insertLineage,
  insertReform,
  insertUnits,
  loadAllUnits,
  type OrgUnitRow,
  type ReformRow,
} from './org-units.repository';
import type { StructureConfig } from './structure.schema';
import { tenantsIssue as issue } from './tenants.errors';

/** What the rules need to know of a unit, whether stored already or about to be. */
interface UnitState {
  code: string;
  level: string;
  parentCode: string | undefined;
  validFrom: string | null;
  validTo: string | null;
}

/** The tenant's tree held in memory while a change is checked (trees are thousands of units, not millions). */
export class TreeModel {
  readonly byCode = new Map<string, UnitState & { id?: string }>();
  readonly idByCode = new Map<string, string>();

  constructor(readonly structure: StructureConfig) {}

  static async load(tx: Transaction, tenantId: string, structure: StructureConfig): Promise<TreeModel> {
    const model = new TreeModel(structure);
    const rows = await loadAllUnits(tx, tenantId);
    const codeById = new Map(rows.map((row) => [row.id, row.code]));
    for (const row of rows) {
      model.byCode.set(row.code, {
        id: row.id,
        code: row.code,
        level: row.level,
        parentCode: row.parentId ? codeById.get(row.parentId) : undefined,
        validFrom: row.validFrom,
        validTo: row.validTo,
      });
      model.idByCode.set(row.code, row.id);
    }
    return model;
  }

  level(key: string) {
    return this.structure.levels.find((level) => level.key === key);
  }

  existsOn(unit: UnitState, day: string | null): boolean {
    const started = unit.validFrom === null || (day !== null && unit.validFrom <= day);
    const notEnded = unit.validTo === null || (day !== null && unit.validTo > day);
    return started && notEnded;
  }
}

/**
 * Checks a batch of new units against the structure and the tree: unique codes, a level of this
 * structure, a parent of an allowed level that exists when the unit starts, exactly one root.
 */
function checkNewUnits(
  model: TreeModel,
  units: { input: Omit<UnitInput, 'validFrom'>; validFrom: string | null; path: string }[],
  options: { allowHistorical: boolean },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const batch = new Map<string, UnitState>();
  for (const { input, validFrom, path } of units) {
    if (model.byCode.has(input.code) || batch.has(input.code)) {
      issues.push(issue(`${path}.code`, 'org_unit.code_used', { code: input.code }));
      continue;
    }
    batch.set(input.code, {
      code: input.code,
      level: input.level,
      parentCode: input.parent,
      validFrom,
      validTo: null,
    });
  }
  const rootLevels = new Set<string>(
    model.structure.levels.filter((level) => level.parents.length === 0).map((l) => l.key),
  );
  let roots = [...model.byCode.values()].filter((unit) => rootLevels.has(unit.level)).length;
  for (const { input, validFrom, path } of units) {
    const level = model.level(input.level);
    if (!level) {
      issues.push(issue(`${path}.level`, 'org_unit.level_unknown', { level: input.level }));
      continue;
    }
    if (level.historical && !options.allowHistorical) {
      issues.push(issue(`${path}.level`, 'org_unit.level_abolished', { level: input.level }));
    }
    if (level.parents.length === 0) {
      if (input.parent)
        issues.push(issue(`${path}.parent`, 'org_unit.root_has_parent', { level: input.level }));
      roots += 1;
      if (roots > 1) issues.push(issue(`${path}.level`, 'org_unit.one_root', { level: input.level }));
      continue;
    }
    if (!input.parent) {
      issues.push(
        issue(`${path}.parent`, 'org_unit.parent_required', { level: input.level, allowed: level.parents }),
      );
      continue;
    }
    const parent = batch.get(input.parent) ?? model.byCode.get(input.parent);
    if (!parent) {
      issues.push(issue(`${path}.parent`, 'org_unit.parent_unknown', { code: input.parent }));
      continue;
    }
    if (!(level.parents as readonly string[]).includes(parent.level)) {
      issues.push(
        issue(`${path}.parent`, 'org_unit.parent_level', {
          level: input.level,
          parentLevel: parent.level,
          allowed: level.parents,
        }),
      );
      continue;
    }
    if (parent.validTo !== null && (validFrom === null || parent.validTo <= validFrom)) {
      issues.push(issue(`${path}.parent`, 'org_unit.parent_gone', { code: input.parent }));
    } else if (validFrom !== null && parent.validFrom !== null && parent.validFrom > validFrom) {
      issues.push(issue(`${path}.parent`, 'org_unit.parent_not_yet', { code: input.parent }));
    }
  }
  return issues;
}

/** Parents before children, so one multi-row insert can resolve parent ids as it goes. */
function orderParentsFirst<T extends { input: { code: string; parent?: string | undefined } }>(
  units: T[],
): T[][] {
  const pending = new Map(units.map((unit) => [unit.input.code, unit]));
  const waves: T[][] = [];
  const placed = new Set<string>();
  while (pending.size > 0) {
    const wave = [...pending.values()].filter(
      (unit) => !unit.input.parent || !pending.has(unit.input.parent) || placed.has(unit.input.parent),
    );
    if (wave.length === 0) throw new Error('cycle in unit parents');
    for (const unit of wave) {
      pending.delete(unit.input.code);
      placed.add(unit.input.code);
    }
    waves.push(wave);
  }
  return waves;
}

async function writeUnits(
  tx: Transaction,
  tenantId: string,
  model: TreeModel,
  units: { input: Omit<UnitInput, 'validFrom'>; validFrom: string | null }[],
  openedByReformId: string | null,
): Promise<OrgUnitRow[]> {
  const written: OrgUnitRow[] = [];
  for (const wave of orderParentsFirst(units)) {
    const rows = await insertUnits(
      tx,
      wave.map(({ input, validFrom }) => ({
        tenantId,
        code: input.code,
        level: input.level,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        parentId: input.parent ? (model.idByCode.get(input.parent) ?? null) : null,
        validFrom,
        openedByReformId,
        sample: input.sample,
        attributes: input.attributes,
      })),
    );
    for (const row of rows) {
      model.idByCode.set(row.code, row.id);
      model.byCode.set(row.code, {
        id: row.id,
        code: row.code,
        level: row.level,
        parentCode: wave.find((unit) => unit.input.code === row.code)?.input.parent,
        validFrom: row.validFrom,
        validTo: null,
      });
    }
    written.push(...rows);
  }
  return written;
}

/** Adds units to the tree (onboarding, or growing it later). Throws the issues it finds, all of them. */
export async function addUnits(
  tx: Transaction,
  tenantId: string,
  model: TreeModel,
  units: UnitInput[],
  path: string,
  fail: (issues: FieldIssue[]) => Error,
): Promise<OrgUnitRow[]> {
  const planned = units.map((input, index) => ({
    input,
    validFrom: input.validFrom ?? null,
    path: `${path}.${index}`,
  }));
  const issues = checkNewUnits(model, planned, { allowHistorical: true });
  if (issues.length > 0) throw fail(issues);
  return writeUnits(tx, tenantId, model, planned, null);
}

/** A reform as written, with how many units of each level it closed and opened. */
export interface AppliedReform {
  reform: ReformRow;
  closed: Record<string, number>;
  opened: Record<string, number>;
}

/**
 * A reform: on one date the listed units close and new ones open, with lineage recording which
 * became which. Checked in full before anything is written; the caller's transaction makes it atomic.
 */
export async function applyReform(
  tx: Transaction,
  tenantId: string,
  model: TreeModel,
  input: ReformInput,
  path: string,
  fail: (issues: FieldIssue[]) => Error,
): Promise<AppliedReform> {
  const prefix = path ? `${path}.` : '';
  const issues: FieldIssue[] = [];
  const day = input.effectiveOn;
  if (await findReformByCode(tx, tenantId, input.code)) {
    issues.push(issue(`${prefix}code`, 'reform.code_used', { code: input.code }));
  }
  const closing = new Set<string>();
  const closeProblem = (code: string, path: string): FieldIssue | undefined => {
    const unit = model.byCode.get(code);
    if (!unit) return issue(path, 'org_unit.code_unknown', { code });
    if (closing.has(code)) return issue(path, 'reform.close_listed_twice', { code });
    if (unit.validTo !== null) return issue(path, 'reform.close_already_closed', { code, on: unit.validTo });
    if (unit.validFrom !== null && unit.validFrom >= day)
      return issue(path, 'reform.close_not_open_yet', { code, on: unit.validFrom });
    return undefined;
  };
  input.closes.forEach((code, index) => {
    const problem = closeProblem(code, `${prefix}closes.${index}`);
    if (problem) issues.push(problem);
    else closing.add(code);
  });
  const opening = input.opens.map((unit, index) => ({
    input: unit,
    validFrom: day,
    path: `${prefix}opens.${index}`,
  }));
  issues.push(...checkNewUnits(model, opening, { allowHistorical: false }));
  opening.forEach(({ input: unit, path: where }) => {
    if (unit.parent && closing.has(unit.parent)) {
      issues.push(issue(`${where}.parent`, 'reform.parent_closed', { code: unit.parent }));
    }
  });
  // No unit may be left open under a parent this reform closes.
  for (const unit of model.byCode.values()) {
    if (!unit.parentCode || !closing.has(unit.parentCode) || closing.has(unit.code)) continue;
    if (!model.existsOn(unit, day)) continue;
    const index = input.closes.indexOf(unit.parentCode);
    issues.push(
      issue(`${prefix}closes.${index}`, 'reform.child_left_open', {
        parent: unit.parentCode,
        child: unit.code,
      }),
    );
  }
  const openingCodes = new Set(input.opens.map((unit) => unit.code));
  const withPredecessor = new Set<string>();
  input.lineage.forEach((link, index) => {
    if (!input.closes.includes(link.from)) {
      issues.push(issue(`${prefix}lineage.${index}.from`, 'reform.lineage_not_closed', { code: link.from }));
    }
    if (!openingCodes.has(link.to)) {
      issues.push(issue(`${prefix}lineage.${index}.to`, 'reform.lineage_not_opened', { code: link.to }));
    }
    withPredecessor.add(link.to);
  });
  if (input.closes.length > 0) {
    input.opens.forEach((unit, index) => {
      if (!withPredecessor.has(unit.code)) {
        issues.push(issue(`${prefix}opens.${index}`, 'reform.no_predecessor', { code: unit.code }));
      }
    });
  }
  if (issues.length > 0) throw fail(issues);

  const reform = await insertReform(tx, {
    tenantId,
    code: input.code,
    effectiveOn: day,
    datePrecision: input.datePrecision,
    titleZh: input.title.zh,
    titleEn: input.title.en,
    summaryZh: input.summary?.zh ?? '',
    summaryEn: input.summary?.en ?? '',
    source: input.source,
  });
  const closingIds = [...closing].map((code) => model.idByCode.get(code) as string);
  await closeUnits(tx, tenantId, closingIds, day, reform.id);
  for (const code of closing) {
    const unit = model.byCode.get(code);
    if (unit) unit.validTo = day;
  }
  await writeUnits(tx, tenantId, model, opening, reform.id);
  const seen = new Set<string>();
  await insertLineage(
    tx,
    input.lineage
      .filter((link) => {
        const key = `${link.from}>${link.to}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((link) => ({
        tenantId,
        reformId: reform.id,
        predecessorId: model.idByCode.get(link.from) as string,
        successorId: model.idByCode.get(link.to) as string,
      })),
  );
  const count = (levels: string[]) => {
    const counts: Record<string, number> = {};
    for (const level of levels) counts[level] = (counts[level] ?? 0) + 1;
    return counts;
  };
  return {
    reform,
    closed: count([...closing].map((code) => model.byCode.get(code)?.level ?? 'unknown')),
    opened: count(input.opens.map((unit) => unit.level)),
  };
}
