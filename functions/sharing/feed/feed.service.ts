import { and, asc, eq, gt, lte, max, sql } from 'drizzle-orm';
import { changeEvents } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { todayIn } from '../../platform/dates';
import { type Transaction, withTenant } from '../../platform/db';
import { type CatalogField, loadCatalog } from '../catalog/catalog.service';
import { type ReadScope, readableByResident, readScope } from '../registry/readable';

export interface FeedEvent {
  seq: number;
  kind: string;
  residentId: string;
  domain: string;
  fields: string[];
  version: number;
  occurredAt: string;
}

/** Who reads, worked out once: the catalog and the fields the caller may read, where. */
interface Reader {
  scope: ReadScope;
  catalog: CatalogField[];
}

async function reader(tx: Transaction, ctx: ServiceContext): Promise<Reader> {
  await authorize(tx, ctx.actor, 'feed.read', { tenantId: ctx.tenant.id });
  const catalog = await loadCatalog(tx, ctx.tenant.id);
  const scope = await readScope(
    tx,
    ctx.tenant.id,
    ctx.actor,
    catalog,
    todayIn(ctx.tenant.timezone, ctx.now()),
  );
  return { scope, catalog };
}

/**
 * Events after `after` (and at most up to `through`), each showing only the fields the reader may
 * read; an event with none left is left out. The cursor moves past filtered events too, so nobody
 * re-reads what they may not see.
 */
async function visibleAfter(
  tx: Transaction,
  ctx: ServiceContext,
  who: Reader,
  after: number,
  limit: number,
  through?: number,
): Promise<{ items: FeedEvent[]; nextCursor: number; read: number }> {
  const rows = await tx
    .select()
    .from(changeEvents)
    .where(
      and(
        eq(changeEvents.tenantId, ctx.tenant.id),
        gt(changeEvents.seq, after),
        through === undefined ? undefined : lte(changeEvents.seq, through),
      ),
    )
    .orderBy(asc(changeEvents.seq))
    .limit(limit);
  const visibleFor = await readableByResident(
    tx,
    ctx.tenant.id,
    who.scope,
    who.catalog,
    rows.map((row) => row.residentId),
  );
  const items: FeedEvent[] = [];
  for (const row of rows) {
    const visible = visibleFor(row.residentId);
    const fields = row.fields.filter((name) => visible.has(name));
    if (fields.length === 0) continue;
    items.push({
      seq: row.seq,
      kind: row.kind,
      residentId: row.residentId,
      domain: row.domainKey,
      fields,
      version: row.version,
      occurredAt: row.occurredAt.toISOString(),
    });
  }
  return { items, nextCursor: rows.at(-1)?.seq ?? after, read: rows.length };
}

/** The change feed: events after the cursor, showing only fields the caller may read. */
export async function readFeed(ctx: ServiceContext, after: number, limit: number) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { items, nextCursor } = await visibleAfter(tx, ctx, await reader(tx, ctx), after, limit);
    return { items, nextCursor };
  });
}

/**
 * A batch of the stream as NDJSON lines. Where the caller reads the same fields of every resident
 * (no grant limited to part of the tree, no staff units) the filtering and the lines are made in
 * the one statement that reads the events — the stream then costs about what reading the rows
 * costs; otherwise each event is filtered by its resident's unit, as the pages do.
 */
async function visibleLinesAfter(
  tx: Transaction,
  ctx: ServiceContext,
  who: Reader,
  after: number,
  through: number,
): Promise<{ lines: string; nextCursor: number; read: number }> {
  if (who.scope.underUnit.length > 0 || who.scope.staffUnits.length > 0) {
    const page = await visibleAfter(tx, ctx, who, after, STREAM_BATCH, through);
    let lines = '';
    for (const event of page.items) lines += `${JSON.stringify(event)}\n`;
    return { lines, nextCursor: page.nextCursor, read: page.read };
  }
  const readable = `{${[...who.scope.everywhere].map((name) => JSON.stringify(name)).join(',')}}`;
  // Kinds are two fixed words and ids UUIDs; the domain and the fields are quoted as JSON (to_json,
  // array_to_json). The line is put together as text, cheaper than json_build_object.
  const result = await tx.execute(sql`
    with page as (
      select seq, kind, resident_id, domain_key, version, occurred_at,
             case when fields <@ ${readable}::text[] then fields
                  else array(select f from unnest(fields) with ordinality as u(f, n)
                             where f = any(${readable}::text[]) order by n) end as shown
      from change_events
      where tenant_id = ${ctx.tenant.id} and seq > ${after} and seq <= ${through}
      order by seq limit ${STREAM_BATCH})
    select max(seq)::text as last, count(*)::int as read,
           coalesce(string_agg(
             '{"seq":' || seq || ',"kind":"' || kind || '","residentId":"' || resident_id ||
             '","domain":' || to_json(domain_key)::text || ',"fields":' || array_to_json(shown)::text ||
             ',"version":' || version || ',"occurredAt":"' ||
             to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'"}\n',
             '' order by seq) filter (where cardinality(shown) > 0), '') as lines
    from page`);
  const [row] = (result as unknown as { rows: { last: string | null; read: number; lines: string }[] }).rows;
  return { lines: row?.lines ?? '', nextCursor: row?.last ? Number(row.last) : after, read: row?.read ?? 0 };
}

/** Events per statement of a stream. */
export const STREAM_BATCH = 10_000;

/**
 * The change feed from a cursor to the feed's head as it is when the stream opens, in batches: the
 * caller is authorized and their readable fields worked out once, when the stream opens (a grant
 * revoked meanwhile takes effect on the next stream or page), then each batch is one short
 * transaction. The same events, fields and order as the pages give (`readFeed`).
 */
export async function openFeedStream(ctx: ServiceContext, after: number) {
  const opened = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const who = await reader(tx, ctx);
    const [row] = await tx
      .select({ head: max(changeEvents.seq) })
      .from(changeEvents)
      .where(eq(changeEvents.tenantId, ctx.tenant.id));
    return { who, head: Number(row?.head ?? 0) };
  });
  let cursor = after;
  async function* batches(): AsyncGenerator<string> {
    while (cursor < opened.head) {
      const batch = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
        visibleLinesAfter(tx, ctx, opened.who, cursor, opened.head),
      );
      cursor = batch.nextCursor;
      if (batch.lines) yield batch.lines;
      if (batch.read === 0) break;
    }
  }
  return { batches: batches(), nextCursor: () => Math.max(cursor, after) };
}
