/**
 * The typed request/response/event envelope shared by every worker (and by tabs that reach the
 * store worker through a MessageChannel). One handler map per worker types the calls; a second map
 * types the events the worker pushes. Errors cross as `{code, message}`; unknown or malformed
 * envelopes are logged and dropped, never thrown through.
 */
import {
  KianaError,
  deserializeError,
  serializeError,
  type SerializedError,
} from '@kiana/shared/errors';

/** What a handler gets besides its arguments. */
export interface CallContext {
  /** Aborted when the caller cancels or times out. */
  readonly signal: AbortSignal;
  /** Pushes a progress value to this call's caller only. */
  progress(value: unknown): void;
}

/** A worker's handler map: method name → (args, ctx) → result. */
export type HandlerMap = Record<string, (args: never, ctx: CallContext) => unknown>;
/** A worker's event map: event name → payload. */
export type EventMap = Record<string, unknown>;

export type ArgsOf<F> = F extends (args: infer A, ctx: CallContext) => unknown ? A : never;
/** What the caller receives: the handler's awaited result, unwrapped from a `Transfer`. */
export type ResultOf<F> = F extends (...a: never[]) => infer R ? Unwrapped<Awaited<R>> : never;
type Unwrapped<T> = T extends Transfer<infer V> ? V : T;

/** The subset of `MessagePort`/`Worker`/`DedicatedWorkerGlobalScope` both ends need. */
export interface RpcPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?: () => void;
}

type Envelope =
  | { kind: 'req'; id: number; method: string; args: unknown }
  | { kind: 'cancel'; id: number }
  | { kind: 'res'; id: number; ok: true; value: unknown }
  | { kind: 'res'; id: number; ok: false; error: SerializedError }
  | { kind: 'progress'; id: number; value: unknown }
  | { kind: 'evt'; name: string; data: unknown };

/** Validates an inbound envelope; returns null for anything malformed. */
export function parseEnvelope(data: unknown): Envelope | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  const idOk = typeof m.id === 'number' && Number.isSafeInteger(m.id);
  switch (m.kind) {
    case 'req':
      return idOk && typeof m.method === 'string' ? (m as Envelope) : null;
    case 'cancel':
    case 'progress':
      return idOk ? (m as Envelope) : null;
    case 'res':
      if (!idOk || typeof m.ok !== 'boolean') return null;
      return m.ok || (typeof m.error === 'object' && m.error !== null) ? (m as Envelope) : null;
    case 'evt':
      return typeof m.name === 'string' ? (m as Envelope) : null;
    default:
      return null;
  }
}

function logDropped(side: string, data: unknown): void {
  console.warn(`[rpc:${side}] dropped malformed message`, data);
}

/** Transferables a handler wants moved, not copied, with its result. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

/**
 * Serves `handlers` on `port`. Returns `emit`, which pushes typed events to the other side.
 */
export function serve<E extends EventMap = EventMap>(
  port: RpcPort,
  handlers: HandlerMap,
): { emit<K extends keyof E & string>(name: K, data: E[K]): void; close(): void } {
  const running = new Map<number, AbortController>();
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
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (!handler) {
      const error = new KianaError('unknown-method', `no method "${method}"`).toJSON();
      port.postMessage({ kind: 'res', id, ok: false, error });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const ctx: CallContext = {
      signal: controller.signal,
      progress: (value) => port.postMessage({ kind: 'progress', id, value }),
    };
    try {
      const result = await handler(args as never, ctx);
      controller.signal.throwIfAborted();
      if (result instanceof Transfer) {
        const { value, transfer } = result as Transfer<unknown>;
        port.postMessage({ kind: 'res', id, ok: true, value }, transfer);
      } else {
        port.postMessage({ kind: 'res', id, ok: true, value: result });
      }
    } catch (error) {
      const reason: unknown = controller.signal.aborted
        ? (controller.signal.reason as unknown)
        : error;
      port.postMessage({ kind: 'res', id, ok: false, error: serializeError(reason) });
    } finally {
      running.delete(id);
    }
  }
  port.addEventListener('message', listener);
  port.start?.();
  return {
    emit: (name, data) => port.postMessage({ kind: 'evt', name, data }),
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
export class RpcClient<H extends HandlerMap, E extends EventMap = EventMap> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(data: never) => void>>();
  private failure: KianaError | null = null;

  constructor(private readonly port: RpcPort) {
    port.addEventListener('message', this.onMessage);
    port.start?.();
  }

  /** Calls `method` on the other side. */
  call<K extends keyof H & string>(
    method: K,
    args: ArgsOf<H[K]>,
    options: CallOptions = {},
  ): Promise<ResultOf<H[K]>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ResultOf<H[K]>>((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      const settle = (): void => {
        this.pending.delete(id);
        for (const c of cleanups) c();
      };
      const cancel = (error: KianaError): void => {
        if (!this.pending.has(id)) return;
        settle();
        this.port.postMessage({ kind: 'cancel', id });
        reject(error);
      };
      this.pending.set(id, {
        resolve: (v) => (settle(), resolve(v as ResultOf<H[K]>)),
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
      this.port.postMessage({ kind: 'req', id, method, args }, options.transfer ?? []);
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
