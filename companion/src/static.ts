import { open, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import path from 'node:path';
import type { Logger } from './log.js';
import { contentTypeFor } from './mime.js';
import { parseRange } from './range.js';
import { sendStatus } from './respond.js';

/** An open regular file and its stat, taken from the same descriptor so they cannot disagree. */
export interface OpenedFile {
  readonly handle: FileHandle;
  readonly stat: Stats;
  /** Used for the Content-Type. */
  readonly path: string;
}

// Errors that simply mean "there is no such file here".
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EACCES', 'EPERM']);

/**
 * Opens a regular file for reading. Opening first and then calling fstat avoids the race where
 * a file is replaced between a `stat` and a later `open` (models get re-downloaded in place).
 *
 * @param directoryIndex if the path is a directory, open this file inside it instead
 * @returns the open file, or `undefined` if there is no regular file at that path
 */
export async function openRegularFile(
  filePath: string,
  directoryIndex?: string,
): Promise<OpenedFile | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if (NOT_FOUND_CODES.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
  const stat = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (stat.isFile()) return { handle, stat, path: filePath };
  await handle.close();
  if (stat.isDirectory() && directoryIndex !== undefined) {
    return openRegularFile(path.join(filePath, directoryIndex));
  }
  return undefined;
}

/**
 * A strong validator from size and modification time, as nginx does. Strong (not `W/`) so that
 * `If-Range` can use it: a resumed model download must never splice two different files.
 */
export function etagFor(stat: Stats): string {
  return `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/** True if an `If-None-Match` header lists `etag` (weak comparison, as RFC 9110 §13.1.2 says). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function notModifiedSince(req: IncomingMessage, stat: Stats): boolean {
  // If-Modified-Since only counts when there is no If-None-Match (RFC 9110 §13.1.3).
  const since = req.headers['if-modified-since'];
  if (since === undefined || req.headers['if-none-match'] !== undefined) return false;
  const time = Date.parse(since);
  // HTTP dates have whole seconds, so compare at that precision.
  return !Number.isNaN(time) && Math.floor(stat.mtimeMs / 1000) <= Math.floor(time / 1000);
}

/**
 * Sends an opened file with validators, conditional GET (304), HEAD and single byte ranges
 * (206 / 416). Takes ownership of `file.handle` and always closes it.
 *
 * @param cacheControl the Cache-Control value for a successful response
 */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: OpenedFile,
  cacheControl: string,
  logger: Logger,
): void {
  const { stat } = file;
  const etag = etagFor(stat);
  const lastModified = stat.mtime.toUTCString();
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', lastModified);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Accept-Ranges', 'bytes');

  if (ifNoneMatchHits(req.headers['if-none-match'], etag) || notModifiedSince(req, stat)) {
    void file.handle.close();
    res.writeHead(304);
    res.end();
    return;
  }

  // If-Range: honour Range only if the client's copy is still the current file.
  const ifRange = req.headers['if-range'];
  const rangeHeader =
    ifRange === undefined || ifRange === etag || ifRange === lastModified
      ? req.headers.range
      : undefined;
  const range = parseRange(rangeHeader, stat.size);
  if (range.kind === 'unsatisfiable') {
    void file.handle.close();
    sendStatus(req, res, 416, { 'Content-Range': `bytes */${stat.size}` });
    return;
  }

  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : stat.size - 1;
  res.setHeader('Content-Type', contentTypeFor(file.path));
  res.setHeader('Content-Length', end - start + 1);
  if (range.kind === 'partial') {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`);
  }
  if (req.method === 'HEAD' || stat.size === 0) {
    void file.handle.close();
    res.end();
    return;
  }
  // createReadStream closes the handle on end, error and destroy (autoClose).
  const stream = file.handle.createReadStream({ start, end });
  pipeline(stream, res, (error) => {
    // A client that goes away mid-download is routine; anything else is worth a line.
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      logger.warn('file stream failed', { path: file.path, error });
    }
  });
}
