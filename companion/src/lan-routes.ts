/**
 * The HTTP routes the LAN features add: the CA install page, the PeerJS id endpoint, and the rule
 * that plain HTTP serves the app to this machine only (other devices are sent to HTTPS, where
 * service workers, OPFS and the microphone work).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { serveCa, type CaInfo } from './ca-route.js';
import { sendJson } from './respond.js';
import type { ExtraRoute } from './server.js';
import { base32 } from '@kiana/shared/ids';
import { LAN_INFO_PATH, PEERJS_KEY, PEERJS_PATH, type LanInfo } from '@kiana/shared/protocol';
import { isLoopback } from './addresses.js';

/** Paths other devices may fetch over plain HTTP: health, and the CA they cannot yet verify. */
const HTTP_LAN_PATHS = new Set(['/healthz', '/ca', '/ca.crt', LAN_INFO_PATH]);

/**
 * Where to send a LAN browser that came over HTTP: the same host if it is an address or a
 * `.local` name (both are in the certificate), otherwise `<name>.local`.
 */
export function httpsLocation(req: IncomingMessage, name: string, httpsPort: number): string {
  const hostHeader = req.headers.host ?? '';
  const hostname = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
  const bare = hostname.replace(/^\[|\]$/g, '');
  const host = isIP(bare) !== 0 || /^[a-z0-9-]+\.local$/i.test(bare) ? hostname : `${name}.local`;
  return `https://${host}:${httpsPort}${req.url ?? '/'}`;
}

/** PeerJS's HTTP API: `GET /peerjs` describes the server, `GET /peerjs/<key>/id` hands out an id. */
function servePeerjs(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (pathname === PEERJS_PATH) {
    sendJson(req, res, 200, {
      name: 'Kiana companion',
      description: 'PeerJS-compatible signalling',
    });
    return true;
  }
  if (pathname !== `${PEERJS_PATH}/${PEERJS_KEY}/id`) return false;
  const id = base32(randomBytes(16));
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Content-Length': id.length,
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : id);
  return true;
}

/**
 * Builds the extra route; `ca` and `lan` are read on every request because the certificate and
 * the machine's addresses may change.
 */
export function lanRoutes(ca: () => CaInfo, lan: () => LanInfo): ExtraRoute {
  return (req, res, { pathname, secure }) => {
    const info = ca();
    if (serveCa(req, res, pathname, info)) return true;
    if (pathname === LAN_INFO_PATH) {
      sendJson(req, res, 200, lan());
      return true;
    }
    if (
      !secure &&
      info.httpsPort !== null &&
      !isLoopback(req.socket.remoteAddress) &&
      !HTTP_LAN_PATHS.has(pathname)
    ) {
      res.writeHead(308, {
        Location: httpsLocation(req, info.name, info.httpsPort),
        'Content-Length': 0,
      });
      res.end();
      return true;
    }
    return servePeerjs(req, res, pathname);
  };
}
