import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from './log.js';
import { sendStatus } from './respond.js';

/**
 * `/ollama/api/tags` and `/ollama/api/chat`: Ask's Ollama engine, proxied to OLLAMA_HOST so the
 * page talks only to its own origin (the CSP's connect-src stays `'self'`) and the person decides
 * on the companion which machine sees their memories. Strict about what passes: two paths, one
 * method each, a JSON body of at most 256 KiB rebuilt from validated fields only (model, chat
 * messages, `stream: true`, two numeric options), answers capped in size and time. Only pages of
 * the companion itself may ask (Host and Origin checked, against DNS rebinding). Nothing of a
 * question or an answer is logged: only path, status, model name and byte counts.
 */

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
export const MAX_CHAT_BODY = 256 * 1024;
/** An answer longer than this is cut (a runaway model). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const MAX_TAGS_BYTES = 1024 * 1024;
/** No byte from Ollama for this long ends the request (a model load can take a while). */
const IDLE_TIMEOUT_MS = 120_000;

const MODEL = /^[\w.:/-]{1,200}$/;
const ROLES = new Set(['system', 'user', 'assistant']);
const MAX_MESSAGES = 32;
const MAX_CONTENT = 64 * 1024;

/** OLLAMA_HOST as Ollama itself reads it: `host:port` or a URL; http(s) only, no path. */
export function parseOllamaHost(value: string | undefined): URL | string {
  const raw = (value ?? '').trim() || DEFAULT_OLLAMA_HOST;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return `OLLAMA_HOST "${raw}" is not a host or URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'OLLAMA_HOST must be http or https';
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search) {
    return 'OLLAMA_HOST must be a bare origin (no path, query or credentials)';
  }
  if (url.port === '') url.port = '11434';
  return url;
}

type Json = Record<string, unknown>;

function int(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

/** The body sent to Ollama, rebuilt from `value`'s validated fields; a string says what is wrong. */
export function checkChatBody(value: unknown): Json | string {
  const v = (value ?? {}) as Json;
  if (typeof v.model !== 'string' || !MODEL.test(v.model)) return 'model';
  if (v.stream !== true) return 'stream must be true';
  if (!Array.isArray(v.messages) || v.messages.length === 0 || v.messages.length > MAX_MESSAGES)
    return 'messages';
  const messages: Json[] = [];
  for (const m of v.messages as unknown[]) {
    const { role, content } = (m ?? {}) as Json;
    if (typeof role !== 'string' || !ROLES.has(role)) return 'message role';
    if (typeof content !== 'string' || content.length > MAX_CONTENT) return 'message content';
    messages.push({ role, content });
  }
  const o = (v.options ?? {}) as Json;
  const options: Json = {};
  const numCtx = int(o.num_ctx, 256, 131_072);
  const numPredict = int(o.num_predict, 1, 4096);
  if (numCtx !== undefined) options.num_ctx = numCtx;
  if (numPredict !== undefined) options.num_predict = numPredict;
  return { model: v.model, messages, stream: true, options };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface OllamaRouteOptions {
  readonly host: URL;
  readonly logger: Logger;
  /** True when `origin` (`http://host:port`) is a page of this companion (own-origin.ts). */
  readonly ownOrigin: (origin: string) => boolean;
}

/** The route; answers (and returns true for) every path under `/ollama/`. */
export function ollamaRoute(options: OllamaRouteOptions) {
  const { host, logger } = options;
  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    path: '/api/tags' | '/api/chat',
    body: Buffer | null,
    limit: number,
    model: string | null,
  ): Promise<void> =>
    new Promise((resolve) => {
      const send = host.protocol === 'https:' ? httpsRequest : httpRequest;
      let bytes = 0;
      const upstream = send(
        new URL(path, host),
        {
          method: body === null ? 'GET' : 'POST',
          headers:
            body === null
              ? {}
              : { 'Content-Type': 'application/json', 'Content-Length': body.length },
          timeout: IDLE_TIMEOUT_MS,
        },
        (answer) => {
          const status = answer.statusCode ?? 502;
          res.writeHead(status, {
            'Content-Type':
              path === '/api/chat' && status === 200 ? 'application/x-ndjson' : 'application/json',
            'Cache-Control': 'no-store',
          });
          answer.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > limit) {
              logger.warn('ollama answer too large, cut', { path, model, bytes });
              answer.destroy();
              res.end();
              return;
            }
            // A client that does not read must not make us buffer Ollama's answer: wait.
            if (!res.write(chunk)) {
              answer.pause();
              res.once('drain', () => answer.resume());
            }
          });
          // A client gone mid-answer ends the upstream request too.
          res.on('close', () => {
            if (!answer.complete) answer.destroy();
          });
          answer.on('end', () => res.end());
          answer.on('close', () => {
            logger.info('ollama', { path, model, status, bytes });
            if (!res.writableEnded) res.end();
            resolve();
          });
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
      upstream.on('error', (error) => {
        logger.warn('ollama unreachable', {
          path,
          host: host.origin,
          error: error.message,
        });
        if (!res.headersSent) sendStatus(req, res, 502, {}, 'Ollama is not reachable');
        else res.destroy();
        resolve();
      });
      // The person pressed Stop answer (or left): stop Ollama's generation too.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body ?? undefined);
    });

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname !== '/ollama' && !pathname.startsWith('/ollama/')) return false;
    const hostHeader = req.headers.host;
    const origin = req.headers.origin;
    if (
      hostHeader === undefined ||
      !options.ownOrigin(`http://${hostHeader}`) ||
      (origin !== undefined && !options.ownOrigin(origin))
    ) {
      logger.warn('ollama: refused a foreign page', { host: hostHeader, origin });
      sendStatus(req, res, 403);
      return true;
    }
    if (pathname === '/ollama/api/tags') {
      if (req.method !== 'GET') sendStatus(req, res, 405, { Allow: 'GET' });
      else await forward(req, res, '/api/tags', null, MAX_TAGS_BYTES, null);
      return true;
    }
    if (pathname === '/ollama/api/chat') {
      if (req.method !== 'POST') {
        sendStatus(req, res, 405, { Allow: 'POST' });
        return true;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendStatus(req, res, 415);
        return true;
      }
      const raw = await readBody(req, MAX_CHAT_BODY);
      if (raw === null) {
        sendStatus(req, res, 413);
        return true;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        sendStatus(req, res, 400, {}, 'not JSON');
        return true;
      }
      const body = checkChatBody(parsed);
      if (typeof body === 'string') {
        logger.info('ollama: refused a malformed chat', { field: body });
        sendStatus(req, res, 400, {}, body);
        return true;
      }
      await forward(
        req,
        res,
        '/api/chat',
        Buffer.from(JSON.stringify(body)),
        MAX_ANSWER_BYTES,
        body.model as string,
      );
      return true;
    }
    sendStatus(req, res, 404);
    return true;
  };
}
