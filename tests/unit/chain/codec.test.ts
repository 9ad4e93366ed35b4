import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KianaError } from '@kiana/shared/errors';
import {
  decodeBlock,
  decodeHeader,
  encodeBlock,
  encodeHeader,
  HEADER_BYTES,
} from '../../../src/core/chain/block-codec.ts';
import { ByteReader, ByteWriter, MAX_U48 } from '../../../src/core/chain/bytes.ts';
import { MAX_BLOCK_BYTES } from '../../../src/core/chain/limits.ts';
import { decodeTx } from '../../../src/core/chain/tx-codec.ts';
import { createTx, verifyTxSignature } from '../../../src/core/chain/tx.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';
import { sampleChain, sampleTxs } from './fixtures.ts';

/** fast-check runs per fuzz property; the totals are printed by the last test. */
export const FUZZ_RUNS = 2_000;
let fuzzCases = 0;

function expectCoded(action: () => unknown, codes: readonly string[]): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KianaError);
    expect(codes).toContain((error as KianaError).code);
    return;
  }
  throw new Error('expected a rejection');
}

/** Decodes `bytes`; a success must be canonical (its own bytes), a failure a coded KianaError. */
function decodesCanonicallyOrRefuses(kind: 'tx' | 'block', bytes: Uint8Array): void {
  fuzzCases += 1;
  try {
    if (kind === 'tx') {
      const tx = decodeTx(prims, bytes);
      expect(tx.bytes).toEqual(bytes);
    } else {
      const block = decodeBlock(prims, bytes);
      expect(encodeBlock(encodeHeader(block.header), block.txs)).toEqual(bytes);
    }
  } catch (error) {
    if (!(error instanceof KianaError)) throw error;
    const allowed = kind === 'tx' ? ['tx-malformed'] : ['block-malformed', 'block-oversized'];
    expect(allowed).toContain(error.code);
  }
}

/** A copy of `bytes` with one of several mutations: bit flip, truncation, insertion, deletion. */
const mutated = (valid: Uint8Array[]) =>
  fc
    .record({
      pick: fc.nat(),
      at: fc.nat(),
      op: fc.constantFrom('flip', 'truncate', 'insert', 'delete', 'overwrite'),
      byte: fc.integer({ min: 0, max: 255 }),
      bit: fc.nat(7),
    })
    .map(({ pick, at, op, byte, bit }) => {
      const source = valid[pick % valid.length] ?? new Uint8Array();
      const i = at % Math.max(1, source.length);
      const copy = Array.from(source);
      if (op === 'flip') copy[i] = (copy[i] ?? 0) ^ (1 << bit);
      if (op === 'truncate') copy.length = i;
      if (op === 'insert') copy.splice(i, 0, byte);
      if (op === 'delete') copy.splice(i, 1);
      if (op === 'overwrite') copy[i] = byte;
      return new Uint8Array(copy);
    });

