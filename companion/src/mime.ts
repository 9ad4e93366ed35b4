import path from 'node:path';

// Only what the app and the model directory actually contain; anything else is served as
// opaque bytes, which together with `nosniff` can never be run as script or rendered as HTML.
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  // Must be exact: WebAssembly.instantiateStreaming rejects any other type.
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The default for unknown extensions. */
export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/**
 * The Content-Type for a file, chosen by its extension (case-insensitive).
 *
 * @param filePath a file name or path; only its extension is read
 */
export function contentTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? FALLBACK_MIME_TYPE;
}
