import { actingContext } from '../../auth/actor';
import { createRouter } from '../../auth/app-env';
import { errors } from '../../platform/errors';
import { bulkPush, getImportJob } from './bulk.service';
import { importIssue } from './imports.errors';
import { presentJob } from './imports.presenters';
import * as routes from './imports.routes';

export const importsRouter = createRouter();

importsRouter.openapi(routes.bulkPushRoute, async (c) => {
  const query = c.req.valid('query');
  const length = Number(c.req.header('content-length'));
  const body = c.req.raw.body;
  if (!body) throw errors.invalidRequest([importIssue('(body)', 'import.empty_file')]);
  const job = await bulkPush(
    actingContext(c),
    {
      format: query.format,
      domainKey: query.domain,
      chunkSize: query.chunkSize,
      sourceSystem: query.sourceSystem,
      resumeJobId: query.resume,
      contentLength: Number.isFinite(length) ? length : undefined,
      signal: c.req.raw.signal,
    },
    body,
  );
  return c.json(presentJob(job), 200);
});

importsRouter.openapi(routes.importJobRoute, async (c) => {
  const { id } = c.req.valid('param');
  return c.json(presentJob(await getImportJob(actingContext(c), id)), 200);
});
