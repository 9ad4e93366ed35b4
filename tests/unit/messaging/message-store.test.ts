/**
 * The store's messaging (workers/store/message-store.ts) between two real stores over wa-sqlite
 * in memory, with the real ratchet: queued → sent → delivered → read, exactly once, in order,
 * a retry recognised, tampered and replayed ciphertexts refused and counted, state kept on disk.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceId } from '@kiana/shared/ids';
import { loadRatchetSuite, type RatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';
import { sessionStart } from '../../../src/core/messaging/start.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { deviceKeys } from '../chain/helpers.ts';
import { identityOf, openTestStore, type TestDb } from '../storage/sqlite-node.ts';

let suite: RatchetSuite;
beforeAll(async () => {
  suite = await loadRatchetSuite();
});

const SECRET = new Uint8Array(32).fill(7);

/** Two stores (devices 1 and 2) with sessions started from one pairing. */
async function pair(): Promise<{
  a: StoreService;
  b: StoreService;
  ida: DeviceId;
  idb: DeviceId;
  ta: TestDb;
}> {
  const [ka, kb] = [deviceKeys(1), deviceKeys(2)];
  const opened = await openTestStore(identityOf(1));
  const a = opened.store;
  const b = (await openTestStore(identityOf(2))).store;
  const start = async (s: StoreService, me: typeof ka, peer: typeof kb) => {
    const { pairing, state } = sessionStart(suite, {
      me: { deviceId: me.deviceId, boxPublicKey: me.boxPublicKey, boxSecretKey: me.boxSecretKey },
      peer: { deviceId: peer.deviceId, boxKey: peer.boxPublicKey },
      pairingSecret: SECRET,
    });
    return s.messages.start(peer.deviceId, pairing, state);
  };
  expect(await start(a, ka, kb)).toBe(true);
  expect(await start(b, kb, ka)).toBe(true);
  // The same pairing again (every peer-up does this) keeps the running session.
  expect(await start(a, ka, kb)).toBe(false);
  return { a, b, ida: ka.deviceId, idb: kb.deviceId, ta: opened.t };
}

