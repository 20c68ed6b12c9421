import { describe, expect, it } from 'vitest';
import { EVENT_WORDS } from '../../../functions/public-site/open311.presenters';
import { auditActionName } from '../../../web/admin/console-text';

/**
 * The console names what happened in words (the 2026-12-07 review: the overview and the audit log
 * showed "case.collect", "case.escalate" and "council.vote_seal" beside translated actions, and
 * the case timeline an event called "rate").
 */
describe('audit actions in the console', () => {
  it('are named in both languages, case steps by the timeline’s words', () => {
    expect(auditActionName('zh', 'case.collect')).toBe('信息采集');
    expect(auditActionName('en', 'case.escalate')).toBe('Escalated');
    expect(auditActionName('zh', 'council.vote_seal')).toBe('封存计票');
    expect(auditActionName('en', 'council.proposal_support')).toBe('Proposal co-signed');
    // Every step a resident can see on the public timeline has a name in the console too.
    for (const kind of [...Object.keys(EVENT_WORDS), 'rate', 'reopen', 'photo_add'])
      for (const lang of ['zh', 'en'] as const)
        expect(auditActionName(lang, `case.${kind}`), `case.${kind}`).not.toBe(`case.${kind}`);
    // An action nobody named yet still shows, as its code.
    expect(auditActionName('zh', 'something.new')).toBe('something.new');
  });
});
