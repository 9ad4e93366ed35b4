import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy for every response, kept in one place so it can be tuned.
 * - `'wasm-unsafe-eval'` lets onnxruntime-web and wa-sqlite compile WebAssembly; nothing else
 *   may eval.
 * - `blob:` workers: transformers.js / onnxruntime may start workers from blob URLs.
 * - `ws: wss:` in connect-src is for PeerJS signalling to a companion on another LAN address.
 * - `https://huggingface.co` and its file CDNs in connect-src: model files not on the companion's
 *   mirror come from the hub at a pinned revision; `/resolve/` redirects to a CDN host, today
 *   cas-bridge.xethub.hf.co or cdn-lfs*.hf.co, for older repositories still
 *   cdn-lfs*.huggingface.co (the hub's list of download hosts). Every file is sha256-checked.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss: https://huggingface.co https://*.huggingface.co https://*.hf.co",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers sent on every response, errors and 304s included.
 * COOP + COEP make the page cross-origin isolated, which SharedArrayBuffer (multi-threaded
 * onnxruntime wasm) requires; CORP same-origin is what COEP require-corp asks of our own files.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
};

/** Sets {@link SECURITY_HEADERS} on a response that has not sent its head yet. */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * The security headers as raw `Name: value\r\n` lines, for the few responses written straight to
 * a socket (malformed requests that never become a ServerResponse).
 */
export function rawSecurityHeaderLines(): string {
  return Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