describe('transaction encoding', () => {
  const author = new TestDevice(0);
  const other = new TestDevice(1);
  const txs = sampleTxs(author, other);

  it('round-trips every kind of transaction to the same bytes and fields', () => {
    for (const tx of txs) {
      const back = decodeTx(prims, tx.bytes);
      expect(back).toEqual(tx);
      expect(back.author).toBe(author.id);
      expect(verifyTxSignature(prims, back)).toBe(true);
    }
    expect(new Set(txs.map((t) => t.body.kind)).size).toBe(7);
  });

  it('gives a transaction id that is the RFC 6962 leaf hash of its bytes', () => {
    const tx = txs[0];
    if (!tx) throw new Error('no sample');
    expect(tx.id).toEqual(prims.sha256(new Uint8Array([0, ...tx.bytes])));
  });

  it('refuses to create a transaction with another device’s clock or a bad memory id', () => {
    expectCoded(
      () =>
        createTx(prims, author.signer, other.hlc.tick(), {
          kind: 'memory-delete',
          memory: memoryId(1),
        }),
      ['internal'],
    );
    const body = {
      kind: 'memory-delete' as const,
      memory: 'not ok!' as ReturnType<typeof memoryId>,
    };
    expectCoded(() => createTx(prims, author.signer, author.hlc.tick(), body), ['tx-malformed']);
  });

  it('refuses a device name that is not in normalised form', () => {
    const body = {
      kind: 'device-add' as const,
      signKey: other.keys.signPublicKey,
      boxKey: other.keys.boxPublicKey,
      name: '  two  spaces ',
    };
    expectCoded(() => createTx(prims, author.signer, author.hlc.tick(), body), ['tx-malformed']);
  });

  it('refuses empty, truncated, trailing, unknown-version and unknown-kind bytes', () => {
    const tx = txs[0];
    if (!tx) throw new Error('no sample');
    const cases = [
      new Uint8Array(0),
      tx.bytes.subarray(0, tx.bytes.length - 1),
      new Uint8Array([...tx.bytes, 0]),
      new Uint8Array([2, ...tx.bytes.subarray(1)]),
      new Uint8Array([1, 99, ...tx.bytes.subarray(2)]),
    ];
    for (const bytes of cases) expectCoded(() => decodeTx(prims, bytes), ['tx-malformed']);
  });

  it('survives fuzzing with random bytes: canonical or a coded refusal, never a crash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
        decodesCanonicallyOrRefuses('tx', bytes),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survives fuzzing with mutations of valid transactions', () => {
    fc.assert(
      fc.property(mutated(txs.map((t) => t.bytes)), (bytes) =>
        decodesCanonicallyOrRefuses('tx', bytes),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('block encoding', () => {
  const { genesis, next } = sampleChain();

  it('round-trips a block: same header, transactions, hash and bytes', () => {
    for (const block of [genesis, next]) {
      const back = decodeBlock(prims, block.bytes);
      expect(back).toEqual(block);
      expect(back.headerBytes).toHaveLength(HEADER_BYTES);
      expect(decodeHeader(prims, back.headerBytes)).toEqual(block.header);
    }
  });

  it('refuses a block over the size limit as oversized, before reading it', () => {
    expectCoded(() => decodeBlock(prims, new Uint8Array(MAX_BLOCK_BYTES + 1)), ['block-oversized']);
  });

  it('refuses a block without transactions, a truncated one and one with trailing bytes', () => {
    const noTxs = new Uint8Array(next.headerBytes);
    noTxs[1 + 4 + 32 + 6 + 32 + 32 + 1] = 0;
    noTxs[1 + 4 + 32 + 6 + 32 + 32 + 1 + 1] = 0;
    for (const bytes of [
      noTxs,
      next.bytes.subarray(0, next.bytes.length - 3),
      new Uint8Array([...next.bytes, 1]),
    ]) {
      expectCoded(() => decodeBlock(prims, bytes), ['block-malformed']);
    }
  });

  it('survives fuzzing with random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), (bytes) =>
        decodesCanonicallyOrRefuses('block', bytes),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survives fuzzing with mutations of valid blocks (header and transactions)', () => {
    fc.assert(
      fc.property(mutated([genesis.bytes, next.bytes]), (bytes) =>
        decodesCanonicallyOrRefuses('block', bytes),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('ran every fuzz case it claims', () => {
    expect(fuzzCases).toBe(4 * FUZZ_RUNS);
    console.info(`chain decoders fuzzed with ${fuzzCases} cases`);
  });
});

describe('byte primitives', () => {
  it('write and read integers at their bounds and refuse values out of range', () => {
    const bytes = new ByteWriter(1).u8(255).u16(65535).u32(0xffff_ffff).u48(MAX_U48).finish();
    const r = new ByteReader(bytes, 'bad-message');
    expect([r.u8(), r.u16(), r.u32(), r.u48()]).toEqual([255, 65535, 0xffff_ffff, MAX_U48]);
    r.end();
    expectCoded(() => new ByteWriter().u8(256), ['internal']);
    expectCoded(() => new ByteWriter().u48(MAX_U48 + 1), ['internal']);
    expectCoded(
      () => new ByteReader(new Uint8Array([0xc3]), 'bad-message').str8(),
      ['bad-message'],
    );
  });

  it('keeps a leading byte-order mark, so strings decode and re-encode to the same bytes', () => {
    const bytes = new ByteWriter().str8('\uFEFFhi').finish();
    expect(new ByteReader(bytes, 'bad-message').str8()).toBe('\uFEFFhi');
  });
});
