import { afterEach, describe, expect, it } from 'vitest';
import { int, none, object } from '../../../src/core/api/check.ts';
import { Transfer, method, type Contract, type Handlers } from '../../../src/core/api/contract.ts';
import { parseEnvelope } from '../../../src/core/api/envelope.ts';
import { RpcClient, serve } from '../../../src/core/api/rpc.ts';
import { KianaError } from '@kiana/shared/errors';

const contract = {
  add: method(object({ a: int(-1e9, 1e9), b: int(-1e9, 1e9) })).returns<number>(),
  fail: method(none).returns<never>(),
  crash: method(none).returns<never>(),
  slow: method(object({ steps: int(0, 10_000) })).returns<string>(),
  bytes: method(object({ n: int(0, 1 << 20) })).returns<ArrayBuffer>(),
};

const handlers: Handlers<typeof contract> = {
  add: (args) => args.a + args.b,
  fail: () => {
    throw new KianaError('storage-quota', 'disk full');
  },
  crash: () => {
    throw new TypeError('boom');
  },
  slow: async (args, ctx) => {
    for (let i = 0; i < args.steps; i++) {
      ctx.signal.throwIfAborted();
      ctx.progress(i);
      await new Promise((r) => setTimeout(r, 5));
    }
    return 'done';
  },
  bytes: (args) => {
    const buf = new Uint8Array(args.n).fill(7).buffer;
    return new Transfer(buf, [buf]);
  },
};
type Events = { tick: { n: number } };

const channels: MessageChannel[] = [];
function pair() {
  const channel = new MessageChannel();
  channels.push(channel);
  const server = serve<typeof contract, Events>(channel.port1, contract, handlers);
  const client = new RpcClient<typeof contract, Events>(channel.port2);
  return { server, client, channel };
}
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('worker rpc', () => {
  it('returns the typed result of a call', async () => {
    const { client } = pair();
    await expect(client.call('add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  it('carries the error code of a KianaError across the port', async () => {
    const { client } = pair();
    const error = await client.call('fail', undefined as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KianaError);
    expect((error as KianaError).code).toBe('storage-quota');
    expect((error as KianaError).message).toBe('disk full');
  });

  it('turns an unexpected exception into an internal error with its message', async () => {
    const { client } = pair();
    await expect(client.call('crash', undefined as never)).rejects.toMatchObject({
      code: 'internal',
      message: 'boom',
    });
  });

  it('rejects an unknown method with unknown-method', async () => {
    const { client } = pair();
    const untyped = client as unknown as RpcClient<Contract>;
    await expect(untyped.call('nope', undefined)).rejects.toMatchObject({
      code: 'unknown-method',
    });
  });

  it('checks arguments by the contract before the handler runs', async () => {
    const { client } = pair();
    const untyped = client as unknown as RpcClient<Contract>;
    await expect(untyped.call('add', { a: 'two', b: 3 })).rejects.toMatchObject({
      code: 'bad-message',
      message: 'add: a must be an integer in -1000000000..1000000000',
    });
    await expect(untyped.call('slow', null)).rejects.toMatchObject({
      code: 'bad-message',
      message: 'slow: arguments must be an object',
    });
  });

  it('streams progress to the caller and resolves afterwards', async () => {
    const { client } = pair();
    const seen: unknown[] = [];
    await expect(
      client.call('slow', { steps: 3 }, { onProgress: (v) => seen.push(v) }),
    ).resolves.toBe('done');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('cancels a running call through an AbortSignal', async () => {
    const { client } = pair();
    const controller = new AbortController();
    const promise = client.call(
      'slow',
      { steps: 1000 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('times out with a timeout error', async () => {
    const { client } = pair();
    await expect(client.call('slow', { steps: 1000 }, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('delivers pushed events to subscribers until they unsubscribe', async () => {
    const { client, server } = pair();
    const got: number[] = [];
    const off = client.on('tick', (e) => got.push(e.n));
    server.emit('tick', { n: 1 });
    await client.call('add', { a: 0, b: 0 }); // a round trip orders us after the event
    off();
    server.emit('tick', { n: 2 });
    await client.call('add', { a: 0, b: 0 });
    expect(got).toEqual([1]);
  });

  it('transfers buffers returned in a Transfer', async () => {
    const { client } = pair();
    const buf = await client.call('bytes', { n: 4 });
    expect([...new Uint8Array(buf)]).toEqual([7, 7, 7, 7]);
  });

  it('fails pending and later calls once the client is failed', async () => {
    const { client } = pair();
    const pending = client.call('slow', { steps: 1000 });
    client.fail(new KianaError('worker-crashed', 'gone'));
    await expect(pending).rejects.toMatchObject({ code: 'worker-crashed' });
    await expect(client.call('add', { a: 1, b: 1 })).rejects.toMatchObject({
      code: 'worker-crashed',
    });
  });

  it('drops malformed envelopes instead of throwing', () => {
    expect(parseEnvelope(null)).toBeNull();
    expect(parseEnvelope({ kind: 'req', id: 1.5, method: 'x' })).toBeNull();
    expect(parseEnvelope({ kind: 'res', id: 1, ok: false })).toBeNull();
    expect(parseEnvelope({ kind: 'evt' })).toBeNull();
    expect(parseEnvelope({ kind: 'what', id: 1 })).toBeNull();
    expect(parseEnvelope({ kind: 'req', id: 1, method: 'x', args: 1 })).not.toBeNull();
  });
});
