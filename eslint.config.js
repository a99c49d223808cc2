// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md, "Layers"), lowest first. A folder's code imports only folders
 * below it: a back-edge fails the lint. Tests and fixtures are users of every layer and exempt.
 */
const LAYERS = [
  ['sim'],
  ['models', 'properties'],
  ['reports'],
  ['explore'],
  ['adapters'],
  ['scenarios'],
  ['cli'],
];

function boundaries() {
  return LAYERS.flatMap((layer, i) =>
    layer.map((folder) => {
      const above = LAYERS.slice(i + 1).flat();
      // Folders of the same floor do not lean on each other either (models and properties).
      const beside = layer.filter((f) => f !== folder);
      const banned = [...above, ...beside, 'bench', 'e2e'];
      return {
        files: [`${folder}/**/*.ts`],
        ignores: ['**/*.test.ts', '**/*.fixture.ts'],
        rules: {
          // A dynamic import() is an arrow too.
          'no-restricted-syntax': [
            'error',
            {
              selector: `ImportExpression[source.value=/(^|\\/)(${banned.join('|')})\\//]`,
              message: `${folder}/ may only import() the layers below it (see docs/architecture.md, "Layers")`,
            },
          ],
          'no-restricted-imports': [
            'error',
            {
              patterns: banned.map((f) => ({
                group: [`**/${f}/*`, `**/${f}/**`],
                message: `${folder}/ may not import ${f}/: it is ${above.includes(f) ? 'a layer above' : 'a layer beside'} (see docs/architecture.md, "Layers")`,
              })),
            },
          ],
        },
      };
    }),
  );
}

// Not type-aware on purpose: `npm run lint` must stay fast enough for every push.
export default defineConfig(
  { ignores: ['.scratch/**', '.bench-build/', 'dist/', 'node_modules/', '.vitest/', 'coverage/', 'reports-out/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly' },
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
  ...boundaries(),
);
