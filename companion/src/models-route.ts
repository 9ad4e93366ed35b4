import type { IncomingMessage, ServerResponse } from 'node:http';
import { CACHE_REVALIDATE } from './cache-policy.js';
import type { Logger } from './log.js';
import { sendStatus } from './respond.js';
import { resolveInside } from './safe-path.js';
import { openRegularFile, sendFile } from './static.js';

/**
 * Serves `/models/<path>` from `modelsDir`, with byte ranges for large weights.
 *
 * A missing file is ALWAYS a plain 404, never the SPA shell: transformers.js treats any
 * non-404 answer as "this file exists" and would try to parse index.html as a model. No
 * directory listings either. Files are revalidated (not immutable) because their names carry
 * no hash and a model may be replaced by a newer download.
 *
 * @param segments the path segments after `models`
 */
export async function serveModels(
  req: IncomingMessage,
  res: ServerResponse,
  modelsDir: string,
  segments: readonly string[],
  logger: Logger,
): Promise<void> {
  const target = segments.length === 0 ? undefined : resolveInside(modelsDir, segments);
  const file = target === undefined ? undefined : await openRegularFile(target);
  if (file === undefined) {
    sendStatus(req, res, 404);
    return;
  }
  sendFile(req, res, file, CACHE_REVALIDATE, logger);
}
