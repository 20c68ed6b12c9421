/** What a principal may do. Routes declare one; verbs check it against an org unit's subtree. */
export const ACTIONS = [
  'tenant.onboard',
  'structure.write',
  'org_unit.update',
  'staff.read',
  'users.manage',
  'roles.grant',
  'departments.manage',
  'api_keys.manage',
  'audit.read',
  'residents.register',
  'residents.read',
  'facets.write',
  'feed.read',
  'grants.request',
  'grants.decide',
  'access_log.read',
  'webhooks.manage',
  'catalog.manage',
  'status.manage',
  'cases.read',
  'cases.report',
  'cases.manage',
  'cases.handle',
  'case_catalog.manage',
  'acceptance.raise',
  'acceptance.answer',
  'calendar.manage',
  /** Residents' councils: read, run (councils, members, proposals' fate, projects), record meetings, propose, vote. */
  'council.read',
  'council.manage',
  'council.record',
  'council.propose',
  'council.vote',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLES = [
  'platform_administrator',
  'city_administrator',
  'district_administrator',
  'community_staff',
  'grid_worker',
  'department_officer',
  'council_member',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export type TenantRole = Exclude<Role, 'platform_administrator'>;
export const TENANT_ROLES = ROLES.filter((role): role is TenantRole => role !== 'platform_administrator');

/**
 * Role → actions, applied to the subtree of the unit the role is granted on. Separation of duties
 * (GB/T 39477): the auditor reads logs and changes nothing; no role can change the audit trail.
 */
export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  platform_administrator: ACTIONS,
  city_administrator: [
    'structure.write',
    'org_unit.update',
    'staff.read',
    'users.manage',
    'roles.grant',
    'departments.manage',
    'api_keys.manage',
    'audit.read',
    'residents.register',
    'grants.decide',
    'access_log.read',
    'catalog.manage',
    'status.manage',
    'cases.read',
    'cases.report',
    'cases.manage',
    'case_catalog.manage',
    'acceptance.raise',
    'council.read',
    'council.manage',
    'council.record',
  ],
  district_administrator: [
    'structure.write',
    'org_unit.update',
    'staff.read',
    'users.manage',
    'roles.grant',
    'cases.read',
    'cases.report',
    'cases.manage',
    'acceptance.raise',
    'council.read',
    'council.manage',
    'council.record',
  ],
  community_staff: [
    'org_unit.update',
    'staff.read',
    'residents.register',
    'residents.read',
    'facets.write',
    'cases.read',
    'cases.report',
    'cases.manage',
    'cases.handle',
    'acceptance.raise',
    'council.read',
    'council.manage',
    'council.record',
  ],
  grid_worker: [
    'org_unit.update',
    'staff.read',
    'residents.register',
    'residents.read',
    'facets.write',
    'cases.read',
    'cases.report',
    'cases.handle',
  ],
  // A department officer sees and handles only the cases and requests addressed to their department.
  department_officer: ['staff.read', 'cases.read', 'cases.report', 'cases.handle', 'acceptance.answer'],
  // A member's votes are theirs alone: `council.vote` also needs a seat on that community's council.
  council_member: ['council.read', 'council.propose', 'council.record', 'council.vote'],
  auditor: ['audit.read', 'access_log.read'],
};

/** The level of unit each role is granted on. */
export const ROLE_LEVELS: Record<TenantRole, readonly string[]> = {
  city_administrator: ['city'],
  district_administrator: ['district'],
  community_staff: ['community', 'street'],
  grid_worker: ['grid', 'courtyard', 'building'],
  department_officer: ['city', 'district'],
  council_member: ['community'],
  auditor: ['city'],
};

/** Which roles a holder of `roles.grant` may hand out (never their own rank or above, except city-wide). */
export const GRANTABLE: Partial<Record<Role, readonly TenantRole[]>> = {
  platform_administrator: TENANT_ROLES,
  city_administrator: TENANT_ROLES,
  district_administrator: ['community_staff', 'grid_worker', 'council_member'],
};

/** API-key scopes → actions. Departments act tenant-wide within their scopes. */
export const SCOPES = [
  'org_units:write',
  'staff:read',
  'audit:read',
  'residents:read',
  'residents:write',
  'feed:read',
  'grants:request',
  'grants:decide',
  'webhooks:manage',
  'cases:read',
  'cases:write',
  'cases:handle',
  /** An app posting residents' reports through Open311 (`api_key`); it reads nothing. */
  'open311:post',
] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_ACTIONS: Record<Scope, readonly Action[]> = {
  'org_units:write': ['org_unit.update'],
  'staff:read': ['staff.read'],
  'audit:read': ['audit.read'],
  'residents:read': ['residents.read'],
  'residents:write': ['facets.write'],
  'feed:read': ['feed.read'],
  'grants:request': ['grants.request'],
  'grants:decide': ['grants.decide'],
  'webhooks:manage': ['webhooks.manage'],
  'cases:read': ['cases.read'],
  'cases:write': ['cases.report'],
  'cases:handle': ['cases.handle', 'acceptance.answer'],
  'open311:post': [],
};
