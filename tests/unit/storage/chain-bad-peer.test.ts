import { describe, expect, it, vi } from 'vitest';
import { ChainTree } from '../../../src/core/chain/tree.ts';
import { decodeMessage, encodeMessage, type SyncMessage } from '../../../src/core/sync/messages.ts';
import { decodeFrame, encodeFrame } from '../../../src/core/sync/frame.ts';
import { boundStoreHandlers } from './store-handlers.ts';
import { StoreHost } from '../../../workers/store/host.ts';
import { TestDevice, prims } from '../chain/helpers.ts';
import { forgeBlock } from '../chain/forge.ts';
import { Net, mid, type NetDevice } from './chain-net.ts';

const ZERO = new Uint8Array(32);

/** A's stored chain, replayed into a tree the forger can build on. */
async function treeOf(d: NetDevice): Promise<ChainTree> {
  const tree = new ChainTree(prims);
  const rows = await d.t.sql.all<{ body: Uint8Array }>(
    'SELECT body FROM chain_blocks ORDER BY height',
  );
  for (const row of rows) tree.add(row.body, Date.now(), true);
  return tree;
}

/** Everything about A that a refused block must leave as it was. */
async function stateOf(d: NetDevice): Promise<unknown> {
  return {
    blocks: await d.t.sql.all('SELECT hash FROM chain_blocks ORDER BY hash'),
    blobs: await d.t.sql.all('SELECT hash FROM chain_contents ORDER BY hash'),
    memories: await d.store.list({ offset: 0, limit: 100, includeDeleted: true }),
    head: (await d.store.chainInfo()).head,
  };
}

describe('bad input from a peer over the RPC sync path', () => {
  it(
    'refuses a forged block with a coded abort, logs it, applies nothing, and keeps syncing with honest peers',
    { timeout: 60_000 },
    async () => {
      const net = new Net();
      const a = await net.add(1);
      const b = await net.add(2);
      await net.pair(a, b);
      await a.store.put({ id: mid('a1'), text: 'before the attack', source: 'typed', tags: [] });
      const host = new StoreHost(() => Promise.resolve(a.store));
      await host.open({ device: a.id, identity: a.identity, vfs: 'auto' });
      const handlers = boundStoreHandlers(host);
      const sent: SyncMessage[] = [];
      const capture = net.onSend(a, (bytes) =>
        sent.push(decodeMessage(decodeFrame(bytes).message)),
      );

      const tree = await treeOf(a);
      const head = tree.head;
      if (!head) throw new Error('no head');
      const stranger = new TestDevice(7);
      const put = stranger.tx({ kind: 'memory-delete', memory: mid('a1') });
      const cases = [
        // Not an authority of A's chain.
        {
          code: 'block-not-authority',
          block: forgeBlock(stranger.signer, head, { txs: [put], time: Date.now() }),
        },
        // A's key in the header, the stranger's signature.
        {
          code: 'block-bad-signature',
          block: forgeBlock({ ...stranger.signer, key: a.identity.signPublicKey, id: a.id }, head, {
            txs: [put],
            time: Date.now(),
            signWith: stranger.signer,
          }),
        },
      ];
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const before = await stateOf(a);
      for (const [i, { code, block }] of cases.entries()) {
        sent.length = 0;
        const session = 100 + i;
        const hello: SyncMessage = {
          type: 'hello',
          version: 1,
          genesis: ZERO,
          head: ZERO,
          height: 0,
          locator: [],
          tips: [],
        };
        const chunk: SyncMessage = {
          type: 'blocks',
          base: head.hash,
          head: new Uint8Array(0),
          proof: [],
          blocks: [block.bytes],
          contents: [],
          more: false,
        };
        for (const message of [hello, chunk]) {
          const bytes = encodeFrame(session, encodeMessage(message));
          await handlers['sync.receive']({ peer: stranger.id as never, bytes });
        }
        expect(sent.at(-1)).toMatchObject({ type: 'abort', code });
        expect(await stateOf(a)).toEqual(before);
        expect(warn.mock.calls.some((c) => c.join(' ').includes(code))).toBe(true);
        const peer = (await a.store.chainInfo()).peers.find((p) => p.device === stranger.id);
        expect(peer?.error).toBe(code);
      }
      warn.mockRestore();
      capture();

      // Malformed arguments never reach the session.
      await expect(
        handlers['sync.receive']({ peer: 'not a device' as never, bytes: new Uint8Array(8) }),
      ).rejects.toMatchObject({ code: 'bad-message' });

      // The honest peer still syncs.
      await b.store.put({ id: mid('b1'), text: 'from b', source: 'typed', tags: [] });
      await net.connect(a, b);
      await net.run();
      expect(await Net.shown(a)).toEqual(await Net.shown(b));
      expect(Object.keys(await Net.shown(a)).sort()).toEqual(['a1', 'b1']);
    },
  );
});
