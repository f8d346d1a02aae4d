// Jest on Node 20 cannot load NestJS 12 (ESM-only) as is: @swc/jest compiles TypeScript and the
// ESM packages in node_modules to CommonJS (hence transformIgnorePatterns: []).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // Rewrites the @council/* aliases at compile time, so the global setup (which Jest's
      // moduleNameMapper does not reach) resolves them too.
      baseUrl: __dirname,
      paths: { '@council/*': ['libs/*/src'] },
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '(apps|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@council/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // A relative import written for the compiled output (`./embedded-database.js`) finds the source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
