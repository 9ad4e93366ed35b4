import { beforeAll, describe, expect, it } from 'vitest';
import { sealBlock } from '../../../src/core/chain/seal.ts';
import { signaturesOf } from '../../../src/core/chain/signatures.ts';
import type { Entry } from '../../../src/core/chain/tree.ts';
import { decodeTx } from '../../../src/core/chain/tx-codec.ts';
import type { Block, Tx } from '../../../src/core/chain/types.ts';
import { validateBlock } from '../../../src/core/chain/validate.ts';
import { loadPreverifyingPrimitives } from '../../../src/core/crypto/primitives.ts';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium.ts';
import { withPreverify, type PreverifyingPrimitives } from '../../../src/core/crypto/web-verify.ts';
import { encodeFrame } from '../../../src/core/sync/frame.ts';
import { encodeMessage } from '../../../src/core/sync/messages.ts';
import { signaturesInFrame } from '../../../src/core/sync/preverify.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';

let fast: PreverifyingPrimitives;
let sodium: Sodium;
beforeAll(async () => {
  [fast, sodium] = await Promise.all([loadPreverifyingPrimitives(), loadSodium()]);
});

const parentOf = (e: Entry) => ({
  hash: e.hash,
  height: e.height,
  time: e.block.header.time,
  logRootAfter: e.logRootAfter,
});

/** A block sealed by b on a's head, carrying `txs` that a wrote. */
function carried(a: TestDevice, b: TestDevice, txs: Tx[]): Block {
  const head = a.tree.head;
  if (!head) throw new Error('no head');
  return sealBlock(prims, b.signer, {
    parent: parentOf(head),
    members: head.members,
    now: a.wallMs,
    txs,
  });
}

function pair(): [TestDevice, TestDevice] {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  a.genesis();
  a.add(b);
  return [a, b];
}

describe('signatures preverified before validation', () => {
  it('gathers the block signature and the carried transaction’s, and validation takes them', async () => {
    const [a, b] = pair();
    const own = a.seal([a.tx({ kind: 'memory-delete', memory: memoryId(2) })]);
    expect(own.map((x) => signaturesOf(x).length)).toEqual([1]);
    const block = carried(a, b, [a.tx({ kind: 'memory-delete', memory: memoryId(1) })]);
    const signed = signaturesOf(block);
    expect(signed).toHaveLength(2);
    expect(signed.every((s) => prims.verify(s.key, s.message, s.signature))).toBe(true);
    // libsodium counted: validation must answer both signatures from the batch.
    let libsodiumCalls = 0;
    const counted = withPreverify(
      {
        ...prims,
        verify: (k, m, s) => (libsodiumCalls++, prims.verify(k, m, s)),
      },
      (key) => sodium.crypto_core_ed25519_is_valid_point(key),
    );
    expect(await counted.preverify(signed)).toBe(2);
    const context = { ...a.tree.contextFor(a.tree.head, a.wallMs), prims: counted };
    expect(validateBlock(block, context).ok).toBe(true);
    expect(libsodiumCalls).toBe(0);
    expect(validateBlock(block, context).ok).toBe(true);
    expect(libsodiumCalls).toBe(2);
  });

  it('still refuses a carried transaction with a forged signature', async () => {
    const [a, b] = pair();
    const good = a.tx({ kind: 'memory-delete', memory: memoryId(3) });
    const bytes = new Uint8Array(good.bytes);
    const at = bytes.length - 10;
    bytes[at] = (bytes[at] ?? 0) ^ 1;
    const block = carried(a, b, [decodeTx(prims, bytes)]);
    expect(await fast.preverify(signaturesOf(block))).toBe(1);
    const context = { ...a.tree.contextFor(a.tree.head, a.wallMs), prims: fast };
    const result = validateBlock(block, context);
    expect(result.ok ? 'ok' : result.error.code).toBe('tx-bad-signature');
  });

  it('finds the signatures of a framed `blocks` message, and none in other messages', () => {
    const [a, b] = pair();
    const block = carried(a, b, [a.tx({ kind: 'memory-delete', memory: memoryId(4) })]);
    const message = encodeMessage({
      type: 'blocks',
      base: new Uint8Array(32),
      head: new Uint8Array(0),
      proof: [],
      blocks: [block.bytes],
      contents: [],
      more: false,
    });
    expect(signaturesInFrame(prims, encodeFrame(7, message))).toEqual(signaturesOf(block));
    const more = encodeMessage({ type: 'more', after: block.hash });
    expect(signaturesInFrame(prims, encodeFrame(7, more))).toEqual([]);
    expect(signaturesInFrame(prims, Uint8Array.of(1, 2, 3))).toEqual([]);
  });
});
