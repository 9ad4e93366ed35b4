import path from 'node:path';

/** A request path split into decoded segments, or the reason it was refused. */
export type DecodedPath =
  | {
      readonly ok: true;
      /** The path as decoded text, always starting with `/` (e.g. `/models/a b.onnx`). */
      readonly pathname: string;
      /** Non-empty, decoded, checked segments: never `.`, `..`, or containing `/`, `\` or NUL. */
      readonly segments: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes the path part of a request target segment by segment and refuses anything that could
 * step outside a directory. We deliberately do NOT use `new URL()`: it resolves `..` and `%2e%2e`
 * itself, which would quietly turn `/models/../x` into `/x` and serve a different file instead of
 * refusing the request.
 *
 * @param target `req.url` as received (origin-form, e.g. `/assets/a.js?v=1`)
 */
export function decodeRequestPath(target: string): DecodedPath {
  if (!target.startsWith('/')) return { ok: false, reason: 'not an origin-form path' };
  const end = target.search(/[?#]/);
  const raw = end === -1 ? target : target.slice(0, end);
  const segments: string[] = [];
  for (const encoded of raw.split('/')) {
    // Empty segments (`//`, the leading and trailing slash) carry no name; skip them.
    if (encoded === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (segment === '.' || segment === '..') return { ok: false, reason: 'dot segment' };
    // An encoded slash or backslash would smuggle a separator past the split above.
    if (/[/\\\0]/.test(segment)) return { ok: false, reason: 'forbidden character' };
    segments.push(segment);
  }
  const trailing = raw.endsWith('/') && segments.length > 0 ? '/' : '';
  return { ok: true, pathname: `/${segments.join('/')}${trailing}`, segments };
}

/**
 * Joins checked segments onto a root directory and confirms the result is still inside it.
 * The check is lexical: symlinks inside the root are followed on purpose (an operator may link
 * the models directory to a shared download cache), but no request can name a path outside it.
 *
 * @returns the absolute path, or `undefined` if it would escape `root` or names a dotfile
 */
export function resolveInside(root: string, segments: readonly string[]): string | undefined {
  // Dotfiles (.git, .env, .cache) are never part of the app or a model; hide them entirely.
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  if (full !== base && !full.startsWith(base + path.sep)) return undefined;
  return full;
}
