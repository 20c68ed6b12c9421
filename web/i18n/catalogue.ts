import { admissionMessages } from '../../functions/admission/admission.messages';
import { auditMessages } from '../../functions/audit/audit.messages';
import { authMessages } from '../../functions/auth/auth.messages';
import { casesMessages } from '../../functions/cases/cases.messages';
import { residentMessages } from '../../functions/cases/resident.messages';
import { councilMessages } from '../../functions/council/council.messages';
import { evaluationMessages } from '../../functions/evaluation/evaluation.messages';
import { identityMessages } from '../../functions/identity/identity.messages';
import { platformMessages } from '../../functions/platform/platform.messages';
import { publicSiteMessages } from '../../functions/public-site/public-site.messages';
import { feedMessages } from '../../functions/sharing/feed/feed.messages';
import { importsMessages } from '../../functions/sharing/imports/imports.messages';
import { sharingMessages } from '../../functions/sharing/sharing.messages';
import { tenantsMessages } from '../../functions/tenants/tenants.messages';
import { casesConsoleMessages } from '../admin/cases-console.messages';
import { cityConsoleMessages } from '../admin/city-console.messages';
import { consoleMessages } from '../admin/console.messages';
import { consoleFormMessages } from '../admin/console-forms.messages';
import { evaluationConsoleMessages } from '../admin/evaluation-console.messages';
import { councilPageMessages } from '../pages/council-pages.messages';
import { evaluationSiteMessages } from '../pages/evaluation.messages';
import { admissionSiteMessages } from './admission-site.messages';
import { frontMessages } from './front.messages';
import { siteMessages } from './site.messages';

/**
 * Every part of the one catalogue, by where it is declared. A new domain adds its
 * `<domain>.messages.ts` here; `test/node/web/catalogue.test.ts` checks no code is declared twice
 * and every code has both languages.
 */
export const catalogueParts = {
  platform: platformMessages,
  auth: authMessages,
  audit: auditMessages,
  identity: identityMessages,
  tenants: tenantsMessages,
  sharing: sharingMessages,
  feed: feedMessages,
  imports: importsMessages,
  cases: casesMessages,
  admission: admissionMessages,
  resident: residentMessages,
  evaluation: evaluationMessages,
  'public-site': publicSiteMessages,
  site: siteMessages,
  'admission-site': admissionSiteMessages,
  council: councilMessages,
  'council-pages': councilPageMessages,
  front: frontMessages,
  console: consoleMessages,
  'console-forms': consoleFormMessages,
  'cases-console': casesConsoleMessages,
  'evaluation-site': evaluationSiteMessages,
  'evaluation-console': evaluationConsoleMessages,
  'city-console': cityConsoleMessages,
} as const;

/** The one catalogue: error codes, field-issue codes and page strings, each in zh-CN and English. */
export const catalogue = {
  ...platformMessages,
  ...authMessages,
  ...auditMessages,
  ...identityMessages,
  ...tenantsMessages,
  ...sharingMessages,
  ...feedMessages,
  ...importsMessages,
  ...casesMessages,
  ...admissionMessages,
  ...residentMessages,
  ...evaluationMessages,
  ...publicSiteMessages,
  ...siteMessages,
  ...admissionSiteMessages,
  ...councilMessages,
  ...councilPageMessages,
  ...frontMessages,
  ...consoleMessages,
  ...consoleFormMessages,
  ...casesConsoleMessages,
  ...evaluationSiteMessages,
  ...evaluationConsoleMessages,
  ...cityConsoleMessages,
};
