/**
 * The layer rule, executable (`npm run lint:layers`, part of `npm test`). Layers point down only:
 * a module may import its own layer and the layers listed before it, never one listed after it.
 * `schema/` (tables) sits below everything. Folders not listed here are refused by the last rule, so
 * a new domain folder must be placed in a layer before it can be imported.
 */
const layers = [
  ['platform', '^functions/platform/'],
  ['auth', '^functions/auth/'],
  ['audit', '^functions/audit/'],
  ['identity', '^functions/identity/'],
  ['tenants', '^functions/tenants/'],
  ['sharing', '^functions/sharing/'],
  ['domains', '^functions/(cases|admission|council|evaluation)/'],
  ['onboarding', '^functions/onboarding/'],
  ['public-site', '^functions/public-site/'],
  ['web', '^web/'],
  ['entries', '^(functions/[^/]+[.]ts$|scripts/|bench/)'],
];

const above = (index) => layers.slice(index + 1).map(([, path]) => path);

module.exports = {
  forbidden: [
    ...layers.slice(0, -1).map(([name, path], index) => ({
      name: `layer-${name}`,
      comment: `${name} may import only itself and the layers below it (${layers
        .slice(0, index)
        .map(([below]) => below)
        .join(', ')}), never ${layers
        .slice(index + 1)
        .map(([higher]) => higher)
        .join(', ')}.`,
      severity: 'error',
      from: { path },
      to: { path: above(index) },
    })),
    {
      name: 'schema-is-data',
      comment: 'schema/ holds tables only: it imports no application code (types for jsonb columns aside).',
      severity: 'error',
      from: { path: '^schema/' },
      to: { path: '^(functions|web|scripts|bench)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, within a folder or between folders.',
      severity: 'error',
      from: { path: '^(functions|web|schema)/' },
      to: { circular: true },
    },
    {
      name: 'placed-in-a-layer',
      comment: 'Every folder of functions/ belongs to a layer (add a new domain to `layers` above).',
      severity: 'error',
      from: { path: '^(functions|web)/' },
      to: {
        path: '^functions/[^/]+/',
        pathNot: layers.map(([, path]) => path),
      },
    },
    {
      name: 'tests-not-imported',
      comment: 'Application code never imports test code.',
      severity: 'error',
      from: { path: '^(functions|web|schema|scripts)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules/|^web/public/|^schema/migrations/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
