import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { orgUnits } from './org-units';
import { tenants } from './tenants';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

/** A department's data set in the catalog (政务信息资源目录): one owner per domain, so one per field. */
export const dataDomains = pgTable(
  'data_domains',
  {
    id: id(),
    tenantId: tenantId(),
    key: text('key').notNull(),
    ownerDepartmentId: uuid('owner_department_id')
      .notNull()
      .references(() => departments.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [unique('data_domains_tenant_key').on(t.tenantId, t.key), tenantPolicy('data_domains')],
);

/**
 * The version of each city's catalog: a number bumped, by a trigger in the same transaction, on
 * every change to its domains or fields (migration 0030). The pull compares it with the version of
 * the catalog an isolate has cached (`catalogAtVersion`) by reading this one row, where it used to
 * digest every domain on every pull.
 */
export const catalogVersions = pgTable(
  'catalog_versions',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    version: bigint('version', { mode: 'number' }).notNull().default(1),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('catalog_versions')],
);

export const dataFields = pgTable(
  'data_fields',
  {
    id: id(),
    tenantId: tenantId(),
    domainId: uuid('domain_id')
      .notNull()
      .references(() => dataDomains.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    type: text('type', { enum: ['string', 'number', 'boolean', 'date'] }).notNull(),
    sensitivity: text('sensitivity', { enum: ['low', 'medium', 'high'] }).notNull(),
    sharingClass: text('sharing_class', { enum: ['open', 'conditional', 'none'] }).notNull(),
    legalBasis: text('legal_basis').notNull().default(''),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [unique('data_fields_domain_key').on(t.domainId, t.key), tenantPolicy('data_fields')],
);

/**
 * A person, registered once by the community ("collect once"). The ID number is stored encrypted
 * and found through a keyed hash (blind index); it is never stored in the clear.
 */
export const residents = pgTable(
  'residents',
  {
    id: id(),
    tenantId: tenantId(),
    idNumberEncrypted: text('id_number_encrypted').notNull(),
    idNumberIndex: text('id_number_index').notNull(),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: text('phone'),
    /** The grid (or courtyard/building) the address resolves to. */
    addressUnitId: uuid('address_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    room: text('room'),
    householdId: uuid('household_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    unique('residents_tenant_id_number').on(t.tenantId, t.idNumberIndex),
    index('residents_name_birth').on(t.tenantId, t.name, t.birthDate),
    index('residents_address').on(t.tenantId, t.addressUnitId),
    tenantPolicy('residents'),
  ],
);

/** One data domain's fields for one resident, written only by the domain's owner. */
export const facets = pgTable(
  'facets',
  {
    tenantId: tenantId(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    domainId: uuid('domain_id')
      .notNull()
      .references(() => dataDomains.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    sourceSystem: text('source_system').notNull(),
  },
  (t) => [primaryKey({ columns: [t.residentId, t.domainId] }), tenantPolicy('facets')],
);

/**
 * The change feed. `seq` is handed out under a per-tenant row lock held until commit, so sequence
 * order is commit order and a reader paging by `seq` never skips an event committed later.
 */
export const changeEvents = pgTable(
  'change_events',
  {
    tenantId: tenantId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    residentId: uuid('resident_id').notNull(),
    domainKey: text('domain_key').notNull(),
    fields: text('fields').array().notNull(),
    kind: text('kind', { enum: ['resident.registered', 'facet.updated'] }).notNull(),
    version: integer('version').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('change_events_time').on(t.tenantId, t.occurredAt),
    tenantPolicy('change_events'),
  ],
);

export const sequenceHeads = pgTable(
  'sequence_heads',
  {
    tenantId: tenantId(),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] }), tenantPolicy('sequence_heads')],
);

/** A department's request to read fields for a purpose, and the decisions on it. */
export const dataGrants = pgTable(
  'data_grants',
  {
    id: id(),
    tenantId: tenantId(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    /** `domain.field` names. */
    fields: text('fields').array().notNull(),
    /** Free text beside the purpose code (what the request said). */
    purpose: text('purpose').notNull(),
    /**
     * The city's purpose (`purposes.code`) the grant serves: reads naming another purpose get none
     * of its fields. NULL only on grants made before purposes had codes; those serve no read.
     */
    purposeCode: text('purpose_code'),
    /** `read` returns the fields; `verify` only answers yes/no questions about them. */
    kind: text('kind', { enum: ['read', 'verify'] })
      .notNull()
      .default('read'),
    legalBasis: text('legal_basis').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    /** Optional part of the tree the grant covers (a district); null for the whole city. */
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    status: text('status', { enum: ['pending', 'approved', 'refused', 'revoked'] }).notNull(),
    ownerApprovedAt: timestamp('owner_approved_at', { withTimezone: true }),
    cityApprovedAt: timestamp('city_approved_at', { withTimezone: true }),
    /**
     * By owning department id, the conditional fields it owns in this grant and its decision on
     * them (filled in when the grant is requested, so the owners are fixed at that moment).
     */
    ownerDecisions: jsonb('owner_decisions').$type<Record<string, OwnerDecision>>().notNull().default({}),
    /**
     * The fields this grant makes readable now: open ones at once, a conditional one once its
     * owner (and the city) approved. Reads use this, never `fields`.
     */
    readableFields: text('readable_fields').array().notNull().default(sql`'{}'::text[]`),
    replyBy: timestamp('reply_by', { withTimezone: true }).notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('data_grants_department').on(t.tenantId, t.departmentId, t.status),
    tenantPolicy('data_grants'),
  ],
);

/** One owning department's part of a grant: the fields it owns there and its decision on them. */
export interface OwnerDecision {
  fields: string[];
  /** null until the owner decides. */
  approve: boolean | null;
  reason: string | null;
  /** ISO timestamp of the decision. */
  at: string | null;
  /** Set when the owner withdrew an approval it had given (`approve` is then false). */
  withdrawnAt?: string | null;
}

/**
 * The purposes a city recognises (最低生活保障复核, 就业援助, …): a grant is made for one, and a
 * read names the one it serves.
 */
export const purposes = pgTable(
  'purposes',
  {
    id: id(),
    tenantId: tenantId(),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('purposes_tenant_code').on(t.tenantId, t.code), tenantPolicy('purposes')],
);

/** Retried writes: the same key and body replays the stored answer instead of applying twice. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    principalId: text('principal_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.principalId, t.key] }), tenantPolicy('idempotency_keys')],
);

/** Every read of personal data: who, whose, which fields, why. Append-only. */
export const accessLog = pgTable(
  'access_log',
  {
    tenantId: tenantId(),
    /**
     * From a plain sequence: unlike the change feed, the access log needs no commit-order
     * numbering, and a per-tenant counter would make every read of a city wait for the last.
     */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    departmentId: uuid('department_id'),
    residentId: uuid('resident_id').notNull(),
    fields: text('fields').array().notNull(),
    purpose: text('purpose').notNull(),
    /** The code of the purpose stated (NULL on rows from before purpose codes). */
    purposeCode: text('purpose_code'),
    unmaskedIdNumber: boolean('unmasked_id_number').notNull().default(false),
    operation: text('operation').notNull(),
    /** Random, per row: binds the MACs below to this row (a copied row repeats it). */
    nonce: text('nonce'),
    /** HMAC under the log key of who read whose data, when, why, how, and the nonce. */
    mac: text('mac'),
    /**
     * The fields read and whether the ID number was shown, under a key derived for this row alone
     * (see `accessRowMacs` in functions/sharing/ledger.ts): the pull statement computes it in SQL.
     * All three are NULL only on rows written before the log key (log_legacy_ends).
     */
    fieldsMac: text('fields_mac'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('access_log_resident').on(t.tenantId, t.residentId),
    // Statistics read the days not rolled up yet (see sharing_days) by time.
    index('access_log_time').on(t.tenantId, t.occurredAt),
    tenantPolicy('access_log'),
  ],
);

/** A request to correct a field, filed by anyone who can see it, decided by the field's owner. */
export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: id(),
    tenantId: tenantId(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    proposedValue: jsonb('proposed_value').notNull(),
    reason: text('reason').notNull(),
    filedByKind: text('filed_by_kind').notNull(),
    filedById: text('filed_by_id').notNull(),
    ownerDepartmentId: uuid('owner_department_id')
      .notNull()
      .references(() => departments.id),
    status: text('status', { enum: ['open', 'accepted', 'rejected'] })
      .notNull()
      .default('open'),
    replyBy: timestamp('reply_by', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('correction_requests_owner').on(t.tenantId, t.ownerDepartmentId, t.status),
    tenantPolicy('correction_requests'),
  ],
);

/**
 * Seals over the access log, one chain per tenant (invariant 7). The log itself takes no lock on
 * insert (pulls must not queue behind each other), so a sweep seals, per tenant and under the
 * tenant's seal lock, the rows above the last seal: each seal records the hash of those rows and
 * the previous seal's hash, under the log key. Verification recomputes every seal. Only
 * `shequ_access_seal` (migration 0017) writes seals.
 */
export const accessLogSeals = pgTable(
  'access_log_seals',
  {
    tenantId: tenantId(),
    /** 1, 2, 3, … per tenant. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
    rowCount: integer('row_count').notNull(),
    /** SHA-256 over the sealed rows' hashes, in access-log order. */
    rowsHash: text('rows_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    /**
     * The highest access-log row sealed so far (this seal's or an earlier one's): the next seal
     * takes only rows above it, so rows a removed seal covered are never sealed again.
     */
    throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
    /** HMAC under the log key (plain SHA-256 for seals before it, see log_legacy_ends). */
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] }), tenantPolicy('access_log_seals')],
);

/** Which seal covers each access-log row, with the row's own hash (so verify names the row). */
export const accessLogSealed = pgTable(
  'access_log_sealed',
  {
    tenantId: tenantId(),
    logSeq: bigint('log_seq', { mode: 'number' }).notNull(),
    sealSeq: bigint('seal_seq', { mode: 'number' }).notNull(),
    rowHash: text('row_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.logSeq] }),
    index('access_log_sealed_seal').on(t.tenantId, t.sealSeq),
    tenantPolicy('access_log_sealed'),
  ],
);
