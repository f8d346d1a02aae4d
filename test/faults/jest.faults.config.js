// npm run test:faults — fault injection against a real PostgreSQL server (DATABASE_URL), on the
// built server (dist/). Not part of `npm test`: it takes minutes, not seconds.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testRegex: 'test/faults/.*\\.fault-spec\\.ts$',
  transform: base.transform,
  transformIgnorePatterns: [],
  moduleNameMapper: base.moduleNameMapper,
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  testTimeout: 60_000,
  // One scenario at a time: timing assertions (fail within the timeouts, recover within a
  // second) must not compete for the CPU with another scenario's load.
  maxWorkers: 1,
};
