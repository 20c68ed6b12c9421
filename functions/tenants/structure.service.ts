import type { FieldIssue } from '../platform/errors';
import { issuesFromZod } from '../platform/errors';
import { StructureConfig } from './structure.schema';
import { templates } from './templates';

export type TemplateKey = keyof typeof templates;

/**
 * The structure a city runs on: a built-in template with any top-level parts replaced, or a custom
 * structure given whole. Returns every schema issue with its path under `structure`.
 */
export function resolveStructure(
  template: TemplateKey | 'custom',
  override: Record<string, unknown> | undefined,
): { structure: StructureConfig; issues: [] } | { structure: undefined; issues: FieldIssue[] } {
  if (template === 'custom' && !override) {
    return {
      structure: undefined,
      issues: [{ path: 'structure', message: 'a custom template needs a structure' }],
    };
  }
  const base = template === 'custom' ? {} : templates[template];
  const result = StructureConfig.safeParse({ ...base, ...(override ?? {}) });
  if (!result.success)
    return { structure: undefined, issues: issuesFromZod(result.error.issues, ['structure']) };
  return { structure: result.data, issues: [] };
}
