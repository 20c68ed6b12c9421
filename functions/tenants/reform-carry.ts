import type { Transaction } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import type { UnitDweller } from '../platform/unit-dwellers';
import type { ReformInput } from './onboarding.schema';
import type { TreeModel } from './org-tree.service';
import { tenantsIssue as issue } from './tenants.errors';

/** What lives on one closing unit, and the successor it moves to (null: none could be chosen). */
export interface CarryEntry {
  from: string;
  to: string | null;
  /** By dweller key (`residents`, `roles`, …): how many live on the unit. Only non-zero counts. */
  counts: Record<string, number>;
}

/**
 * What the reform must carry: for each unit it closes, who lives there and where they go — the one
 * successor in the lineage, or the link marked `carry` when the unit is split among several. A unit
 * with dwellers and no such successor is an issue: the reform is refused until the lineage says.
 */
export async function planCarry(
  tx: Transaction,
  tenantId: string,
  model: TreeModel,
  input: ReformInput,
  dwellers: readonly UnitDweller[],
): Promise<{ entries: CarryEntry[]; issues: FieldIssue[] }> {
  const closing = input.closes
    .map((code, index) => ({ code, index, id: model.idByCode.get(code) }))
    .filter((unit): unit is { code: string; index: number; id: string } => Boolean(unit.id));
  const counts = await Promise.all(
    dwellers.map(async (dweller) => ({
      key: dweller.key,
      byUnit: await dweller.count(
        tx,
        tenantId,
        closing.map((unit) => unit.id),
      ),
    })),
  );
  const entries: CarryEntry[] = [];
  const issues: FieldIssue[] = [];
  for (const unit of closing) {
    const found: Record<string, number> = {};
    for (const { key, byUnit } of counts) {
      const n = byUnit.get(unit.id) ?? 0;
      if (n > 0) found[key] = n;
    }
    const total = Object.values(found).reduce((sum, n) => sum + n, 0);
    if (total === 0) continue;
    const links = input.lineage.filter((link) => link.from === unit.code);
    const marked = links.filter((link) => link.carry);
    const to = links.length === 1 ? links[0]?.to : marked.length === 1 ? marked[0]?.to : undefined;
    entries.push({ from: unit.code, to: to ?? null, counts: found });
    if (links.length === 0)
      issues.push(
        issue(`closes.${unit.index}`, 'reform.carry_no_successor', { code: unit.code, count: total }),
      );
    else if (!to)
      issues.push(
        issue(`closes.${unit.index}`, 'reform.carry_ambiguous', {
          code: unit.code,
          count: total,
          successors: links.map((link) => link.to),
        }),
      );
  }
  return { entries, issues };
}

/** Moves every dweller of each planned unit to its successor (after the successors were written). */
export async function carryAlong(
  tx: Transaction,
  tenantId: string,
  model: TreeModel,
  entries: CarryEntry[],
  dwellers: readonly UnitDweller[],
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const entry of entries) {
    const fromId = model.idByCode.get(entry.from);
    const toId = entry.to ? model.idByCode.get(entry.to) : undefined;
    if (!fromId || !toId) continue;
    for (const dweller of dwellers) {
      if (!entry.counts[dweller.key]) continue;
      moved[dweller.key] = (moved[dweller.key] ?? 0) + (await dweller.move(tx, tenantId, fromId, toId));
    }
  }
  return moved;
}
