import type { Context } from 'hono';
import { actingContext } from '../auth/actor';
import { type AppEnv, createRouter } from '../auth/app-env';
import { systemActor } from '../platform/context';
import { resolveTenant } from '../platform/tenancy';
import {
  presentCouncil,
  presentMeeting,
  presentMember,
  presentProject,
  presentProposal,
  presentReview,
  presentVote,
} from './council.presenters';
import * as R from './council.routes';
import { addMember, createCouncil, listCouncils, readCouncil } from './councils.service';
import { readMeeting, recordMeeting, scheduleMeeting } from './meetings.service';
import { createProject, readProject, recordReview, updateProject } from './projects.service';
import {
  decideProposal,
  fileProposal,
  readProposal,
  startResidentsProposal,
  supportProposal,
} from './proposals.service';
import { castBallot, closeVote, openVote, readBallots, readVote, verifyVote } from './votes.service';

/** Residents' councils: thin handlers over the verbs. */
export const councilRouter = createRouter();

/** A resident on the public site: no account; the system actor `resident` acts for them. */
async function residentContext(c: Context<AppEnv>, slug: string) {
  const db = c.get('db');
  return {
    db,
    tenant: await resolveTenant(db, slug),
    actor: systemActor('resident'),
    now: c.get('now'),
    dataKey: c.get('config').dataKey,
  };
}

councilRouter.openapi(R.createCouncilRoute, async (c) =>
  c.json(presentCouncil(await createCouncil(actingContext(c), c.req.valid('json'))), 201),
);

councilRouter.openapi(R.listCouncilsRoute, async (c) =>
  c.json({ items: (await listCouncils(actingContext(c))).map(presentCouncil) }, 200),
);

councilRouter.openapi(R.getCouncilRoute, async (c) => {
  const { council, members } = await readCouncil(actingContext(c), c.req.valid('param').id);
  return c.json({ ...presentCouncil(council), members: members.map(presentMember) }, 200);
});

councilRouter.openapi(R.addMemberRoute, async (c) =>
  c.json(presentMember(await addMember(actingContext(c), c.req.valid('param').id, c.req.valid('json'))), 201),
);

councilRouter.openapi(R.fileProposalRoute, async (c) =>
  c.json(
    presentProposal(await fileProposal(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    201,
  ),
);

councilRouter.openapi(R.startProposalRoute, async (c) => {
  const { tenant, code } = c.req.valid('param');
  const body = c.req.valid('json');
  const row = await startResidentsProposal(await residentContext(c, tenant), code, body);
  return c.json(presentProposal(row), 201);
});

councilRouter.openapi(R.supportProposalRoute, async (c) => {
  const { tenant, id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(presentProposal(await supportProposal(await residentContext(c, tenant), id, body)), 201);
});

councilRouter.openapi(R.getProposalRoute, async (c) => {
  const { proposal, merged } = await readProposal(actingContext(c), c.req.valid('param').id);
  return c.json({ ...presentProposal(proposal), merged }, 200);
});

councilRouter.openapi(R.decideProposalRoute, async (c) =>
  c.json(
    presentProposal(await decideProposal(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    200,
  ),
);

councilRouter.openapi(R.scheduleMeetingRoute, async (c) => {
  const ctx = actingContext(c);
  const meeting = await scheduleMeeting(ctx, c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentMeeting(await readMeeting(ctx, meeting.id)), 201);
});

councilRouter.openapi(R.getMeetingRoute, async (c) =>
  c.json(presentMeeting(await readMeeting(actingContext(c), c.req.valid('param').id)), 200),
);

councilRouter.openapi(R.recordMeetingRoute, async (c) => {
  const ctx = actingContext(c);
  const id = await recordMeeting(ctx, c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentMeeting(await readMeeting(ctx, id)), 200);
});

councilRouter.openapi(R.openVoteRoute, async (c) =>
  c.json(presentVote(await openVote(actingContext(c), c.req.valid('param').id, c.req.valid('json')), 0), 201),
);

councilRouter.openapi(R.getVoteRoute, async (c) => {
  const { vote, voted } = await readVote(actingContext(c), c.req.valid('param').id);
  return c.json(presentVote(vote, voted), 200);
});

councilRouter.openapi(R.castBallotRoute, async (c) =>
  c.json(await castBallot(actingContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
);

councilRouter.openapi(R.listBallotsRoute, async (c) =>
  c.json({ items: await readBallots(actingContext(c), c.req.valid('param').id) }, 200),
);

councilRouter.openapi(R.closeVoteRoute, async (c) =>
  c.json(presentVote(await closeVote(actingContext(c), c.req.valid('param').id)), 200),
);

councilRouter.openapi(R.verifyVoteRoute, async (c) => {
  const result = await verifyVote(actingContext(c), c.req.valid('param').id);
  return c.json(
    { ...result, problems: result.problems.map((p) => ({ code: p.code, message: p.message })) },
    200,
  );
});

councilRouter.openapi(R.createProjectRoute, async (c) => {
  const ctx = actingContext(c);
  const project = await createProject(ctx, c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentProject(await readProject(ctx, project.id)), 201);
});

councilRouter.openapi(R.getProjectRoute, async (c) =>
  c.json(presentProject(await readProject(actingContext(c), c.req.valid('param').id)), 200),
);

councilRouter.openapi(R.updateProjectRoute, async (c) => {
  const ctx = actingContext(c);
  const id = await updateProject(ctx, c.req.valid('param').id, c.req.valid('json'));
  return c.json(presentProject(await readProject(ctx, id)), 200);
});

councilRouter.openapi(R.recordReviewRoute, async (c) =>
  c.json(
    presentReview(await recordReview(actingContext(c), c.req.valid('param').id, c.req.valid('json'))),
    201,
  ),
);
