import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Size and sha256 of each onnxruntime-web build's wasm: the model manager downloads the one a
 * browser needs with its first model and checks it like a model file (src/platform/runtime.ts).
 */
function ortWasm(): Record<'plain' | 'asyncify', { bytes: number; sha256: string }> {
  const file = (name: string) => {
    const bytes = readFileSync(path.resolve('node_modules/onnxruntime-web/dist', name));
    return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  return {
    plain: file('ort-wasm-simd-threaded.wasm'),
    asyncify: file('ort-wasm-simd-threaded.asyncify.wasm'),
  };
}

/**
 * Size and sha256 of espeak-ng's wasm (18.5 MB, every language's dictionary): it comes with the
 * first voice through the model manager (src/core/models/phonemizer.ts), never with the shell.
 */
function espeakWasm(): { bytes: number; sha256: string } {
  const bytes = readFileSync(path.resolve('node_modules/espeak-ng/dist/espeak-ng.wasm'));
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

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
    __KIANA_ORT_WASM__: JSON.stringify(ortWasm()),
    __KIANA_ESPEAK_WASM__: JSON.stringify(espeakWasm()),
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
      // The icons come in once, through the manifest's list; `globPatterns` leaves them out.
      includeAssets: ['icons/icon.svg'],
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
        // The shell only (#18: a first visit ≤ 5 MB). Left out: both onnxruntime-web wasm builds
        // (14 + 27 MB; the one a browser needs comes with its first model, through the model
        // manager, into OPFS), espeak-ng's wasm (18.5 MB, with the first voice, the same way)
        // and the Asyncify wa-sqlite build with its IndexedDB VFS, which only
        // a browser without OPFS access handles loads (cached at its first use, below).
        globPatterns: ['**/*.{js,mjs,css,html,wasm}'],
        globIgnores: [
          '**/ort-wasm-*.wasm',
          '**/espeak-ng-*.wasm',
          '**/wa-sqlite-async-*',
          '**/IDBBatchAtomicVFS-*',
        ],
        runtimeCaching: [
          {
            // Hashed names: a cached copy is never stale.
            urlPattern: /\/assets\/(wa-sqlite-async|IDBBatchAtomicVFS)-[\w-]+\.(js|wasm)$/,
            handler: 'CacheFirst',
            options: { cacheName: 'kiana-sqlite-fallback' },
          },
        ],
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
