/**
 * The store worker's side of the BroadcastChannel: one virtual port per follower tab, each
 * served by the ordinary RPC `serve`, so a follower's calls run through exactly the same
 * handlers, validation and error mapping as the owning tab's.
 */
import type { Contract, Emit, EventMap, Handlers } from '../../src/core/api/contract.ts';
import { eventEnvelope } from '../../src/core/api/envelope.ts';
import { serve, type RpcPort } from '../../src/core/api/rpc.ts';
import { parseChannelMessage, type ChannelLike } from '../../src/core/api/store-channel.ts';

type Listener = (event: MessageEvent) => void;

/** An `RpcPort` that talks to one tab through the shared channel. */
class TabPort implements RpcPort {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly channel: ChannelLike,
    private readonly leader: string,
    private readonly tab: string,
  ) {}

  // BroadcastChannel cannot transfer: buffers are copied, which is correct if slower.
  postMessage(message: unknown): void {
    this.channel.postMessage({ t: 'rpc', to: this.tab, from: this.leader, msg: message });
  }
  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }
  deliver(msg: unknown): void {
    const event = new MessageEvent('message', { data: msg });
    for (const l of this.listeners) l(event);
  }
}

/**
 * Serves `handlers` to every tab that addresses `leader` on `channel`. Returns `emit`, which
 * pushes an event to all tabs, and `announce`, which tells tabs where to send requests.
 */
export function serveRelay<C extends Contract, E extends EventMap>(
  channel: ChannelLike,
  leader: string,
  contract: C,
  handlers: Handlers<C>,
): { announce(): void; emit: Emit<E>; close(): void } {
  const tabs = new Map<string, { port: TabPort; close(): void }>();
  const listener = (event: MessageEvent): void => {
    const msg = parseChannelMessage(event.data);
    if (!msg) return;
    if (msg.t === 'who') {
      channel.postMessage({ t: 'hello', leader });
    } else if (msg.t === 'bye') {
      tabs.get(msg.from)?.close();
      tabs.delete(msg.from);
    } else if (msg.t === 'rpc' && msg.to === leader) {
      let tab = tabs.get(msg.from);
      if (!tab) {
        const port = new TabPort(channel, leader, msg.from);
        const served = serve(port, contract, handlers);
        tab = { port, close: () => served.close() };
        tabs.set(msg.from, tab);
      }
      tab.port.deliver(msg.msg);
    }
  };
  channel.addEventListener('message', listener);
  return {
    announce: () => channel.postMessage({ t: 'hello', leader }),
    emit: (name, data) =>
      channel.postMessage({ t: 'evt', from: leader, msg: eventEnvelope(name, data) }),
    close: () => {
      channel.removeEventListener('message', listener);
      for (const tab of tabs.values()) tab.close();
      tabs.clear();
    },
  };
}
