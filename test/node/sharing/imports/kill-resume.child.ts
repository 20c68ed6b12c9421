/**
 * A bulk import in a process of its own, for `kill-resume.test.ts` to kill with SIGKILL part way:
 * `node --import tsx kill-resume.child.ts <database url> <tenant slug> <job id> <file> <chunk size>`.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { openNodePostgres } from '../../../../functions/platform/drivers/node-postgres';
import { resolveTenant } from '../../../../functions/platform/tenancy';
import { bulkPush } from '../../../../functions/sharing/imports/bulk.service';
import { DATA_KEY } from '../../../support/fixtures';
import { platform } from '../../../support/identity';

const [url, slug, jobId, file, chunkSize] = process.argv.slice(2);
if (!url || !slug || !jobId || !file || !chunkSize)
  throw new Error('usage: <url> <slug> <job id> <file> <chunk size>');
const handle = openNodePostgres(url, 4);
const tenant = await resolveTenant(handle.db, slug);
const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
await bulkPush(
  { db: handle.db, tenant, actor: platform, now: () => new Date(), dataKey: DATA_KEY },
  { format: 'ndjson', chunkSize: Number(chunkSize), sourceSystem: 'kill-resume', jobId },
  body,
);
await handle.close();
