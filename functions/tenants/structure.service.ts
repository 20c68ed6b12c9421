import type { FieldIssue } from '../platform/errors';
import { issuesFromZod } from '../platform/zod-issues';
import { StructureConfig } from './structure.schema';
import { templates } from './templates';
import { tenantsIssue } from './tenants.errors';

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
      issues: [tenantsIssue('structure', 'structure.custom_needs_structure')],
    };
  }
  const base = template === 'custom' ? {} : templates[template];
  const input = { ...base, ...(override ?? {}) };
  const result = StructureConfig.safeParse(input);
  if (!result.success)
    return {
      structure: undefined,
      issues: issuesFromZod(result.error.issues, { prefix: ['structure'], input }),
    };
  return { structure: result.data, issues: [] };
}
