import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from './log.js';
import { TokenBucket } from './rate-limit.js';
import { bindingSuccess, parseStunRequest, unknownAttributesError } from './stun-codec.js';

/** A running STUN responder. */
export interface StunServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Per source address: ICE gathering sends a handful of requests; a flood gets no answers. */
const BURST = 50;
const PER_SECOND = 20;
const MAX_TRACKED = 4096;

/**
 * Answers STUN Binding requests on UDP `port` (0 = any free port). Responses are never larger
 * than requests by much and go only to the source, and each source address has a token bucket,
 * so the responder cannot be used to amplify a flood.
 *
 * @param host the address to bind; a wildcard IPv4 host binds 0.0.0.0, an IPv6 one `::`
 */
export async function startStunServer(
  host: string,
  port: number,
  logger: Logger,
): Promise<StunServer> {
  const socket: Socket = createSocket({ type: isIPv6(host) || host === '::' ? 'udp6' : 'udp4' });
  const buckets = new Map<string, TokenBucket>();
  let dropped = 0;

  socket.on('message', (datagram, remote) => {
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; answer them in IPv4.
    const address =
      remote.address.startsWith('::ffff:') && remote.address.includes('.')
        ? remote.address.slice(7)
        : remote.address;
    let bucket = buckets.get(address);
    if (bucket === undefined) {
      // Forget idle sources rather than growing without bound under spoofed floods.
      if (buckets.size >= MAX_TRACKED) buckets.clear();
      bucket = new TokenBucket(BURST, PER_SECOND);
      buckets.set(address, bucket);
    }
    if (!bucket.take()) {
      // Log the first refusal and then every 1000th, so a flood cannot flood the log too.
      if (dropped++ % 1000 === 0)
        logger.warn('stun refused', { from: remote.address, reason: 'rate-limited' });
      return;
    }
    const request = parseStunRequest(datagram);
    if (request.kind === 'ignore') {
      logger.debug('stun ignored', { from: remote.address, reason: request.reason });
      return;
    }
    const response =
      request.kind === 'binding'
        ? bindingSuccess(request.transactionId, address, remote.port)
        : unknownAttributesError(request.transactionId, request.types);
    socket.send(response, remote.port, remote.address, (error) => {
      if (error) logger.debug('stun send failed', { to: remote.address, error });
    });
  });
  socket.on('error', (error) => logger.error('stun socket error', { error }));

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host === '0.0.0.0' || host === '' ? undefined : host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const bound = socket.address().port;
  logger.info('stun listening', { port: bound });
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
