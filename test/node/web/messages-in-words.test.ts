import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/tenants/onboarding.schema';
import { neutralSummary, type Template } from '../../../web/admin/onboarding.draft';

/** Texts the pages build from names and numbers: said as a person would write them, in each language. */
describe('the wizard’s prefilled summary', () => {
  const templates = TEMPLATE_KEYS.filter((key): key is Template => key !== 'custom');

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
