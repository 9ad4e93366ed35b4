/**
 * What a worker and its callers agree on, declared once per worker in src/core/api/<worker>.ts:
 * each method as the check of its arguments plus its result type, and the events it pushes.
 * The worker's handler map (`Handlers<C>`), the client's call types (`RpcClient<C, E>`) and the
 * argument checking at the boundary (`bindHandlers`) all derive from that one declaration, so a
 * handler returning the wrong type, or a caller passing the wrong arguments, fails to compile.
 */
import type { AnyCheck, InOf, OutOf } from './check.ts';

/** One method: how its arguments are checked, and (in the types only) what it returns. */
export interface Method<A extends AnyCheck, R> {
  readonly args: A;
  /** Only a type carrier; never set. */
  readonly result?: R;
}

/**
 * `method(args).returns<R>()`: a method whose arguments `args` checks and which answers `R`;
 * `.returnsNothing()` for one that only acts.
 */
export function method<A extends AnyCheck>(args: A) {
  return {
    returns: <R>(): Method<A, R> => ({ args }),
    // Handlers that only act return Promise<void>.
    returnsNothing: (): Method<A, void> => ({ args }),
  };
}

// `any` here only widens the constraint; every concrete contract keeps its precise types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Contract = Record<string, Method<any, unknown>>;
/** A worker's events: name → payload. */
export type EventMap = Record<string, unknown>;
/** Pushes one typed event. */
export type Emit<E extends EventMap> = <K extends keyof E & string>(name: K, data: E[K]) => void;

/** What a caller passes to `method`. */
export type ArgsIn<M> = M extends Method<infer A, unknown> ? InOf<A> : never;
/** What the handler of `method` receives, checked. */
export type ArgsOut<M> = M extends Method<infer A, unknown> ? OutOf<A> : never;
/** What `method` answers. */
export type ResultOf<M> = M extends Method<AnyCheck, infer R> ? R : never;

/** What a handler gets besides its arguments. */
export interface CallContext {
  /** Aborted when the caller cancels or times out. */
  readonly signal: AbortSignal;
  /** Pushes a progress value to this call's caller only. */
  progress(value: unknown): void;
}

/** Transferables a handler wants moved, not copied, with its result. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

type Answer<R> = R | Transfer<R>;
/** The implementation of contract `C`: one handler per method, typed by the contract. */
export type Handlers<C extends Contract> = {
  readonly [K in keyof C]: (
    args: ArgsOut<C[K]>,
    ctx: CallContext,
  ) => Answer<ResultOf<C[K]>> | Promise<Answer<ResultOf<C[K]>>>;
};

/**
 * The handler of `name` behind its argument check, or undefined for a name the contract does not
 * declare: the only way the RPC server reaches a handler, so nothing unchecked gets in.
 */
export function checkedHandler<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  name: string,
): ((args: unknown, ctx: CallContext) => Promise<unknown>) | undefined {
  const entry = Object.hasOwn(contract, name) ? contract[name] : undefined;
  if (!entry) return undefined;
  const handler = handlers[name] as (args: unknown, ctx: CallContext) => unknown;
  const check = entry.args as (value: unknown, at: string) => unknown;
  // Awaited inside, so a refused argument rejects like any other failure of the call.
  return async (args, ctx) => await handler(check(args, name), ctx);
}

/** Contract `C`'s handlers behind their argument checks, answering as a caller would see it. */
export type Bound<C extends Contract> = {
  readonly [K in keyof C]: (args?: unknown, ctx?: CallContext) => Promise<ResultOf<C[K]>>;
};

const noContext: CallContext = { signal: new AbortController().signal, progress: () => {} };

/**
 * Every handler behind its argument check, results unwrapped from `Transfer`: a worker without
 * the worker, for unit tests and in-memory fakes.
 */
export function bindHandlers<C extends Contract>(contract: C, handlers: Handlers<C>): Bound<C> {
  const bound: Record<string, (args: unknown, ctx?: CallContext) => Promise<unknown>> = {};
  for (const name of Object.keys(contract)) {
    const handler = checkedHandler(contract, handlers, name);
    if (handler)
      bound[name] = async (args, ctx = noContext) => {
        const answer = await handler(args, ctx);
        return answer instanceof Transfer ? (answer as Transfer<unknown>).value : answer;
      };
  }
  return bound as Bound<C>;
}