/** `xs[i]`, which the test expects to exist. */
function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no item ${i}`);
  return x;
}

/** A copy of `bytes` with one bit of byte `i` (from the end when negative) flipped. */
function flip(bytes: Uint8Array, i: number): Uint8Array {
  const out = bytes.slice();
  const j = i < 0 ? out.length + i : i;
  out[j] = at([...out], j) ^ 1;
  return out;
}

const text = (t: string) => ({ kind: 'text', text: t }) as const;
const texts = async (s: StoreService, c: string) =>
  (await s.messages.list(c)).map((m) => m.body.text);
const states = async (s: StoreService, c: string) => (await s.messages.list(c)).map((m) => m.state);

describe('messages in the store', () => {
  it('delivers queued messages once and in order; states advance to delivered and read', async () => {
    const { a, b, ida, idb } = await pair();
    for (const t of ['one', 'two', 'three']) await a.messages.send(idb, text(t));
    expect(await states(a, idb)).toEqual(['queued', 'queued', 'queued']);
    const out = await a.messages.outgoing(idb);
    expect(out).toHaveLength(3);
    await a.messages.receipt(
      idb,
      'sent',
      out.map((o) => o.id),
    );
    expect(await states(a, idb)).toEqual(['sent', 'sent', 'sent']);
    // Delivered twice (a retry after a lost ack): the second time is a duplicate each.
    for (const round of [0, 1]) {
      for (const o of out) {
        const r = await b.messages.receive(ida, o.bytes);
        expect(r).toEqual({ outcome: round === 0 ? 'new' : 'duplicate', id: o.id });
      }
    }
    expect(await texts(b, ida)).toEqual(['one', 'two', 'three']);
    expect((await b.messages.stats()).duplicate).toBe(3);
    await a.messages.receipt(
      idb,
      'delivered',
      out.map((o) => o.id),
    );
    expect(await states(a, idb)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(await a.messages.outgoing(idb)).toEqual([]);
    expect(await b.messages.conversations()).toMatchObject([{ conversation: ida, unread: 3 }]);
    const read = await b.messages.markRead(ida);
    expect(read).toEqual(out.map((o) => o.id));
    expect(await b.messages.receiptsOwed(ida)).toEqual(read);
    await b.messages.receiptsSent(ida, read);
    expect(await b.messages.receiptsOwed(ida)).toEqual([]);
    await a.messages.receipt(idb, 'read', read);
    expect(await states(a, idb)).toEqual(['read', 'read', 'read']);
  });

  it('answers both ways, the reply first from the device that has not heard yet', async () => {
    const { a, b, ida, idb } = await pair();
    await b.messages.send(ida, text('hello from b'));
    const fromB = at(await b.messages.outgoing(ida), 0);
    expect((await a.messages.receive(idb, fromB.bytes)).outcome).toBe('new');
    await a.messages.send(idb, text('hello back'));
    const fromA = at(await a.messages.outgoing(idb), 0);
    expect((await b.messages.receive(ida, fromA.bytes)).outcome).toBe('new');
    expect(await texts(b, ida)).toEqual(['hello from b', 'hello back']);
  });

  it('refuses a tampered and a replayed ciphertext, counts them and loses nothing', async () => {
    const { a, b, ida, idb } = await pair();
    await a.messages.send(idb, text('first'));
    await a.messages.send(idb, text('second'));
    const out = await a.messages.outgoing(idb);
    const [first, second] = [at(out, 0), at(out, 1)];
    const tampered = flip(second.bytes, -1);
    expect(await b.messages.receive(ida, tampered)).toEqual({
      outcome: 'rejected',
      code: 'message-rejected',
    });
    expect((await b.messages.receive(ida, first.bytes)).outcome).toBe('new');
    // The first message's key is spent: a changed copy of it is a replay, refused.
    const replay = flip(first.bytes, 70);
    expect(await b.messages.receive(ida, replay)).toEqual({
      outcome: 'rejected',
      code: 'message-replayed',
    });
    expect((await b.messages.receive(ida, second.bytes)).outcome).toBe('new');
    expect(await texts(b, ida)).toEqual(['first', 'second']);
    expect(await b.messages.stats()).toEqual({
      duplicate: 0,
      'message-rejected': 1,
      'message-replayed': 1,
      'bad-message': 0,
    });
  });

  it('refuses messages from a device it has no session with', async () => {
    const { a, idb } = await pair();
    const stranger = (await openTestStore(identityOf(3))).store;
    await a.messages.send(idb, text('not for you'));
    const msg = at(await a.messages.outgoing(idb), 0);
    expect((await stranger.messages.receive(deviceKeys(1).deviceId, msg.bytes)).outcome).toBe(
      'rejected',
    );
  });

  it('goes on after the store is opened again (reload, crash, another tab owns it)', async () => {
    const { a, b, ida, idb, ta } = await pair();
    await a.messages.send(idb, text('before'));
    const first = at(await a.messages.outgoing(idb), 0);
    const again = (await openTestStore(identityOf(1), ta)).store;
    // The same ciphertext is still waiting (a retry sends the same bytes), then the next one.
    expect(at(await again.messages.outgoing(idb), 0)).toEqual(first);
    await again.messages.send(idb, text('after'));
    for (const m of await again.messages.outgoing(idb)) await b.messages.receive(ida, m.bytes);
    expect(await texts(b, ida)).toEqual(['before', 'after']);
  });

  it('keeps Note to self here, read, with nothing to deliver', async () => {
    const { a } = await pair();
    const item = await a.messages.send('self', { kind: 'memory', text: 'milk', tags: ['shop'] });
    expect(item).toMatchObject({ state: 'read', body: { kind: 'memory', tags: ['shop'] } });
    expect(await texts(a, 'self')).toEqual(['milk']);
  });
});
