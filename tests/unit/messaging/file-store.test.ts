/**
 * Files, notes to self and read receipts between two real stores (wa-sqlite in memory, the real
 * ratchet and libsodium): a file pulled chunk by chunk, resumed after the sender's store is
 * opened again, a tampered chunk refused without the file counting as done, a file whose whole
 * does not match its hash failed; notes to self only to a My device; a read receipt sent again
 * until acknowledged.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeviceId } from '@kiana/shared/ids';
import type { FileWant } from '../../../src/core/api/messages-types.ts';
import { CHUNK_BYTES, MAX_FILE_BYTES } from '../../../src/core/messaging/files.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { identityOf, openTestStore } from '../storage/sqlite-node.ts';
import { at, flip, pair } from './stores.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** Writes `data` as a file from `s` to `peer` and delivers the announcement to `r`. */
async function announce(
  s: StoreService,
  r: StoreService,
  from: DeviceId,
  to: DeviceId,
  data: Uint8Array,
  hash = sha256(data),
): Promise<string> {
  const { transfer, chunks } = await s.files.begin(to, {
    name: 'photo.jpg',
    mime: 'image/jpeg',
    size: data.length,
    sha256: hash,
  });
  for (let i = 0; i < chunks; i++) {
    await s.files.write(transfer, i, data.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
  }
  await s.files.end(transfer);
  for (const m of await s.messages.outgoing(to)) {
    expect((await r.messages.receive(from, m.bytes)).outcome).toBe('new');
  }
  return transfer;
}

const want = async (r: StoreService, from: DeviceId): Promise<FileWant> =>
  at(await r.files.wants(from), 0);

describe('files between two stores', () => {
  it('pulls a file chunk by chunk, resumes with a reopened sender, and checks the whole', async () => {
    const { a, b, ida, idb, ta } = await pair();
    const data = bytes(3 * CHUNK_BYTES + 1234, 5);
    const transfer = await announce(a, b, ida, idb, data);
    expect(await want(b, ida)).toMatchObject({ have: 0, chunks: 4, missing: [0, 1, 2, 3] });
    // Two chunks, then the sender's store is opened again (a reload): the rest still comes.
    for (const c of await a.files.serve(idb, transfer, 0, [0, 1])) {
      expect((await b.files.chunk(ida, transfer, c.index, c.bytes)).outcome).toBe('new');
    }
    const reopened = (await openTestStore(identityOf(1), ta)).store;
    const next = await want(b, ida);
    expect(next).toMatchObject({ have: 2, missing: [2, 3] });
    const rest = await reopened.files.serve(idb, transfer, next.have, next.missing);
    expect((await reopened.files.files(idb))[0]).toMatchObject({ have: 2, state: 'sending' });
    // A want that repeats an index gets that chunk once.
    expect(await reopened.files.serve(idb, transfer, 2, [0, 0, 0, 0])).toHaveLength(1);
    // A chunk seen twice is kept once.
    const first = at(await reopened.files.serve(idb, transfer, 2, [0]), 0);
    expect((await b.files.chunk(ida, transfer, 0, first.bytes)).outcome).toBe('duplicate');
    const outcomes = [];
    for (const c of rest) outcomes.push(await b.files.chunk(ida, transfer, c.index, c.bytes));
    expect(at(outcomes, 1).status).toMatchObject({ state: 'done', have: 4, error: null });
    expect(sha256(await b.files.read(transfer))).toBe(sha256(data));
    // The receiver's last `want` tells the sender it is complete.
    await reopened.files.serve(idb, transfer, 4, []);
    expect((await reopened.files.files(idb))[0]).toMatchObject({ state: 'done', have: 4 });
    expect(sha256(await reopened.files.read(transfer))).toBe(sha256(data));
  });

  it('refuses a tampered chunk, counts it, and the file is not done until the real one', async () => {
    const { a, b, ida, idb } = await pair();
    const data = bytes(CHUNK_BYTES + 10, 9);
    const transfer = await announce(a, b, ida, idb, data);
    const [c0, c1] = await a.files.serve(idb, transfer, 0, [0, 1]);
    if (!c0 || !c1) throw new Error('no chunks served');
    await b.files.chunk(ida, transfer, 0, c0.bytes);
    const refused = await b.files.chunk(ida, transfer, 1, flip(c1.bytes, 3));
    expect(refused).toMatchObject({
      outcome: 'rejected',
      status: { state: 'receiving', have: 1, error: 'file-chunk-rejected' },
    });
    // A chunk moved to another place does not open either.
    expect((await b.files.chunk(ida, transfer, 1, c0.bytes)).outcome).toBe('rejected');
    expect((await b.messages.stats())['file-chunk-rejected']).toBe(2);
    expect(await want(b, ida)).toMatchObject({ have: 1, missing: [1] });
    await expect(b.files.read(transfer)).rejects.toMatchObject({ code: 'not-found' });
    const done = await b.files.chunk(ida, transfer, 1, c1.bytes);
    expect(done.status).toMatchObject({ state: 'done', error: null });
  });

  it('fails a file whose chunks all verify but whose whole does not match its hash', async () => {
    const { a, b, ida, idb } = await pair();
    const data = bytes(100, 1);
    const transfer = await announce(a, b, ida, idb, data, sha256(bytes(100, 2)));
    const [c] = await a.files.serve(idb, transfer, 0, [0]);
    if (!c) throw new Error('no chunk served');
    const r = await b.files.chunk(ida, transfer, 0, c.bytes);
    expect(r.status).toMatchObject({ state: 'failed', error: 'file-corrupt' });
    await expect(b.files.read(transfer)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('fetches no more files from a peer once its files take 500 MB here; the message stays', async () => {
    const { a, b, ida, idb, tb } = await pair();
    // Files this peer sent earlier, kept here: ten of 50 MB (rows only; their bytes do not matter).
    for (let i = 0; i < 10; i++) {
      await tb.sql.run(
        `INSERT INTO message_files (transfer, conversation, direction, message, name, mime, size,
           chunks, sha256, key, have, state, error)
         VALUES (?, ?, 'in', NULL, 'old.bin', '', ?, 200, ?, zeroblob(32), 200, 'done', NULL)`,
        [String(i).padStart(32, '0'), ida, 50 * 1024 * 1024, '0'.repeat(64)],
      );
    }
    const transfer = await announce(a, b, ida, idb, bytes(100, 3));
    const status = (await b.files.files(ida)).find((f) => f.transfer === transfer);
    expect(status).toMatchObject({ state: 'failed', error: 'file-quota' });
    expect((await b.files.wants(ida)).map((w) => w.transfer)).not.toContain(transfer);
    expect((await b.messages.list(ida)).length).toBe(1);
  });

  it('refuses a file over 50 MB before any of it is written', async () => {
    const { a, idb } = await pair();
    const big = { name: 'big.bin', mime: '', size: MAX_FILE_BYTES + 1, sha256: '0'.repeat(64) };
    await expect(a.files.begin(idb, big)).rejects.toMatchObject({ code: 'file-too-large' });
  });
});

describe('notes to self and read receipts', () => {
  it('sends my notes to self to a My device only, into its Note to self, once', async () => {
    const { a, b, ida, idb } = await pair();
    await a.messages.send('self', { kind: 'text', text: 'buy milk' });
    await a.messages.send(idb, { kind: 'text', text: 'to b' });
    // Not a My device: only the conversation's own message.
    expect(await a.messages.outgoing(idb)).toHaveLength(1);
    const out = await a.messages.outgoing(idb, true);
    expect(out).toHaveLength(2);
    const note = at(out, 1);
    // From a contact a note to self is refused; its key is spent, so the copy is a replay.
    expect((await b.messages.receive(ida, note.bytes, false)).outcome).toBe('rejected');
    const { b: b2 } = await pair();
    for (const m of out) await b2.messages.receive(ida, m.bytes, true);
    expect((await b2.messages.list('self')).map((m) => [m.body, m.state])).toEqual([
      [{ kind: 'text', text: 'buy milk' }, 'read'],
    ]);
    expect((await b2.messages.list(ida)).map((m) => m.state)).toEqual(['unread']);
    expect((await b2.messages.receive(ida, note.bytes, true)).outcome).toBe('duplicate');
    await a.messages.receipt(idb, 'delivered', [note.id]);
    expect((await a.messages.outgoing(idb, true)).map((m) => m.id)).toEqual([at(out, 0).id]);
  });

  it('sends a read receipt again on a new channel until the peer acknowledges it', async () => {
    const { a, b, ida, idb } = await pair();
    await a.messages.send(idb, { kind: 'text', text: 'hello' });
    for (const m of await a.messages.outgoing(idb)) await b.messages.receive(ida, m.bytes);
    const read = await b.messages.markRead(ida);
    await b.messages.receiptsSent(ida, read);
    // Sent, then the channel died: not again on this channel, again on the next.
    expect(await b.messages.receiptsOwed(ida)).toEqual([]);
    expect(await b.messages.receiptsOwed(ida, true)).toEqual(read);
    // Arriving twice changes nothing the second time.
    await a.messages.receipt(idb, 'read', read);
    await a.messages.receipt(idb, 'read', read);
    expect((await a.messages.list(idb)).map((m) => m.state)).toEqual(['read']);
    await b.messages.receiptsAcked(ida, read);
    expect(await b.messages.receiptsOwed(ida, true)).toEqual([]);
  });
});
