import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };
import { APP_INPUTS, hashInputs } from './scripts/build-inputs.ts';

// The build id is the hash of what the build is made of: the same sources give the same build,
// so a restart never offers an update (the update test sets another id for a second build).
const inputs = hashInputs(APP_INPUTS);
const buildId = process.env.KIANA_BUILD_ID ?? inputs;

/** Leaves the inputs' hash in the output (a dotfile: never served) for `npm start` to compare. */
function stampInputs(): Plugin {
  let outDir = 'dist';
  return {
    name: 'kiana-stamp-inputs',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      writeFileSync(path.join(outDir, '.build-inputs'), `${inputs}\n`);
    },
  };
}

// `vite build --mode test` (npm run build:test, into dist-test/) is the test build: it installs
// the test hooks (src/app/test-hooks.ts) and the store's test methods. Any other mode leaves
// them out as dead code, so a production bundle holds none of them.
export default defineConfig(({ mode }) => ({
  define: {
    __KIANA_VERSION__: JSON.stringify(pkg.version),
    __KIANA_BUILD__: JSON.stringify(buildId),
    __KIANA_TEST__: JSON.stringify(mode === 'test'),
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
  },
  worker: { format: 'es' },
  plugins: [
    svelte(),
    stampInputs(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'Kiana',
        short_name: 'Kiana',
        description: 'A private AI assistant that lives entirely in your browsers.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#101418',
        theme_color: '#2f6f5e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,wasm,png,svg,webmanifest}'],
        // wa-sqlite and later onnxruntime wasm are large; the shell must still work offline.
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        navigateFallback: '/index.html',
        // Model files and the companion's own endpoints are never the SPA shell.
        navigateFallbackDenylist: [/^\/models\//, /^\/healthz/, /^\/peerjs/, /^\/ca/],
        cleanupOutdatedCaches: true,
        // The first install takes control at once (offline works after one visit); later
        // versions still wait for the person to press Update (no skipWaiting).
        clientsClaim: true,
      },
    }),
  ],
}));
