// Flat ESLint config. The Nx module-boundary rule is the architecture's fence:
//   - apps never import apps, libs never import apps (type:app is depended on by nobody);
//   - contracts and event-bus are plain TypeScript: no NestJS, amqplib, ORM or Redis client;
//   - a service scope may use only its own scope and shared libraries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const transportAndOrm = ['@nestjs/*', 'amqplib', 'amqp-connection-manager', 'typeorm', 'pg', 'ioredis', 'express', 'fastify'];

function boundaries({ tests }) {
  const t = (tags) => (tests ? [...tags, 'type:testing'] : tags);
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      // Layering by type. Nobody may depend on type:app, so apps never import apps
      // and libs never import apps.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: t(['type:contracts', 'type:core', 'type:infra']) },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:core', 'type:infra', 'type:testing'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:core', 'type:infra', 'type:testing'] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: t(['type:contracts', 'type:core', 'type:infra']) },
      {
        sourceTag: 'type:core',
        onlyDependOnLibsWithTags: t(['type:contracts', 'type:core']),
        bannedExternalImports: transportAndOrm,
      },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: t(['type:contracts']),
        bannedExternalImports: transportAndOrm,
      },
      // Ownership by scope: a service uses only its own scope and shared libraries.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:shared', 'scope:catalog'] },
      { sourceTag: 'scope:basket', onlyDependOnLibsWithTags: ['scope:shared', 'scope:basket'] },
      { sourceTag: 'scope:ordering', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ordering'] },
      { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:shared', 'scope:payment'] },
      { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
      { sourceTag: 'scope:system', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // With decorator metadata on, type-only imports of injected classes would break Nest DI:
    // these options make consistent-type-imports leave such imports alone.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
      '@nx/enforce-module-boundaries': ['error', boundaries({ tests: false })],
    },
  },
  {
    // Tests (and only tests, with their fixtures under src/test/) may also use the testing
    // helpers, tagged type:testing.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/src/test/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries({ tests: true })],
    },
  },
);
