const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeBuiltins = require('node:module').builtinModules;

/** Everything of api/ but its contract (api/contracts, read for types below it). */
const API_EDGE = ['**/api/server', '**/api/index', '**/api/{auth,http,inbox,openapi,routes,views,webhooks}/**'];
const BELOW_API = [
  { group: API_EDGE, message: 'api/ is the HTTP edge: code below it never imports it.' },
  { group: ['**/api/contracts/**'], allowTypeImports: true, message: 'Below api/, the API contract is read for its types only.' },
];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'web/.next/**', '.data/**', '.build/**', 'web/next-env.d.ts', '*.config.js', 'scripts/prisma-generate.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Workflows must stay deterministic: no Node built-ins, no I/O modules, only activity types.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`), 'pg', '@prisma/client', 'express', '@temporalio/client', '@temporalio/worker'].map((name) => ({
            name,
            message: 'Workflows are deterministic: do I/O in activities.',
          })),
          patterns: [{ group: ['**/prisma/**', '**/api/**'], message: 'Workflows reach data through activities only.', allowTypeImports: true }],
        },
      ],
    },
  },
  {
    // The layers (README, "Where things go"): api/ is the HTTP edge, nothing below it imports it.
    files: ['activities/**/*.ts', 'services/**/*.ts', 'integrations/**/*.ts', 'observability/**/*.ts', 'temporal/**/*.ts', 'domain/**/*.ts', 'prisma/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: BELOW_API }],
    },
  },
  {
    files: ['integrations/**/*.ts', 'services/**/*.ts', 'observability/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BELOW_API,
            { group: ['**/activities/**'], message: 'Activities use integrations/ and services/, not the other way round.' },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/activities/**'], message: 'The API and activities share code through integrations/ and services/, never each other’s internals.' },
            { group: ['./*.routes', '../routes/*'], message: 'Route files do not import each other: shared logic belongs in services/.' },
          ],
        },
      ],
    },
  },
);
