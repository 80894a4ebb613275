const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeBuiltins = require('node:module').builtinModules;

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'web/.next/**', '.data/**', 'web/next-env.d.ts', '*.config.js', 'scripts/prisma-generate.js'] },
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
);
