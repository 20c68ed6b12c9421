/** `npm run onboard -- FILE [FILE…]`: onboard cities from onboarding files, all or nothing per file. */
import { readFileSync } from 'node:fs';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { AppError } from '../functions/platform/errors';
import { openCliDatabase } from './database';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run onboard -- tenants/guiyang.json [more.json …]');
  process.exit(2);
}
const handle = await openCliDatabase();
let failed = false;
try {
  console.log(`Onboarding into ${handle.describe}`);
  for (const file of files) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      console.error(`${file}: cannot read JSON (${error instanceof Error ? error.message : error})`);
      failed = true;
      continue;
    }
    try {
      const result = await onboardTenant({ db: handle.db }, document);
      console.log(
        result.created
          ? `${file}: onboarded ${result.tenant.slug} (${result.units} units, ${result.reforms} reforms)`
          : `${file}: ${result.tenant.slug} was already onboarded from this file; nothing changed`,
      );
    } catch (error) {
      failed = true;
      if (!(error instanceof AppError)) throw error;
      console.error(`${file}: ${error.message} [${error.code}]`);
      for (const detail of error.details ?? []) console.error(`  ${detail.path}: ${detail.message}`);
    }
  }
} finally {
  await handle.close();
}
process.exit(failed ? 1 : 0);
