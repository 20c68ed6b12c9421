import type { Context } from 'hono';
import { actingContext } from '../auth/actor';
import type { AppEnv } from '../auth/app-env';
import { createRouter } from '../auth/app-env';
import { systemActor } from '../platform/context';
import { resolveTenant } from '../platform/tenancy';
import {
  createCampaign,
  createStation,
  listCampaigns,
  listStations,
  readCampaign,
} from './campaigns.service';
import { answerObjection, fileObjection, fileVeto, listObjections } from './consequences.service';
import {
  presentAssignment,
  presentCampaign,
  presentObjection,
  presentRating,
  presentResult,
  presentStation,
  presentSubject,
  presentSurvey,
} from './evaluation.presenters';
import * as r from './evaluation.routes';
import { resultsCsv, resultsWorkbook } from './export';
import { myRatings, submitRating } from './ratings.service';
import { closeCampaign, readResults, verifyCampaign } from './results.service';
import { answerByLink, createSurvey, enterAnswers, surveyByToken } from './surveys.service';

/** Two-way evaluation and satisfaction surveys: thin handlers over the verbs. */
export const evaluationRouter = createRouter();

evaluationRouter.openapi(r.listStationsRoute, async (c) =>
  c.json({ items: (await listStations(actingContext(c))).map(presentStation) }, 200),
);

evaluationRouter.openapi(r.createStationRoute, async (c) =>
  c.json(presentStation(await createStation(actingContext(c), c.req.valid('json'))), 201),
);

evaluationRouter.openapi(r.listCampaignsRoute, async (c) =>
  c.json({ items: (await listCampaigns(actingContext(c))).map(presentCampaign) }, 200),
);

evaluationRouter.openapi(r.createCampaignRoute, async (c) =>
  c.json(presentCampaign(await createCampaign(actingContext(c), c.req.valid('json'))), 201),
);

evaluationRouter.openapi(r.getCampaignRoute, async (c) => {
  const found = await readCampaign(actingContext(c), c.req.valid('param').id);
  return c.json(
    {
      campaign: presentCampaign(found.campaign),
      subjects: found.subjects.map(presentSubject),
      mine: found.assignments.map(presentAssignment),
      assignments: found.assignmentCount,
    },
    200,
  );
});

evaluationRouter.openapi(r.rateRoute, async (c) =>
  c.json(
    presentRating(await submitRating(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    200,
  ),
);

evaluationRouter.openapi(r.myRatingsRoute, async (c) =>
  c.json({ items: (await myRatings(actingContext(c), c.req.valid('param').id)).map(presentRating) }, 200),
);

evaluationRouter.openapi(r.closeRoute, async (c) =>
  c.json(presentCampaign(await closeCampaign(actingContext(c), c.req.valid('param').id)), 200),
);

evaluationRouter.openapi(r.resultsRoute, async (c) => {
  const { results } = await readResults(actingContext(c), c.req.valid('param').id);
  return c.json({ items: results.map(presentResult) }, 200);
});

evaluationRouter.openapi(r.verifyRoute, async (c) =>
  c.json(await verifyCampaign(actingContext(c), c.req.valid('param').id), 200),
);

evaluationRouter.openapi(r.exportRoute, async (c) => {
  const { campaign, results } = await readResults(actingContext(c), c.req.valid('param').id);
  const rows = results.map(({ result, subject }) => ({
    subject: subject.nameZh,
    kind: subject.kind,
    score: result.score,
    complete: result.complete,
    award: result.award,
    vetoed: result.vetoed,
    parts: result.parts,
  }));
  const xls = c.req.valid('query').format === 'xls';
  const file = `evaluation-${campaign.periodStart}-${campaign.periodEnd}.${xls ? 'xls' : 'csv'}`;
  return c.body(xls ? resultsWorkbook(rows, campaign.periodEnd) : resultsCsv(rows), 200, {
    'content-type': xls ? 'application/vnd.ms-excel; charset=utf-8' : 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file}"`,
    'cache-control': 'private, no-store',
  });
});

evaluationRouter.openapi(r.listObjectionsRoute, async (c) =>
  c.json(
    { items: (await listObjections(actingContext(c), c.req.valid('param').id)).map(presentObjection) },
    200,
  ),
);

evaluationRouter.openapi(r.objectRoute, async (c) =>
  c.json(
    presentObjection(await fileObjection(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    201,
  ),
);

evaluationRouter.openapi(r.answerObjectionRoute, async (c) =>
  c.json(
    presentObjection(await answerObjection(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    200,
  ),
);

evaluationRouter.openapi(r.vetoRoute, async (c) => {
  const row = await fileVeto(actingContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ id: row.id, subjectId: row.subjectId, reason: row.reason }, 201);
});

evaluationRouter.openapi(r.createSurveyRoute, async (c) => {
  const { survey, token } = await createSurvey(actingContext(c), c.req.valid('json'));
  return c.json({ survey: presentSurvey(survey), token }, 201);
});

evaluationRouter.openapi(r.enterAnswersRoute, async (c) => {
  const { survey, answered } = await enterAnswers(
    actingContext(c),
    c.req.valid('param').id,
    c.req.valid('json').responses,
  );
  return c.json({ answered, sampleSize: survey.sampleSize }, 200);
});

const publicContext = async (c: Context<AppEnv>, slug: string) => ({
  db: c.get('db'),
  tenant: await resolveTenant(c.get('db'), slug),
  actor: systemActor('survey-link'),
  now: c.get('now'),
});

evaluationRouter.openapi(r.questionnaireRoute, async (c) => {
  const { tenant, token } = c.req.valid('param');
  return c.json(presentSurvey(await surveyByToken(await publicContext(c, tenant), token)), 200);
});

evaluationRouter.openapi(r.linkAnswerRoute, async (c) => {
  const { tenant, token } = c.req.valid('param');
  const { survey, answered } = await answerByLink(
    await publicContext(c, tenant),
    token,
    c.req.valid('json').answers,
  );
  return c.json({ answered, sampleSize: survey.sampleSize }, 201);
});
