// Copies browser assets we serve ourselves (so /docs works offline) into web/public/vendor.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
let source;
try {
  // The package's exports hide package.json; resolve its main entry and walk up to dist/.
  const entry = require.resolve('@scalar/api-reference');
  source = join(entry.slice(0, entry.lastIndexOf('/dist/') + 1), 'dist/browser/standalone.js');
} catch {
  console.warn('copy-vendor: @scalar/api-reference is not installed; /docs will not have its script.');
  process.exit(0);
}
if (!existsSync(source)) {
  console.warn(`copy-vendor: ${source} is missing`);
  process.exit(0);
}
const target = join(process.cwd(), 'web/public/vendor/scalar');
mkdirSync(target, { recursive: true });
copyFileSync(source, join(target, 'standalone.js'));
