import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Ends a response with a short plain-text body such as `404 Not Found`. Errors are never cached:
 * a model that is missing now may be downloaded a minute later.
 *
 * @param headers extra headers, e.g. `Allow` for 405 or `Content-Range` for 416
 * @param detail an optional sentence for humans, appended to the status line
 */
export function sendStatus(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = {},
  detail?: string,
): void {
  const line = `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;
  const body = `${detail === undefined ? line : `${line}: ${detail}`}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Ends a response with a JSON body.
 *
 * @param cacheControl defaults to `no-store`, as every JSON endpoint so far reports live state
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  cacheControl = 'no-store',
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': cacheControl,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
