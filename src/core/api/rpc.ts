/**
 * Request/response/event RPC over a `postMessage` port, shared by every worker (and by tabs that
 * reach the store worker through the BroadcastChannel). The contract (./contract.ts) types the
 * calls and checks their arguments on arrival; errors cross as `{code, message}`; unknown or
 * malformed envelopes are logged and dropped, never thrown through.
 */
import { KianaError, deserializeError, serializeError } from '@kiana/shared/errors';
import {
  Transfer,
  checkedHandler,
  type ArgsIn,
  type CallContext,
  type Contract,
  type Emit,
  type EventMap,
  type Handlers,
  type ResultOf,
} from './contract.ts';
import { eventEnvelope, parseEnvelope, type Envelope } from './envelope.ts';

/** The subset of `MessagePort`/`Worker`/`DedicatedWorkerGlobalScope` both ends need. */
export interface RpcPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?: () => void;
}

function logDropped(side: string, data: unknown): void {
  console.warn(`[rpc:${side}] dropped malformed message`, data);
}

/**
 * Serves `handlers`, which implement `contract`, on `port`: each call's arguments are checked by
 * the contract before its handler runs. Returns `emit`, which pushes typed events.
 */
export function serve<C extends Contract, E extends EventMap = EventMap>(
  port: RpcPort,
  contract: C,
  handlers: Handlers<C>,
): { emit: Emit<E>; close(): void } {
  const running = new Map<number, AbortController>();
  const post = (env: Envelope, transfer: Transferable[] = []): void =>
    port.postMessage(env, transfer);
  const listener = (event: MessageEvent): void => {
    const msg = parseEnvelope(event.data);
    if (!msg) return logDropped('server', event.data);
    if (msg.kind === 'cancel') {
      running.get(msg.id)?.abort(new KianaError('cancelled', 'cancelled by the caller'));
      return;
    }
    if (msg.kind !== 'req') return logDropped('server', event.data);
    void handle(msg.id, msg.method, msg.args);
  };
  async function handle(id: number, method: string, args: unknown): Promise<void> {
    const handler = checkedHandler(contract, handlers, method);
    if (!handler) {
      const error = new KianaError('unknown-method', `no method "${method}"`).toJSON();
      post({ kind: 'res', id, ok: false, error });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const ctx: CallContext = {
      signal: controller.signal,
      progress: (value) => post({ kind: 'progress', id, value }),
    };
    try {
      const result = await handler(args, ctx);
      controller.signal.throwIfAborted();
      if (result instanceof Transfer) {
        const { value, transfer } = result as Transfer<unknown>;
        post({ kind: 'res', id, ok: true, value }, transfer);
      } else {
        post({ kind: 'res', id, ok: true, value: result });
      }
    } catch (error) {
      const reason: unknown = controller.signal.aborted
        ? (controller.signal.reason as unknown)
        : error;
      post({ kind: 'res', id, ok: false, error: serializeError(reason) });
    } finally {
      running.delete(id);
    }
  }
  port.addEventListener('message', listener);
  port.start?.();
  return {
    emit: (name, data) => post(eventEnvelope(name, data)),
    close: () => port.removeEventListener('message', listener),
  };
}

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Rejects with `timeout` after this many ms (and cancels the call on the other side). */
  timeoutMs?: number;
  onProgress?: (value: unknown) => void;
  transfer?: Transferable[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: KianaError): void;
  onProgress: ((value: unknown) => void) | undefined;
}

/** The calling side of `serve`: typed calls, progress, cancellation and events. */
export class RpcClient<C extends Contract, E extends EventMap = EventMap> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(data: never) => void>>();
  private failure: KianaError | null = null;

  constructor(private readonly port: RpcPort) {
    port.addEventListener('message', this.onMessage);
    port.start?.();
  }

  /** Calls `method` on the other side. */
  call<K extends keyof C & string>(
    method: K,
    args: ArgsIn<C[K]>,
    options: CallOptions = {},
  ): Promise<ResultOf<C[K]>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ResultOf<C[K]>>((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      const settle = (): void => {
        this.pending.delete(id);
        for (const c of cleanups) c();
      };
      const cancel = (error: KianaError): void => {
        if (!this.pending.has(id)) return;
        settle();
        this.post({ kind: 'cancel', id });
        reject(error);
      };
      this.pending.set(id, {
        resolve: (v) => (settle(), resolve(v as ResultOf<C[K]>)),
        reject: (e) => (settle(), reject(e)),
        onProgress: options.onProgress,
      });
      const { signal, timeoutMs } = options;
      if (signal) {
        if (signal.aborted) return cancel(new KianaError('cancelled', 'cancelled'));
        const onAbort = (): void => cancel(new KianaError('cancelled', 'cancelled'));
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
      if (timeoutMs !== undefined) {
        const timer = setTimeout(
          () => cancel(new KianaError('timeout', `${method} took longer than ${timeoutMs} ms`)),
          timeoutMs,
        );
        cleanups.push(() => clearTimeout(timer));
      }
      this.post({ kind: 'req', id, method, args }, options.transfer);
    });
  }

  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<K extends keyof E & string>(name: K, listener: (data: E[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const untyped = listener as (data: never) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  /**
   * Fails every pending and future call, e.g. when the worker crashed or its tab went away.
   */
  fail(error: KianaError): void {
    this.failure = error;
    for (const p of [...this.pending.values()]) p.reject(error);
    this.port.removeEventListener('message', this.onMessage);
  }

  private post(env: Envelope, transfer: Transferable[] = []): void {
    this.port.postMessage(env, transfer);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    const msg = parseEnvelope(event.data);
    if (!msg) return logDropped('client', event.data);
    if (msg.kind === 'evt') {
      for (const l of this.listeners.get(msg.name) ?? []) (l as (d: unknown) => void)(msg.data);
      return;
    }
    if (msg.kind === 'progress') return this.pending.get(msg.id)?.onProgress?.(msg.value);
    if (msg.kind !== 'res') return logDropped('client', event.data);
    const p = this.pending.get(msg.id);
    if (!p) return; // answered after cancellation: nobody waits any more
    if (msg.ok) p.resolve(msg.value);
    else p.reject(deserializeError(msg.error));
  };
}
