/**
 * WebSocket upgrades for the three endpoints (PeerJS signalling, the directory, companion links):
 * checks the path, the origin, who may use the endpoint over which listener, and the
 * per-address connection cap, before the `ws` library takes the socket. Refusals are answered
 * with a plain HTTP status and logged with their reason.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isLoopback } from './addresses.js';
import type { Logger } from './log.js';
import type { ConnectionLimiter } from './rate-limit.js';

export interface Endpoint {
  readonly maxPayload: number;
  /** Browser endpoints check Origin; the companion link has none. */
  readonly browser: boolean;
  /** Over plain HTTP, browser endpoints serve loopback only once HTTPS exists. */
  readonly loopbackOnlyOverHttp: boolean;
  readonly connect: (socket: WebSocket, req: IncomingMessage, from: string) => void;
}

function reject(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Routes upgrade requests on `server` to `endpoints` (keyed by exact pathname). A browser sends
 * Origin on every WebSocket; `ownOrigin` (own-origin.ts) must accept it, so a web page from
 * elsewhere, rebound names included, cannot drive a companion through the visitor's browser.
 * Clients without Origin (other companions, tools) pass.
 */
export function attachUpgrades(
  server: Server | HttpsServer,
  secure: boolean,
  endpoints: ReadonlyMap<string, Endpoint>,
  limiter: ConnectionLimiter,
  logger: Logger,
  ownOrigin: (origin: string) => boolean,
): void {
  const servers = new Map<string, WebSocketServer>();
  for (const [path, endpoint] of endpoints) {
    servers.set(path, new WebSocketServer({ noServer: true, maxPayload: endpoint.maxPayload }));
  }
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const from = req.socket.remoteAddress ?? '';
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const endpoint = endpoints.get(pathname);
    const wss = servers.get(pathname);
    const refuse = (status: string, reason: string): void => {
      logger.warn('refused', { endpoint: pathname, reason, from });
      reject(socket, status);
    };
    if (endpoint === undefined || wss === undefined) return refuse('404 Not Found', 'unknown path');
    const origin = req.headers.origin;
    if (endpoint.browser && origin !== undefined && !ownOrigin(origin)) {
      return refuse('403 Forbidden', 'foreign origin');
    }
    if (!secure && endpoint.loopbackOnlyOverHttp && !isLoopback(from)) {
      return refuse('403 Forbidden', 'use https from the LAN');
    }
    const release = limiter.acquire(from);
    if (release === undefined) return refuse('503 Service Unavailable', 'too-many-connections');
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error: Error & { code?: string }) => {
        const reason =
          error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'oversized' : 'malformed';
        logger.warn('refused frame', { endpoint: pathname, reason, detail: error.message, from });
      });
      endpoint.connect(ws, req, from);
    });
  });
}
