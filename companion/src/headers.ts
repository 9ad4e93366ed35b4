import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy for every response, kept in one place so it can be tuned.
 * - `'wasm-unsafe-eval'` lets onnxruntime-web and wa-sqlite compile WebAssembly; nothing else
 *   may eval.
 * - `blob:` workers: transformers.js / onnxruntime may start workers from blob URLs.
 * - connect-src names the companion's own WebSocket origins (`ws://` and `wss://` of the host the
 *   page was loaded from) for signalling and the directory, and no other socket: `ws: wss:` let
 *   injected script talk to any host. ('self' covers same-host sockets only in CSP 3 browsers.)
 * - `https://huggingface.co` and its file CDNs in connect-src: model files not on the companion's
 *   mirror come from the hub at a pinned revision; `/resolve/` redirects to a CDN host, today
 *   cas-bridge.xethub.hf.co or cdn-lfs*.hf.co, for older repositories still
 *   cdn-lfs*.huggingface.co (the hub's list of download hosts). Every file is sha256-checked.
 */
export function contentSecurityPolicy(host?: string): string {
  // The Host header goes into a header here, so only a plain host[:port] is taken.
  const sockets = host !== undefined && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets} https://huggingface.co https://*.huggingface.co https://*.hf.co`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A host name, IPv4 or bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Headers sent on every response, errors and 304s included.
 * COOP + COEP make the page cross-origin isolated, which SharedArrayBuffer (multi-threaded
 * onnxruntime wasm) requires; CORP same-origin is what COEP require-corp asks of our own files.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
};

/** Sets the security headers and the CSP for `host` on a response not yet sent. */
export function applySecurityHeaders(res: ServerResponse, host: string | undefined): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * The security headers as raw `Name: value\r\n` lines, for the few responses written straight to
 * a socket (malformed requests that never become a ServerResponse).
 */
export function rawSecurityHeaderLines(): string {
  return Object.entries({
    'Content-Security-Policy': contentSecurityPolicy(),
    ...SECURITY_HEADERS,
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
