/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // @middy/* 7 is ESM-only and its "exports" map has only an "import" condition: let @swc/jest compile it to
  // CJS and point Jest's CJS resolver at the entry file.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  moduleNameMapper: { '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
};
