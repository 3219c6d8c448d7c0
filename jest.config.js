/** Jest runs the TypeScript sources as native ESM (got is ESM-only). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // ESM test files (vm modules) leave memory behind in the process that ran them; a worker past
  // this is replaced before its next file. Workers are needed for it: one worker would run in band.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
};
