import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db';

/**
 * The three loops, on each city's own tree: a grid's (or courtyard's) micro-loop, the community's
 * or street's small loop with the departments' stationed agencies, the district's big loop; the
 * city above them all. Guiyang goes grid → community → district; Jinjiang courtyard → community →
 * street → district. Levels the loops skip (residents' committees, buildings) are passed over.
 */
export const LOOP_OF_LEVEL: Record<string, 'micro' | 'small' | 'big' | 'city'> = {
  grid: 'micro',
  courtyard: 'micro',
  community: 'small',
  street: 'small',
  district: 'big',
  city: 'city',
};

export type Loop = (typeof LOOP_OF_LEVEL)[string];

export interface LineageUnit {
  id: string;
  level: string;
  depth: number;
}

/** The unit and its ancestors, nearest first, with their levels. */
export async function lineageOf(db: Executor, tenantId: string, unitId: string): Promise<LineageUnit[]> {
  const result = await db.execute(sql`
    with recursive up as (
      select id, parent_id, level, 0 as depth from org_units where tenant_id = ${tenantId} and id = ${unitId}
      union all
      select u.id, u.parent_id, u.level, up.depth + 1 from org_units u join up on u.id = up.parent_id
      where u.tenant_id = ${tenantId}
    )
    select id, level, depth from up order by depth`);
  return (result as unknown as { rows: LineageUnit[] }).rows;
}

/** The nearest unit (the unit itself included) that runs a loop, and its loop. */
export function loopUnit(lineage: LineageUnit[], atLeast: Loop = 'micro'): LineageUnit | undefined {
  const order: Loop[] = ['micro', 'small', 'big', 'city'];
  return lineage.find((unit) => {
    const loop = LOOP_OF_LEVEL[unit.level];
    return loop !== undefined && order.indexOf(loop) >= order.indexOf(atLeast);
  });
}

/** The next unit up that runs a loop, above `currentId` in the lineage; undefined at the top. */
export function nextLevelUp(lineage: LineageUnit[], currentId: string): LineageUnit | undefined {
  const index = lineage.findIndex((unit) => unit.id === currentId);
  return lineage.slice(index + 1).find((unit) => LOOP_OF_LEVEL[unit.level] !== undefined);
}
