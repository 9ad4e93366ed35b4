import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run in Node, whose `node` condition would pick @kiana/shared's compiled JS (made for
  // the companion by `npm run build`); `kiana-source` loads its TypeScript sources instead.
  ssr: { resolve: { conditions: ['kiana-source', ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        // The state classes (src/state/*.svelte.ts) use runes; compiled as Svelte compiles them.
        plugins: [svelte()],
        test: {
          name: 'unit',
          // Projects with different worker counts run as ordered groups: units first.
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.ts', 'companion/tests/**/*.test.ts'],
          environment: 'node',
          // A hang detector, not a speed limit: the fuzz and property tests take 0.3–0.6 s on
          // a quiet CI machine and over 5 s (the default) on a loaded one.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          // Each test file drives real Chromium processes; two cores fit two files at once.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['tests/browser/global-setup.ts'],
          setupFiles: ['tests/browser/guard.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'lan',
          sequence: { groupOrder: 2 },
          include: ['tests/lan/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
