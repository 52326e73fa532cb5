/** Type checking is `npm run typecheck`'s job; jest only transpiles, so the suite stays fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  transformIgnorePatterns: ['/node_modules/(?!@kubernetes/client-node|openid-client|oauth4webapi|jose)'],
  testTimeout: 60000,
};
