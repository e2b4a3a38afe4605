// Nest 12 is ESM-only, so jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules); swc transpiles with the
// decorator metadata that Nest DI and TypeORM column types need.
const swc = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'es6' },
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/{integration,e2e}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/', '/apps/(admin|portal)/'],
  reporters: ['default', '<rootDir>/test/support/skip-reporter.cjs'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker ends a full run holding ≈ 2.5 GB (jest's ESM module registries of ≈ 50 suites) and nothing else: traced
  // with a probe in every worker, no socket, timer or listener is left, and its exit event fires 1–2 ms after jest
  // asks it to end, but Node then needs 0.7–1 s to tear down and unmap that heap (an idle 2.4 GB process measured
  // alone: 0.7 s). jest's default grace is 0.5 s, after which it kills the worker and warns of a leak that is not
  // there; give it the time its size needs.
  workerGracefulExitTimeout: 5000,
};
