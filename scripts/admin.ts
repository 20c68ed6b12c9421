/**
 * `npm run admin -- COMMAND --tenant SLUG …`: the administration verbs from the command line, as
 * the platform administrator (every change lands in the city's audit trail).
 *
 *   user:create   --email E --name N [--phone P] [--password P] [--role ROLE@UNITCODE]…
 *   password:set  --email E --password P
 *   role:grant    --email E --role ROLE --unit UNITCODE
 *   role:revoke   --email E --role ROLE --unit UNITCODE
 *   department:create --key K --zh 名称 --en Name
 *   client:create --department KEY --name N
 *   key:issue     --client NAME --scopes a,b [--expires ISO]
 *   key:rotate    --prefix P [--overlap SECONDS]
 *   key:revoke    --prefix P
 *   platform-admin:create --email E --name N --password P   (no --tenant: a console account for onboarding)
 */

import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import type { Scope, TenantRole } from '../functions/auth/roles';
import {
  createApiClient,
  issueApiKey,
  revokeApiKey,
  rotateApiKey,
} from '../functions/identity/api-keys.service';
import { grantRole, revokeRole } from '../functions/identity/role-grants.service';
import { createPlatformAdministrator, createUser, setPassword } from '../functions/identity/users.service';
import type { Database } from '../functions/platform/db';
import { AppError } from '../functions/platform/errors';
import { resolveTenant } from '../functions/platform/tenancy';
import { createDepartment } from '../functions/tenants/departments.service';
import { apiClients, apiKeys, departments, orgUnits, roleGrants, users } from '../schema';
import { openCliDatabase } from './database';

const USAGE = `usage: npm run admin -- COMMAND --tenant SLUG [options]
  user:create --email E --name N [--phone P] [--password P] [--role ROLE@UNITCODE]…
  password:set --email E --password P
  role:grant | role:revoke --email E --role ROLE --unit UNITCODE
  department:create --key K --zh 名称 --en Name
  client:create --department KEY --name N
  key:issue --client NAME --scopes a,b [--expires ISO]
  key:rotate --prefix P [--overlap SECONDS]
  key:revoke --prefix P`;

const [command, ...rest] = process.argv.slice(2);
if (!command || ['help', '--help', '-h'].includes(command) || rest.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const { values } = parseArgs({
  args: rest,
  options: {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string', multiple: true },
    unit: { type: 'string' },
    key: { type: 'string' },
    zh: { type: 'string' },
    en: { type: 'string' },
    department: { type: 'string' },
    client: { type: 'string' },
    scopes: { type: 'string' },
    expires: { type: 'string' },
    prefix: { type: 'string' },
    overlap: { type: 'string' },
  },
});

function need(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    console.error(`${command}: --${name} is required`);
    process.exit(2);
  }
  return value;
}

async function one<T>(rows: Promise<T[]>, what: string): Promise<T> {
  const [row] = await rows;
  if (!row) {
    console.error(`${command}: no such ${what}`);
    process.exit(1);
  }
  return row;
}

async function run(db: Database) {
  if (command === 'platform-admin:create') {
    const user = await createPlatformAdministrator(db, {
      email: need('email'),
      displayName: need('name'),
      password: need('password'),
    });
    return `created platform administrator ${user.email} (${user.id}); sign in at /admin with no city`;
  }
  const tenant = await resolveTenant(db, need('tenant'));
  const ctx = { db, tenant, actor: { kind: 'platform' as const, id: 'cli' }, now: () => new Date() };
  const unitId = (code: string) =>
    one(
      db
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.tenantId, tenant.id), eq(orgUnits.code, code))),
      `unit ${code}`,
    ).then((u) => u.id);
  const userId = (email: string) =>
    one(
      db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = lower(${email})`)),
      `user ${email}`,
    ).then((u) => u.id);
  const keyId = (prefix: string) =>
    one(
      db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.prefix, prefix))),
      `key ${prefix}`,
    ).then((k) => k.id);

  switch (command) {
    case 'user:create': {
      const roles = [];
      for (const spec of values.role ?? []) {
        const [role, code] = spec.split('@');
        if (!role || !code) throw new Error(`--role takes ROLE@UNITCODE, got ${spec}`);
        roles.push({ role: role as TenantRole, orgUnitId: await unitId(code) });
      }
      const { user } = await createUser(ctx, {
        email: need('email'),
        displayName: need('name'),
        phone: values.phone,
        password: values.password,
        roles,
      });
      return `created ${user.email} (${user.id})`;
    }
    case 'password:set':
      await setPassword(ctx, await userId(need('email')), need('password'));
      return 'password set; their sessions ended';
    case 'role:grant': {
      const grant = await grantRole(ctx, await userId(need('email')), {
        role: need('role') as TenantRole,
        orgUnitId: await unitId(need('unit')),
      });
      return `granted ${grant.role} (${grant.id})`;
    }
    case 'role:revoke': {
      const user = await userId(need('email'));
      const unit = await unitId(need('unit'));
      const grant = await one(
        db
          .select({ id: roleGrants.id })
          .from(roleGrants)
          .where(
            and(
              eq(roleGrants.userId, user),
              eq(roleGrants.orgUnitId, unit),
              eq(roleGrants.role, need('role')),
            ),
          ),
        'role grant',
      );
      await revokeRole(ctx, user, grant.id);
      return 'revoked';
    }
    case 'department:create': {
      const department = await createDepartment(ctx, {
        key: need('key'),
        name: { zh: need('zh'), en: need('en') },
      });
      return `created department ${department.key}`;
    }
    case 'client:create': {
      const department = await one(
        db
          .select({ id: departments.id })
          .from(departments)
          .where(and(eq(departments.tenantId, tenant.id), eq(departments.key, need('department')))),
        'department',
      );
      const client = await createApiClient(ctx, { departmentId: department.id, name: need('name') });
      return `created client ${client.name} (${client.id})`;
    }
    case 'key:issue': {
      const client = await one(
        db
          .select({ id: apiClients.id })
          .from(apiClients)
          .where(and(eq(apiClients.tenantId, tenant.id), eq(apiClients.name, need('client')))),
        'client',
      );
      const issued = await issueApiKey(ctx, client.id, {
        scopes: need('scopes').split(',') as Scope[],
        expiresAt: values.expires ? new Date(values.expires) : undefined,
      });
      return `key ${issued.key.prefix} issued; store this secret now, it is not shown again:\n${issued.secret}`;
    }
    case 'key:rotate': {
      const rotated = await rotateApiKey(ctx, await keyId(need('prefix')), Number(values.overlap ?? 86_400));
      return `new key ${rotated.key.prefix}; the old one works until ${rotated.previousExpiresAt.toISOString()}:\n${rotated.secret}`;
    }
    case 'key:revoke':
      await revokeApiKey(ctx, await keyId(need('prefix')));
      return 'revoked';
    default:
      console.error(
        'usage: npm run admin -- user:create|password:set|role:grant|role:revoke|department:create|client:create|key:issue|key:rotate|key:revoke --tenant SLUG …',
      );
      process.exit(2);
  }
}

const handle = await openCliDatabase();
try {
  console.log(await run(handle.db));
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`${error.message} [${error.code}]`);
  for (const detail of error.details ?? []) console.error(`  ${detail.path}: ${detail.message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
