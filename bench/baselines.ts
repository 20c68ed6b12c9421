/** What the benches share: the quantile of their latencies, and the pull's bare-SQL baseline. */
import type pg from 'pg';

export const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/**
 * Baseline 1 of a pull: the reads a pull needs at the least (the resident with its unit, its facets
 * with their domains) and the access-log write, one statement each, straight through `pool`; no
 * key, grant or catalog check. `table` is the access log or a copy of it.
 */
export function barePull(
  pool: pg.Pool,
  who: { tenantId: string; clientId: string; departmentId: string; fields: string[]; table?: string },
) {
  return async (residentId: string) => {
    await pool.query(
      'select r.*, u.name_zh, u.code from residents r join org_units u on u.id = r.address_unit_id where r.tenant_id = $1 and r.id = $2',
      [who.tenantId, residentId],
    );
    await pool.query(
      'select f.*, d.key from facets f join data_domains d on d.id = f.domain_id where f.tenant_id = $1 and f.resident_id = $2',
      [who.tenantId, residentId],
    );
    await pool.query(
      `insert into ${who.table ?? 'access_log'} (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields, purpose, unmasked_id_number, operation)
       values ($1, now(), 'api_client', $2, $3, $4, $5, 'bench', true, 'read')`,
      [who.tenantId, who.clientId, who.departmentId, residentId, who.fields],
    );
  };
}
