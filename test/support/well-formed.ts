import type { TestDatabase } from './database';
import { idNumberFor } from './sharing';

/**
 * Request bodies that pass an operation's schema, built from its JSON Schema in `/openapi.json`,
 * so a hostile walk reaches the verbs instead of stopping at validation: each property gets its
 * example, its first choice, or a plain value of its type and format; an id (`format: uuid`) is a
 * row of the city. A walk then spoils one part at a time (another city's id, a random id, a NUL).
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Ids of every city-owned row, by table and city: what a body's ids are drawn from. */
export type RowIds = Map<string, { table: string; tenantId: string; id: string }[]>;

export async function rowIds(db: TestDatabase): Promise<RowIds> {
  const tables = await db.query<{ table_name: string }>(`
    select c.table_name from information_schema.columns c
      join information_schema.columns t on t.table_name = c.table_name and t.column_name = 'tenant_id'
     where c.table_schema = 'public' and c.column_name = 'id' and c.data_type = 'uuid'`);
  const byTable: RowIds = new Map();
  for (const { table_name: table } of tables) {
    const rows = await db.query<{ id: string; tenant_id: string }>(
      `select id, tenant_id from "${table}" where tenant_id is not null limit 40`,
    );
    byTable.set(
      table,
      rows.map((row) => ({ table, tenantId: row.tenant_id, id: row.id })),
    );
  }
  return byTable;
}

/** The table a field's id most likely names, by the field's name (`addressUnitId` → org units). */
const TABLE_BY_NAME: [RegExp, string][] = [
  [/unit|community|station|parent/i, 'org_units'],
  [/department/i, 'departments'],
  [/resident/i, 'residents'],
  [/case/i, 'cases'],
  [/member/i, 'council_members'],
  [/proposal/i, 'council_proposals'],
  [/council/i, 'councils'],
  [/campaign/i, 'evaluation_campaigns'],
  [/subject/i, 'evaluation_subjects'],
  [/category/i, 'case_categories'],
  [/workItem/i, 'work_items'],
  [/user|reviewer/i, 'users'],
];

/** An id for a field: a row of `tenantId`'s (or, with `other`, of any other city) in the table its name suggests. */
export function idFor(ids: RowIds, field: string, tenantId: string, other = false): string {
  const table = TABLE_BY_NAME.find(([pattern]) => pattern.test(field))?.[1];
  const candidates = [...(table ? (ids.get(table) ?? []) : []), ...[...ids.values()].flat()];
  const found = candidates.find((row) => (other ? row.tenantId !== tenantId : row.tenantId === tenantId));
  return found?.id ?? crypto.randomUUID();
}

/** Values the schema cannot describe (a checksummed number): well-formed by the field's name. */
const BY_NAME: Record<string, () => unknown> = {
  idNumber: () => idNumberFor('1984-05-06', 100 + Math.floor(Math.random() * 800)),
  email: () => `walk-${crypto.randomUUID().slice(0, 8)}@example.org`,
};

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  return resolve(components[schema.$ref.replace('#/components/schemas/', '')] ?? {}, components);
}

export interface Built {
  body: unknown;
  /** Dotted paths of the id fields, and of the free text fields, in the body. */
  ids: string[];
  texts: string[];
}

/** A body that passes the schema, with the paths of its ids and texts. */
export function wellFormed(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  pick: (field: string) => string,
): Built {
  const ids: string[] = [];
  const texts: string[] = [];
  const build = (raw: JsonSchema, path: string, name: string): unknown => {
    const s = resolve(raw, components);
    if (s.allOf?.[0]) return build({ ...s.allOf[0], ...s, allOf: undefined }, path, name);
    const choice = s.oneOf?.[0] ?? s.anyOf?.find((one) => resolve(one, components).type !== 'null');
    if (choice) return build(choice, path, name);
    const make = BY_NAME[name];
    if (make) return make();
    if (s.const !== undefined) return s.const;
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if (type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties ?? {}))
        out[key] = build(property, path ? `${path}.${key}` : key, key);
      return out;
    }
    if (type === 'array') {
      const count = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: count }, (_, index) => build(s.items ?? {}, `${path}.${index}`, name));
    }
    if (s.example !== undefined && s.format !== 'uuid') return s.example;
    if (s.default !== undefined) return s.default;
    if (type === 'integer' || type === 'number')
      return Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1, 1);
    if (type === 'boolean') return true;
    if (s.format === 'uuid') {
      ids.push(path);
      return pick(name);
    }
    if (s.format === 'date') return '2026-06-01';
    if (s.format === 'date-time') return '2026-06-01T08:00:00Z';
    if (s.format === 'email') return `walk@example.org`;
    if (s.format === 'uri' || s.format === 'url') return 'https://example.org/hook';
    if (s.pattern) return undefined;
    texts.push(path);
    return 'x'.repeat(Math.max(2, s.minLength ?? 2));
  };
  return { body: build(schema, '', ''), ids, texts };
}

/** The body with the value at a dotted path replaced. */
export function withValue(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let current: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) current = current[key] as Record<string, unknown>;
  current[keys.at(-1) as string] = value;
  return copy;
}
