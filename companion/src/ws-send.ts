import type { RawData, WebSocket } from 'ws';

/** Above this many unsent bytes a receiver is too slow; further frames to it are dropped. */
const MAX_BUFFERED = 1024 * 1024;

/** Sends `value` as one JSON text frame if the socket is open and keeping up. */
export function sendFrame(socket: WebSocket, value: unknown): boolean {
  if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED) return false;
  socket.send(JSON.stringify(value));
  return true;
}

/** The text of a frame, or undefined for binary frames (no endpoint here accepts those). */
export function textOf(data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined;
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
