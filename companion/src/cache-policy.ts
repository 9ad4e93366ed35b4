/** For Vite's content-hashed files: the name changes whenever the bytes do. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Store, but ask the server (a cheap 304 thanks to the ETag) before every use. */
export const CACHE_REVALIDATE = 'no-cache';

/**
 * The Cache-Control for a file of the built app, by its decoded URL path.
 *
 * Only `/assets/` is hashed, so only it may be cached forever. `sw.js`, `index.html`,
 * `manifest.webmanifest`, `registerSW.js` and `workbox-*.js` must be revalidated or an update
 * never reaches the user. The other unhashed files (icons, the self-hosted onnxruntime wasm) are
 * revalidated too: a stale wasm beside a fresh build breaks the app, and on a LAN (where plain
 * http gets no service worker) a 304 costs next to nothing.
 */
export function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
}
