/** Unit and integration tests; integration tests share one PostgreSQL and one Temporal dev server per run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/{domain,prisma,temporal,workflows,activities,integrations,api,services,observability,scripts,testing}/**/*.test.ts', '<rootDir>/web/e2e/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/testing/global-setup.ts',
  globalTeardown: '<rootDir>/testing/global-teardown.ts',
  maxWorkers: 2,
  // Every test file gets a fresh worker process (any heap is over this limit): what a suite leaves
  // behind (heap, timers, sockets) slowed the in-process servers of the next ones in the same worker;
  // the campaign crash test's webhook receiver timed out in full runs, never on its own.
  workerIdleMemoryLimit: '1MB',
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/.build', '<rootDir>/web/.next'],
};
