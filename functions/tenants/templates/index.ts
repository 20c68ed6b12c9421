import type { StructureConfigInput } from '../structure.schema';
import { guiyang } from './guiyang';
import { jinjiang } from './jinjiang';
import { liaoyuan } from './liaoyuan';
import { tongling } from './tongling';

export type TemplateKey = 'guiyang' | 'liaoyuan' | 'tongling' | 'jinjiang';

/** The built-in structure templates an onboarding document can name. */
export const templates: Record<TemplateKey, StructureConfigInput> = {
  guiyang,
  liaoyuan,
  tongling,
  jinjiang,
};
