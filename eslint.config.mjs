// Lint: ESLint (flat config) with typescript-eslint's type-aware rules on src/, eslint-plugin-lit
// and eslint-plugin-wc on the elements, plain recommended rules on the JavaScript around them
// (tests, scripts, demo, bench, examples). Formatting is Prettier's (eslint-config-prettier
// turns off the rules it owns). Lit templates' bindings are checked by lit-analyzer
// (`npm run lint`). Zero warnings: `--max-warnings 0`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.ci/**',
      'build/**',
      'coverage/**',
      'test-output/**',
      'custom-elements.json',
      'examples/*/dist/**',
      'examples/*/node_modules/**',
      '**/*.d.ts',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  // TypeScript: type-aware, on the two programs the build compiles (tsconfig.json, tsconfig.node.json).
  {
    files: ['src/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The SDK and twilio-node are typed loosely; these would flag every use of their `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // What matters: every promise handled, every union switched over completely.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Rejections pass on what was caught or what an AbortSignal carries, as they are.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true, allowThrowingAny: true }],
      // Interface methods (AttemptStore.hit) are async by contract even when this one needs no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/elements/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    languageOptions: { globals: globals.browser },
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // Lit calls template listeners (`@click=${this.onX}`) with the host as `this`.
      '@typescript-eslint/unbound-method': 'off',
      // The SDK types its states as enums whose values are the strings we compare with.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    files: ['src/server/**/*.ts', 'src/emulator/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  // JavaScript around the source: recommended rules, the right globals.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs', '**/*.jsx'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    files: ['**/*.cjs', 'examples/twilio-functions/functions/**/*.js'],
    // Twilio Functions: CommonJS, with the runtime's `Runtime` global.
    languageOptions: { sourceType: 'commonjs', globals: { Runtime: 'readonly' } },
  },
  // Tests in TypeScript (browser suites, type tests): syntax and recommended rules without type information.
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    extends: [...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': 'off', // chai's `expect(x).to.be.true`
    },
  },
  prettier,
);
