import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { cacheControlFor, CACHE_REVALIDATE } from './cache-policy.js';
import type { Logger } from './log.js';
import { sendStatus } from './respond.js';
import { resolveInside } from './safe-path.js';
import { openRegularFile, sendFile } from './static.js';

/**
 * True for a request the single-page app should answer with index.html: a browser navigation
 * (Accept names text/html) to a path whose last segment has no extension, outside `/assets/`.
 * A missing `/assets/x.js` or `/icons/x.png` must stay a 404 so a broken build is visible.
 */
export function isSpaNavigation(segments: readonly string[], accept: string | undefined): boolean {
  const last = segments.at(-1);
  if (last === undefined || last.includes('.')) return false;
  if (segments[0] === 'assets' || segments[0] === 'models') return false;
  return accept !== undefined && accept.includes('text/html');
}

/**
 * Serves the built app from `distDir`: real files first, then the SPA fallback.
 *
 * @param segments the checked path segments from `decodeRequestPath`
 */
export async function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  distDir: string,
  pathname: string,
  segments: readonly string[],
  logger: Logger,
): Promise<void> {
  const target = resolveInside(distDir, segments);
  const file = target === undefined ? undefined : await openRegularFile(target, 'index.html');
  if (file !== undefined) {
    // A directory request is answered with its index.html, which must never be immutable.
    const cache = file.path === target ? cacheControlFor(pathname) : CACHE_REVALIDATE;
    sendFile(req, res, file, cache, logger);
    return;
  }
  const notBuilt = 'the app is not built; run `npm run build:app`';
  if (target !== undefined && isSpaNavigation(segments, req.headers.accept)) {
    const shell = await openRegularFile(path.join(distDir, 'index.html'));
    if (shell !== undefined) {
      sendFile(req, res, shell, CACHE_REVALIDATE, logger);
      return;
    }
    sendStatus(req, res, 404, {}, notBuilt);
    return;
  }
  // `/` itself only misses when there is no build at all; say so instead of a bare 404.
  sendStatus(req, res, 404, {}, segments.length === 0 ? notBuilt : undefined);
}
