import { and, asc, eq } from 'drizzle-orm';
import { orgUnits, publishedStaff } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { bilingual } from '../platform/bilingual';
import { todayIn } from '../platform/dates';
import { type Transaction, withTenant } from '../platform/db';
import { MOBILE_IN_TEXT } from '../platform/phone-numbers';
import { refuseUnsafeText } from '../platform/text';
import { statusErrors } from './public-site.errors';

export type StaffListingRow = typeof publishedStaff.$inferSelect;

/** Levels staff may be listed on: a community (or its equivalent) or a grid inside one. */
export const LISTABLE_LEVELS = ['community', 'residents_committee', 'grid'];

export interface StaffListingInput {
  orgUnitId: string;
  grid?: { zh: string; en: string } | undefined;
  name: string;
  role: { zh: string; en: string };
  department?: { zh: string; en: string } | undefined;
  contact?: string | undefined;
  position?: number | undefined;
  sample?: boolean | undefined;
}

/**
 * A mainland mobile number (1[3-9]x xxxx xxxx, with or without +86 and separators). The listing is
 * published on the open web, and a mobile number is in practice a person's own phone (personal
 * information under PIPL), so it is refused as a "work contact": publish an office line or extension.
 */
export function looksLikeMobile(contact: string): boolean {
  return MOBILE_IN_TEXT.test(contact);
}

function checkContact(contact: string | undefined) {
  if (contact && looksLikeMobile(contact)) throw statusErrors.staffContactPersonal();
}

async function checkUnit(tx: Transaction, ctx: ServiceContext, orgUnitId: string) {
  const [unit] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, orgUnitId)));
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  if (!unit || !LISTABLE_LEVELS.includes(unit.level) || (unit.validTo !== null && unit.validTo <= today))
    throw statusErrors.staffUnitInvalid();
  // Listing is maintained by whoever administers that part of the city.
  await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id, orgUnitId });
}

function columns(input: StaffListingInput) {
  return {
    orgUnitId: input.orgUnitId,
    gridZh: input.grid?.zh ?? '',
    gridEn: input.grid?.en ?? '',
    name: input.name,
    roleZh: input.role.zh,
    roleEn: input.role.en,
    departmentZh: input.department?.zh ?? '',
    departmentEn: input.department?.en ?? '',
    contact: input.contact ?? '',
    position: input.position ?? 0,
    sample: input.sample ?? false,
  };
}

/** A listing is published by name: none of its texts may carry control or direction characters. */
function refuseUnsafeListing(input: Partial<StaffListingInput>) {
  refuseUnsafeText({
    name: input.name,
    role: input.role,
    grid: input.grid,
    department: input.department,
    contact: input.contact,
  });
}

export async function listStaffListings(ctx: ServiceContext, orgUnitId?: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    return tx
      .select()
      .from(publishedStaff)
      .where(
        and(
          eq(publishedStaff.tenantId, ctx.tenant.id),
          orgUnitId ? eq(publishedStaff.orgUnitId, orgUnitId) : undefined,
        ),
      )
      .orderBy(asc(publishedStaff.orgUnitId), asc(publishedStaff.position), asc(publishedStaff.name))
      .limit(2000);
  });
}

export async function createStaffListing(ctx: ServiceContext, input: StaffListingInput) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    // The city's model decides whether grid staff are listed by name at all (Jinjiang's does not).
    if (!ctx.tenant.structure.mechanisms.gridRealNameListing) throw statusErrors.staffNotPublished();
    await checkUnit(tx, ctx, input.orgUnitId);
    checkContact(input.contact);
    refuseUnsafeListing(input);
    const now = ctx.now();
    const [row] = await tx
      .insert(publishedStaff)
      .values({ tenantId: ctx.tenant.id, ...columns(input), createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'staff_listing.create',
        targetType: 'staff_listing',
        targetId: row.id,
        details: { orgUnitId: row.orgUnitId, name: row.name, role: row.roleZh },
      },
      now,
    );
    return row;
  });
}

export async function updateStaffListing(ctx: ServiceContext, id: string, patch: Partial<StaffListingInput>) {
  refuseUnsafeListing(patch);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    const [current] = await tx
      .select()
      .from(publishedStaff)
      .where(and(eq(publishedStaff.tenantId, ctx.tenant.id), eq(publishedStaff.id, id)))
      .for('update');
    if (!current) throw statusErrors.staffNotFound();
    const merged: StaffListingInput = {
      orgUnitId: patch.orgUnitId ?? current.orgUnitId,
      grid: patch.grid ?? bilingual(current, 'grid'),
      name: patch.name ?? current.name,
      role: patch.role ?? bilingual(current, 'role'),
      department: patch.department ?? bilingual(current, 'department'),
      contact: patch.contact ?? current.contact,
      position: patch.position ?? current.position,
      sample: patch.sample ?? current.sample,
    };
    await checkUnit(tx, ctx, merged.orgUnitId);
    if (patch.contact !== undefined) checkContact(patch.contact);
    const now = ctx.now();
    const [row] = await tx
      .update(publishedStaff)
      .set({ ...columns(merged), updatedAt: now })
      .where(eq(publishedStaff.id, id))
      .returning();
    if (!row) throw new Error('update returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'staff_listing.update',
        targetType: 'staff_listing',
        targetId: id,
        details: { fields: Object.keys(patch).sort() },
      },
      now,
    );
    return row;
  });
}

export async function deleteStaffListing(ctx: ServiceContext, id: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .delete(publishedStaff)
      .where(and(eq(publishedStaff.tenantId, ctx.tenant.id), eq(publishedStaff.id, id)))
      .returning();
    if (!row) throw statusErrors.staffNotFound();
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'staff_listing.delete',
        targetType: 'staff_listing',
        targetId: id,
        details: { orgUnitId: row.orgUnitId, name: row.name },
      },
      ctx.now(),
    );
  });
}
