// Type-aware lint for the app, workers, tests and the companion, with the dependency direction
// of DESIGN.md enforced by no-restricted-imports per folder: ui → state → platform → core;
// workers → core; core imports nothing of ours outside core and nothing of the browser stack;
// @kiana/shared (packages/shared) imports nothing but itself; the companion only @kiana/shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const browserStack = [
  'svelte',
  'svelte/*',
  'dexie',
  'peerjs',
  '@journeyapps/wa-sqlite',
  '@journeyapps/wa-sqlite/*',
  'workbox-window',
  'virtual:*',
];

/** Builds a no-restricted-imports rule from path groups that a folder must not import. */
function forbid(groups, message) {
  return {
    'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-test/',
      'companion/dist/',
      'packages/*/dist/',
      'node_modules/',
      '.cache/',
      'models/',
      'bench/results/',
      'dev-dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Small files with one job (DESIGN.md): past 400 lines a file is doing two.
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['*.js', '*.config.ts', 'eslint.config.js', 'svelte.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/core/**'],
    rules: forbid(
      [
        ...browserStack,
        '**/platform/**',
        '**/state/**',
        '**/ui/**',
        '**/i18n/**',
        '**/workers/**',
        '**/companion/**',
      ],
      'src/core is pure: it imports nothing of ours outside core and nothing of the browser stack.',
    ),
  },
  // The app reaches a worker only through its contract in src/core/api (and `new Worker(new
  // URL(...))`, which is not an import): never through a worker's implementation files.
  {
    files: ['src/platform/**'],
    rules: forbid(
      ['**/state/**', '**/ui/**', '**/app/**', '**/workers/**'],
      'platform sits below state, ui and the composition root (src/app), and reaches workers only through src/core/api.',
    ),
  },
  {
    files: ['src/state/**'],
    rules: forbid(
      ['**/ui/**', '**/app/**', '**/workers/**'],
      'state sits below ui and the composition root (src/app), which hands it its parts; it reaches workers only through src/core/api.',
    ),
  },
  {
    files: ['src/ui/**'],
    rules: forbid(['**/workers/**'], 'ui reaches workers only through src/core/api.'),
  },
  {
    files: ['workers/**'],
    rules: forbid(
      ['**/platform/**', '**/state/**', '**/ui/**', 'svelte', 'dexie'],
      'workers depend on core only.',
    ),
  },
  {
    files: ['packages/shared/**'],
    rules: forbid(
      [...browserStack, 'node:*', '@kiana/*', '**/src/core/**', '**/workers/**', '**/companion/**'],
      '@kiana/shared runs in browsers and in Node: it imports nothing but its own files.',
    ),
  },
  {
    files: ['companion/**'],
    rules: forbid(
      [
        '**/src/core/**',
        '**/src/platform/**',
        '**/src/state/**',
        '**/src/ui/**',
        '**/workers/**',
        '**/packages/**',
      ],
      'the companion shares code with the browser only through @kiana/shared.',
    ),
  },
);
