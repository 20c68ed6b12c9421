import { z } from 'zod';

/**
 * The settings the app reads, parsed once at the entry (Worker bindings, process env for Node).
 * Nothing below the entries reads `process.env`.
 */
export const EnvSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string'),
  /** `host:port` of the local WebSocket→TCP bridge; unset on Neon. */
  DATABASE_WS_PROXY: z.string().optional(),
  /** Bearer token for platform administration until per-person sign-in lands. */
  PLATFORM_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  /** 32 random bytes, base64: encrypts secrets we must read back (TOTP keys). */
  DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64')
    .optional(),
  /**
   * 32 random bytes, base64: the key the logs are MACed with (see `LogKey`). Optional: unset, it is
   * derived from DATA_KEY. Set it to keep the logs' key apart from the data key (a DATA_KEY rotation
   * then leaves the logs verifiable); once logs are written under a key, keep that key.
   */
  AUDIT_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64')
    .optional(),
  APP_ENV: z.enum(['production', 'development', 'test']).default('production'),
});
export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  appEnv: Env['APP_ENV'];
  /** Unset: platform writes are refused (there is no default token). */
  platformToken: string | undefined;
  dataKey: string | undefined;
  /** Unset: the log key is derived from `dataKey` (see `logKeyFrom`). */
  auditKey?: string | undefined;
}

export function parseEnv(source: Record<string, unknown>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${fields.join('; ')}`);
  }
  return result.data;
}

export function configFromEnv(env: Env): AppConfig {
  return {
    appEnv: env.APP_ENV,
    platformToken: env.PLATFORM_TOKEN,
    dataKey: env.DATA_KEY,
    auditKey: env.AUDIT_KEY,
  };
}
