/**
 * A tab's end of the store connection: an `RpcPort` that reaches the store worker either
 * directly (in the tab that owns it) or through the `kiana-store` BroadcastChannel (in every
 * other tab), and switches between the two without losing a call.
 *
 * It remembers every request until its answer arrives. When the owner changes — the owning tab
 * closed and another one (maybe this one) took over — unanswered requests are sent again to the
 * new owner. That is safe because store calls are idempotent: memory ids are chosen by the
 * caller, a repeated put is a no-op, edits and deletes converge to the same state.
 */
import { parseEnvelope } from '../core/api/envelope.ts';
import type { RpcPort } from '../core/api/rpc.ts';
import { parseChannelMessage, type ChannelLike } from '../core/api/store-channel.ts';

type Listener = (event: MessageEvent) => void;

export class StorePort implements RpcPort {
  private readonly listeners = new Set<Listener>();
  /** Requests sent but not answered, by RPC id, in the order they were made. */
  private readonly pending = new Map<number, unknown>();
  private leader: string | null = null;
  private worker: RpcPort | null = null;
  private closed = false;

  constructor(
    private readonly channel: ChannelLike,
    /** This tab's address on the channel. */
    readonly tabId: string,
  ) {
    channel.addEventListener('message', this.onChannel);
    channel.postMessage({ t: 'who' });
  }

  /** How many requests wait for an answer (tests and diagnostics). */
  get unanswered(): number {
    return this.pending.size;
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const env = parseEnvelope(message);
    if (env?.kind === 'req') this.pending.set(env.id, message);
    if (env?.kind === 'cancel') this.pending.delete(env.id);
    this.send(message, transfer);
  }

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  /**
   * This tab owns the store now: talk to `worker` directly and send it every unanswered request.
   * Called again with a new worker after a crash.
   */
  useWorker(worker: RpcPort): void {
    this.worker?.removeEventListener('message', this.onWorker);
    this.worker = worker;
    worker.addEventListener('message', this.onWorker);
    worker.start?.();
    this.resend();
  }

  /** Says goodbye to the owner (it forgets this tab) and stops listening. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.worker) this.channel.postMessage({ t: 'bye', from: this.tabId });
    this.channel.removeEventListener('message', this.onChannel);
    this.worker?.removeEventListener('message', this.onWorker);
  }

  private send(message: unknown, transfer?: Transferable[]): void {
    if (this.closed) return;
    if (this.worker) {
      this.worker.postMessage(message, transfer ?? []);
    } else if (this.leader) {
      // BroadcastChannel cannot transfer; buffers are copied, so the request stays resendable.
      this.channel.postMessage({ t: 'rpc', to: this.leader, from: this.tabId, msg: message });
    }
    // With no owner known yet, the request waits in `pending` for the next `hello`.
  }

  private resend(): void {
    for (const message of this.pending.values()) this.send(message);
  }

  private readonly onChannel = (event: MessageEvent): void => {
    // The owning tab hears its worker directly; channel traffic is for the others.
    if (this.worker) return;
    const msg = parseChannelMessage(event.data);
    if (!msg) return;
    if (msg.t === 'hello' && msg.leader !== this.leader) {
      this.leader = msg.leader;
      this.resend();
    } else if (msg.t === 'rpc' && msg.to === this.tabId) {
      this.deliver(msg.msg);
    } else if (msg.t === 'evt') {
      this.deliver(msg.msg);
    }
  };

  private readonly onWorker = (event: MessageEvent): void => this.deliver(event.data);

  private deliver(data: unknown): void {
    const env = parseEnvelope(data);
    if (env?.kind === 'res') this.pending.delete(env.id);
    const event = new MessageEvent('message', { data });
    for (const l of this.listeners) l(event);
  }
}
