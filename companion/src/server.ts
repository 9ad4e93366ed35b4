import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { isLoopback } from './addresses.js';
import { serveApp } from './app-route.js';
import { applySecurityHeaders, rawSecurityHeaderLines } from './headers.js';
import { ClientCounter, healthReport } from './health.js';
import { silentLogger, type Logger } from './log.js';
import { serveModels } from './models-route.js';
import { findRepoRoot, readPackageVersion } from './paths.js';
import { sendJson, sendStatus } from './respond.js';
import { decodeRequestPath } from './safe-path.js';

/**
 * A route added by the LAN features (CA download, redirects to HTTPS, the PeerJS id endpoint).
 * It runs before the built-in routes and returns true when it answered the request.
 */
export type ExtraRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  context: { readonly pathname: string; readonly secure: boolean },
) => boolean | Promise<boolean>;

/** What {@link startCompanion} needs; `main.ts` builds this from the parsed CLI config. */
export interface CompanionOptions {
  /** 0 lets the OS pick a free port; read the real one from the result. */
  readonly port: number;
  readonly host: string;
  readonly distDir: string;
  readonly modelsDir: string;
  /** Defaults to a logger that discards everything. */
  readonly logger?: Logger;
  /** Reported by /healthz; defaults to the root package.json version. */
  readonly version?: string;
  /** Pass one in to share it with other client sources (e.g. WebSocket signalling). */
  readonly clients?: ClientCounter;
  /** How long close() lets busy connections finish before cutting them. Default 2000 ms. */
  readonly shutdownGraceMs?: number;
  readonly extraRoutes?: ExtraRoute;
  /** `/ollama/…` (ollama-route.ts): checked before the GET/HEAD-only rule, as its chat is a POST. */
  readonly ollama?: (
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ) => Promise<boolean>;
  /** Extra fields for /healthz (companions seen, peers, directory size). */
  readonly healthExtras?: () => Readonly<Record<string, unknown>>;
  /** An HTTPS listener beside the HTTP one, serving the same routes. */
  readonly https?: { readonly port: number; readonly key: string; readonly cert: string };
}

/** The HTTPS half of a running companion. */
export interface HttpsListener {
  readonly port: number;
  /** Use `setSecureContext` on it to swap in a re-issued certificate. */
  readonly server: HttpsServer;
}

