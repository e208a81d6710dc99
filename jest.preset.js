// Shared jest settings: swc transpiles TypeScript (with decorator metadata for NestJS),
// tsconfig path aliases map to library sources so tests run without a build.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target}`,
  ]),
);

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // ESM-only packages (jose; content-disposition, which @fastify/static requires) are compiled
  // to CommonJS like our own sources; everything else in node_modules loads as it is.
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcOptions],
    '^.+/node_modules/(jose|content-disposition)/.+\\.js$': ['@swc/jest', { ...swcOptions, jsc: { ...swcOptions.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  // Nested copies too (node_modules/@fastify/static/node_modules/content-disposition).
  transformIgnorePatterns: ['^(?!.*/node_modules/(jose|content-disposition)/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
