import { describe, expect, it } from 'vitest';
import { render } from '../../../functions/platform/messages';
import { TEMPLATE_KEYS } from '../../../functions/tenants/onboarding.schema';
import { neutralSummary, type Template } from '../../../web/admin/onboarding.draft';
import { cityTime } from '../../../web/i18n';
import { catalogue } from '../../../web/i18n/catalogue';

/** Texts the pages build from names and numbers: said as a person would write them, in each language. */
describe('the wizard’s prefilled summary', () => {
  const templates: readonly Template[] = TEMPLATE_KEYS;

  it.each(templates)('for %s quotes no name twice, in either language', (template) => {
    const summary = neutralSummary(template, { zh: '新城市', en: 'New City' });
    expect(summary.zh).toMatch(/^新城市参照/);
    expect(summary.en).toMatch(/^New City organises/);
    for (const text of [summary.zh, summary.en]) {
      expect(text).not.toMatch(/[“”"]{2}|“[^”]*“|”[^“]*”[^“]*”/);
      expect(text).not.toMatch(/\("|"\)/);
    }
    expect(summary.zh).not.toMatch(/模式”?模式/);
  });

  it('says “the city” in the page’s language when the city has no name yet', () => {
    const summary = neutralSummary('guiyang', { zh: '', en: '' });
    expect(summary.zh).toMatch(/^本市/);
    expect(summary.en).toMatch(/^The city /);
  });
});

describe('English counts', () => {
  const en = (code: keyof typeof catalogue, params: Record<string, number | string | string[]>) =>
    render(catalogue[code], 'en', params);

  it('take the singular for one and the plural otherwise, wherever a count meets a noun', () => {
    expect(en('console.daysLeft', { days: 1 })).toBe('1 day left');
    expect(en('console.daysLeft', { days: 3 })).toBe('3 days left');
    expect(en('console.applied', { name: 'Pilot', units: 1 })).toBe('Pilot is onboarded with 1 unit.');
    expect(en('console.shownFirst', { shown: 1, total: 1 })).toBe('Showing the first 1 of 1 row.');
    expect(en('console.chainOk', { n: 1 })).toContain('(1 event)');
    expect(en('field.too_short', { minimum: 1 })).toBe('at least 1 character');
    expect(en('field.too_many', { maximum: 1 })).toBe('at most 1 item');
    expect(en('import.cell_count', { cells: 1, header: 3 })).toBe('1 cell, the header has 3');
    expect(en('council.no_quorum', { present: 1, quorum: 3 })).toMatch(/^1 member present/);
    expect(en('councilPage.supporters', { n: 1, min: 5 })).toBe('1 supporter (5 needed)');
    expect(en('reform.carry_no_successor', { code: 'c1', count: 1 })).toMatch(/^1 thing lives on "c1"/);
    expect(en('reform.carry_no_successor', { code: 'c1', count: 2 })).toMatch(/^2 things live on "c1"/);
    expect(en('front.similar', { count: 1 })).toBe('1 open report at the same place looks similar:');
    expect(en('cases.dispatchedTo', { handler: 'The community' })).toBe('Sent to the community');
    expect(en('admission.too_late', { leadDays: 1, earliest: '2026-12-08' })).toMatch(
      /^apply 1 working day ahead/,
    );
    expect(en('councilPage.rules', { quorum: '2/3', ballot: 'open', min: 1 })).toMatch(
      /needs 1 co-signer\.$/,
    );
    expect(en('units_file.too_many_rows', { maximum: 1 })).toBe('at most 1 row');
    expect(en('webhook.limit_reached', { limit: 1 })).toMatch(/already has 1 webhook subscription in/);
  });
});

describe('times on public pages', () => {
  it('carry the city’s zone: 北京时间 on a Chinese page, the offset on an English one', () => {
    const moment = new Date('2026-12-07T01:30:00Z');
    expect(cityTime('en', 'Asia/Shanghai', moment)).toBe('2026-12-07 09:30 (UTC+8)');
    expect(cityTime('zh', 'Asia/Shanghai', moment)).toBe('2026-12-07 09:30（北京时间）');
    expect(cityTime('zh', 'Asia/Urumqi', moment)).toBe('2026-12-07 07:30（UTC+6）');
  });
});