/** A running companion. */
export interface Companion {
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** A URL to open in a browser on this machine, ending in `/`. */
  readonly url: string;
  /** The underlying server, for attaching `upgrade` handlers such as signalling. */
  readonly server: Server;
  readonly clients: ClientCounter;
  readonly https: HttpsListener | undefined;
  /** Stops accepting, closes idle connections, cuts busy ones after the grace period. */
  close(): Promise<void>;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The URL a person on this machine would type for a server bound to `host:port`. */
export function localUrl(host: string, port: number): string {
  // Wildcards are reachable as localhost, which browsers treat as a secure context.
  if (WILDCARD_HOSTS.has(host)) return `http://localhost:${port}/`;
  return host.includes(':') ? `http://[${host}]:${port}/` : `http://${host}:${port}/`;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: CompanionOptions,
  context: {
    logger: Logger;
    version: string;
    startedAt: Date;
    clients: ClientCounter;
    secure: boolean;
  },
): Promise<void> {
  if ((req.url ?? '').startsWith('/ollama')) {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    // Without OLLAMA_HOST there is no proxy: a plain 404, never the app's pages.
    if (!options.ollama) {
      if (pathname === '/ollama' || pathname.startsWith('/ollama/')) {
        sendStatus(req, res, 404);
        return;
      }
    } else if (await options.ollama(req, res, pathname)) return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendStatus(req, res, 405, { Allow: 'GET, HEAD' });
    return;
  }
  const decoded = decodeRequestPath(req.url ?? '/');
  if (!decoded.ok) {
    context.logger.debug('refused path', { url: req.url, reason: decoded.reason });
    sendStatus(req, res, 400);
    return;
  }
  const { pathname, segments } = decoded;
  if (
    options.extraRoutes &&
    (await options.extraRoutes(req, res, { pathname, secure: context.secure }))
  ) {
    return;
  }
  if (pathname === '/healthz') {
    const report = healthReport(context.version, context.startedAt, context.clients);
    // Who is online (peers, clients, other companions) is for this machine's operator only; a
    // stranger on the LAN learns that a companion runs here, which mDNS tells anyway.
    if (!isLoopback(req.socket.remoteAddress)) {
      sendJson(req, res, 200, { status: report.status, version: report.version });
      return;
    }
    sendJson(req, res, 200, { ...report, ...options.healthExtras?.() });
    return;
  }
  if (segments[0] === 'models') {
    await serveModels(req, res, options.modelsDir, segments.slice(1), context.logger);
    return;
  }
  await serveApp(req, res, options.distDir, pathname, segments, context.logger);
}

// Requests so malformed that Node never builds a ServerResponse still get our headers.
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\n${rawSecurityHeaderLines()}Connection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

function listen(server: Server | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts the companion HTTP server and resolves once it is listening.
 *
 * @throws the listen error (e.g. `EADDRINUSE`) if the port cannot be bound
 */
export async function startCompanion(options: CompanionOptions): Promise<Companion> {
  const logger = options.logger ?? silentLogger;
  const clients = options.clients ?? new ClientCounter();
  const version = options.version ?? readPackageVersion(findRepoRoot());
  const graceMs = options.shutdownGraceMs ?? 2000;
  let startedAt = new Date();
  let closing = false;

  if (!existsSync(path.join(options.distDir, 'index.html'))) {
    logger.warn('app not built', { distDir: options.distDir, hint: 'run npm run build:app' });
  }

  const handler =
    (secure: boolean) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      applySecurityHeaders(res, req.headers.host);
      // While shutting down, finish this response but do not keep the connection alive.
      if (closing) res.setHeader('Connection', 'close');
      const began = performance.now();
      res.once('finish', () => {
        logger.debug('request', {
          method: req.method,
          url: req.url,
          status: res.statusCode,
          ms: Math.round(performance.now() - began),
        });
      });
      const context = { logger, version, startedAt, clients, secure };
      route(req, res, options, context).catch((error: unknown) => {
        logger.error('request failed', { url: req.url, error });
        if (res.headersSent) res.destroy();
        else sendStatus(req, res, 500);
      });
    };
  const server = createServer(handler(false));
  const httpsServer =
    options.https === undefined
      ? undefined
      : createHttpsServer({ key: options.https.key, cert: options.https.cert }, handler(true));
  for (const each of httpsServer === undefined ? [server] : [server, httpsServer]) {
    each.on('connection', (socket: Socket) => {
      socket.once('close', clients.acquire());
    });
    each.on('clientError', answerClientError);
  }

  await listen(server, options.port, options.host);
  if (httpsServer !== undefined && options.https !== undefined) {
    try {
      await listen(httpsServer, options.https.port, options.host);
    } catch (error) {
      server.close();
      throw error;
    }
  }
  startedAt = new Date();
  server.on('error', (error) => logger.error('server error', { error }));
  httpsServer?.on('error', (error) => logger.error('https server error', { error }));
  httpsServer?.on('tlsClientError', (error) => logger.debug('tls client error', { error }));

  const port = (server.address() as AddressInfo).port;
  const url = localUrl(options.host, port);
  const https =
    httpsServer === undefined
      ? undefined
      : { port: (httpsServer.address() as AddressInfo).port, server: httpsServer };
  logger.info('listening', { port, host: options.host, url, version, httpsPort: https?.port });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing = true;
      const all = httpsServer === undefined ? [server] : [server, httpsServer];
      const force = setTimeout(() => {
        for (const each of all) each.closeAllConnections();
      }, graceMs);
      force.unref();
      void Promise.all(all.map((each) => new Promise((done) => each.close(done)))).then(() => {
        clearTimeout(force);
        logger.info('closed');
        resolve();
      });
      for (const each of all) each.closeIdleConnections();
    });
    return closed;
  };

  return { port, url, server, clients, https, close };
}
