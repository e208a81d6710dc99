// One jest run covers the whole workspace, split in projects by test kind:
//   unit         *.spec.ts      — no network, in-memory fakes only
//   integration  *.int-spec.ts  — real Postgres, Redis and RabbitMQ on this machine
const preset = require('./jest.preset');

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
    },
  ],
};
