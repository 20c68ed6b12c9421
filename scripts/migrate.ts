/** `npm run db:migrate`: bring DATABASE_URL (any Postgres or Neon) or the embedded database to the latest migration. */
import { openCliDatabase } from './database';

const handle = await openCliDatabase();
console.log(`Migrated ${handle.describe} to the latest schema.`);
await handle.close();
