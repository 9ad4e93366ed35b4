/**
 * An in-memory stand-in for any worker, generated from its contract: the real `serve` and
 * `RpcClient` over a real MessageChannel, with the handlers a test gives. Arguments are checked by
 * the contract exactly as in the worker; a method the test gives no handler for fails with
 * `internal` naming it, so a state class calling something unexpected fails loudly. Every call is
 * recorded (after its check) for assertions, and `emit` pushes events as the worker would.
 */
import { afterEach } from 'vitest';
import type {
  ArgsOut,
  CallContext,
  Contract,
  Emit,
  EventMap,
  Handlers,
} from '../../src/core/api/contract.ts';
import { RpcClient, serve } from '../../src/core/api/rpc.ts';
import { KianaError } from '@kiana/shared/errors';

export interface FakeWorker<C extends Contract, E extends EventMap> {
  readonly client: RpcClient<C, E>;
  /** Pushes an event to the client, as the worker does. */
  readonly emit: Emit<E>;
  /** Calls made so far, in order, with their checked arguments. */
  readonly calls: { method: keyof C & string; args: unknown }[];
  /** The checked arguments of each call to `method`. */
  argsOf<K extends keyof C & string>(method: K): ArgsOut<C[K]>[];
}

const open: MessageChannel[] = [];
afterEach(() => {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

export function fakeWorker<C extends Contract, E extends EventMap = EventMap>(
  contract: C,
  given: Partial<Handlers<C>>,
): FakeWorker<C, E> {
  const calls: { method: keyof C & string; args: unknown }[] = [];
  const handlers: Record<string, (args: unknown, ctx: CallContext) => unknown> = {};
  for (const method of Object.keys(contract)) {
    const handler = given[method] as ((args: unknown, ctx: CallContext) => unknown) | undefined;
    handlers[method] = (args, ctx) => {
      calls.push({ method, args });
      if (!handler) throw new KianaError('internal', `fake worker: no handler for ${method}`);
      return handler(args, ctx);
    };
  }
  const channel = new MessageChannel();
  open.push(channel);
  const served = serve<C, E>(channel.port1, contract, handlers as Handlers<C>);
  return {
    client: new RpcClient<C, E>(channel.port2),
    emit: served.emit,
    calls,
    argsOf: (method) =>
      calls.filter((c) => c.method === method).map((c) => c.args as ArgsOut<C[typeof method]>),
  };
}
