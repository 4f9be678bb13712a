// Lint: typescript-eslint's recommended rules plus the import direction of
// docs/architecture.md (layering) — engine never imports api/viz/seed; api and seed reach the engine
// only through engine/index.ts; viz imports engine types, and values only from
// the pure engine/model modules (the identifier registry), and the API's
// response types (type-only) from api/http/schemas.ts.
import tseslint from 'typescript-eslint';

const engineInternals = ['**/engine/*/**', '!**/engine/index.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'viz/dist/**', 'tools/**', '.ringtrace/**', 'api/cli/ringtrace.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api/**', '**/viz/**', '**/seed/**'], message: 'engine must not import api, viz or seed (docs/architecture.md: layering).' },
      ] }],
    },
  },
  {
    files: ['api/**/*.ts', 'seed/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: engineInternals, message: 'import the engine through engine/index.ts only.' },
        { group: ['**/viz/**'], message: 'api and seed must not import viz.' },
      ] }],
    },
  },
  {
    files: ['viz/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)engine/(?!model/)', message: 'viz may only `import type` from the engine (values only from the pure engine/model, e.g. the identifier registry).', allowTypeImports: true },
        { regex: '(^|/)api/http/schemas\\.ts$', message: 'viz may only `import type` the API response types from api/http/schemas.ts (the one contract).', allowTypeImports: true },
        { regex: '(^|/)api/(?!http/schemas\\.ts$)', message: 'viz must not import api (only `import type` from api/http/schemas.ts).' },
        { group: ['**/seed/**'], message: 'viz must not import seed.' },
      ] }],
      // Type imports are whole `import type` declarations, so an inline `type` cannot leave a value import behind.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
);
