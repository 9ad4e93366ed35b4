/**
 * The messages on the `kiana-store` BroadcastChannel, which carries RPC between the store worker
 * (in the elected tab) and the other tabs of the same browser. BroadcastChannel reaches every
 * same-origin context, including workers, on desktop and mobile alike (SharedWorker is missing on
 * Chrome for Android), but it is a shared bus, not a pipe: every RPC message is addressed, and
 * the store worker announces itself with a fresh id so a tab knows when requests it sent to a
 * vanished owner must be sent again.
 */

/** The channel's name. */
export const STORE_CHANNEL = 'kiana-store';
/** The Web Lock whose holder runs the store worker. */
export const OWNER_LOCK = 'kiana-store-owner';

export type ChannelMessage =
  /** worker → all: "I serve the store; address requests to `leader`". */
  | { readonly t: 'hello'; readonly leader: string }
  /** tab → all: "who serves the store?" (answered by `hello`). */
  | { readonly t: 'who' }
  /** An RPC envelope: tab → worker (`to` = leader id) or worker → tab (`to` = tab id). */
  | { readonly t: 'rpc'; readonly to: string; readonly from: string; readonly msg: unknown }
  /** worker → all: an RPC event envelope (`memories.changed`, ...). */
  | { readonly t: 'evt'; readonly from: string; readonly msg: unknown }
  /** tab → worker: this tab is going away; forget its connection. */
  | { readonly t: 'bye'; readonly from: string };

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 80;

/** Validates a channel message; anything else (another app version, noise) yields null. */
export function parseChannelMessage(data: unknown): ChannelMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  switch (m.t) {
    case 'hello':
      return isId(m.leader) ? { t: 'hello', leader: m.leader } : null;
    case 'who':
      return { t: 'who' };
    case 'rpc':
      return isId(m.to) && isId(m.from) ? { t: 'rpc', to: m.to, from: m.from, msg: m.msg } : null;
    case 'evt':
      return isId(m.from) ? { t: 'evt', from: m.from, msg: m.msg } : null;
    case 'bye':
      return isId(m.from) ? { t: 'bye', from: m.from } : null;
    default:
      return null;
  }
}

/** The part of BroadcastChannel both ends use (a test can pass any look-alike). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A random id for a tab or a worker instance. */
export function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
