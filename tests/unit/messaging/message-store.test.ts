/**
 * The store's messaging (workers/store/message-store.ts) between two real stores over wa-sqlite
 * in memory, with the real ratchet: queued → sent → delivered → read, exactly once, in order,
 * a retry recognised, tampered and replayed ciphertexts refused and counted, state kept on disk.
 */
import { describe, expect, it } from 'vitest';
import type { StoreService } from '../../../workers/store/service.ts';
import { deviceKeys } from '../chain/helpers.ts';
import { identityOf, openTestStore } from '../storage/sqlite-node.ts';
import { at, flip, pair } from './stores.ts';

const text = (t: string) => ({ kind: 'text', text: t }) as const;
const texts = async (s: StoreService, c: string) =>
  (await s.messages.list(c)).map((m) => (m.body.kind === 'file' ? m.body.name : m.body.text));
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
      'file-chunk-rejected': 0,
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
