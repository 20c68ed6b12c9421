import { fileURLToPath } from 'node:url';

/** The committed drizzle-kit migrations; every target runs exactly these. */
export const migrationsFolder = fileURLToPath(new URL('../../../schema/migrations', import.meta.url));
