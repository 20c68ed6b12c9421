import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import type { ServiceContext } from '../../functions/auth/context';
import { listCategories } from '../../functions/cases/case-catalog.service';
import {
  acceptCase,
  dispatchCase,
  escalateCase,
  evaluateCase,
  reportCase,
  verifyCase,
} from '../../functions/cases/case-handling.service';
import { caseIdByNumber } from '../../functions/cases/case-places.service';
import { caseIssue, casesErrors } from '../../functions/cases/cases.errors';
import { CaseStepBodies, NewCaseBody } from '../../functions/cases/cases.routes';
import { collectCase, refuseCase, registerCase } from '../../functions/cases/cases.service';
import { revealResidentContact } from '../../functions/cases/resident-contact.service';
import type { FieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { attributesFrom, renderNewCase } from './case-new';
import { renderCase } from './case-page';
import { renderInbox } from './cases-inbox';
import { fieldsOf, refused } from './cases-view';
import { cityContext } from './console-context';
import { type consolePages, formOf, sentValues, text } from './console-route';

type Form = Record<string, unknown>;

/** A step: the body the API validates it with, and its verb. */
function step<S extends z.ZodObject>(
  body: S,
  run: (ctx: ServiceContext, id: string, input: z.output<S>) => Promise<unknown>,
) {
  return { body, run: run as (ctx: ServiceContext, id: string, input: unknown) => Promise<unknown> };
}

const STEPS = {
  register: step(CaseStepBodies.register, registerCase),
  refuse: step(CaseStepBodies.refuse, refuseCase),
  dispatch: step(CaseStepBodies.dispatch, dispatchCase),
  accept: step(CaseStepBodies.accept, acceptCase),
  report: step(CaseStepBodies.report, reportCase),
  verify: step(CaseStepBodies.verify, verifyCase),
  evaluate: step(CaseStepBodies.evaluate, evaluateCase),
  escalate: step(CaseStepBodies.escalate, escalateCase),
};

/**
 * A step's form as its verb's body: only the fields the body has, an empty field left out, whole
 * numbers as numbers; the dispatch form's one handler choice (`grid`, `department:<id>`) split in two.
 */
function stepInput(form: Form, fields: string[]): Record<string, unknown> {
  const input = fieldsOf(form, fields);
  const handler = text(form, 'handler');
  if (fields.includes('handlerKind') && handler !== '') {
    const [kind, departmentId] = handler.split(':');
    input.handlerKind = kind;
    if (kind === 'department' && departmentId) input.departmentId = departmentId;
  }
  return input;
}

async function takeStep(c: Context<AppEnv>, name: keyof typeof STEPS) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const id = c.req.param('id') ?? '';
  // A malformed id names no case, as an unknown one does.
  if (!isUuid(id)) throw casesErrors.notFound();
  const values = sentValues(form);
  const { body, run } = STEPS[name];
  const input = stepInput(form, Object.keys(body.shape));
  // A duplicate is named by its number as people know it; the verb takes the id.
  if (typeof input.duplicateOf === 'string' && !isUuid(input.duplicateOf)) {
    const found = await caseIdByNumber(ctx, input.duplicateOf);
    if (!found) {
      const issues = [caseIssue('duplicateOf', 'case.duplicate_unknown')];
      return renderCase(c, { form: name, issues, status: 422, values });
    }
    input.duplicateOf = found;
  }
  const parsed = body.safeParse(input);
  if (!parsed.success)
    return renderCase(c, {
      form: name,
      issues: issuesFromZod(parsed.error.issues, { input }),
      status: 422,
      values,
    });
  try {
    await run(ctx, id, parsed.data);
  } catch (error) {
    const problem = refused(error, name, values);
    if (problem) return renderCase(c, problem);
    throw error;
  }
  return c.redirect(`/admin/cases/${id}?done=${name}`, 303);
}

async function collect(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const values = sentValues(form);
  const categoryId = text(form, 'categoryId');
  const category = (await listCategories(ctx)).find((row) => row.id === categoryId);
  const input: Record<string, unknown> = {
    ...stepInput(form, ['categoryId', 'orgUnitId', 'title', 'description', 'location']),
    attributes: attributesFrom(form, category?.attributes ?? []),
  };
  const parsed = NewCaseBody.safeParse(input);
  if (!parsed.success) {
    const issues: FieldIssue[] = issuesFromZod(parsed.error.issues, { input });
    return renderNewCase(c, { form: 'collect', issues, status: 422, values });
  }
  try {
    const row = await collectCase(ctx, parsed.data);
    return c.redirect(`/admin/cases/${row.id}?done=collect`, 303);
  } catch (error) {
    const problem = refused(error, 'collect', values);
    if (problem) return renderNewCase(c, problem);
    throw error;
  }
}

/** POST /admin/cases/{id}/reveal-contact: the verb decides who has the need, and logs the reveal. */
async function revealContact(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw casesErrors.notFound();
  try {
    const revealed = await revealResidentContact(ctx, id, { reason: text(form, 'reason') });
    return renderCase(c, undefined, revealed);
  } catch (error) {
    const problem = refused(error, 'reveal', sentValues(form));
    if (problem) return renderCase(c, problem);
    throw error;
  }
}

export function registerCasePages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/cases', { action: 'cases.read' }, (c) => renderInbox(c));
  // Not /admin/cases/new: a fixed segment beside /admin/cases/:id makes Hono fall back to its slower
  // trie router for every request (test/node/platform/router.test.ts).
  pages.get('/admin/new-case', { action: 'cases.report' }, (c) => renderNewCase(c));
  pages.post('/admin/cases', { action: 'cases.report' }, collect);
  pages.get('/admin/cases/:id', { action: 'cases.read' }, (c) => renderCase(c));
  // Each step is offered to whoever reads cases; its verb decides, and a refusal is shown on the page.
  pages.post('/admin/cases/:id/reveal-contact', { action: 'cases.read' }, revealContact);
  for (const name of Object.keys(STEPS) as (keyof typeof STEPS)[])
    pages.post(`/admin/cases/:id/${name}`, { action: 'cases.read' }, (c) => takeStep(c, name));
}
