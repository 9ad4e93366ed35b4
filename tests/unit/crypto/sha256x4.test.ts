import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Batch } from '../../../src/core/crypto/sha256-batch.ts';
import { SHA256X4_WASM_BASE64 } from '../../../src/core/crypto/sha256x4-wasm.ts';
import { sha256x4Wat } from '../../../scripts/sha256x4-wat.ts';
import { assembleKernels } from '../search/assemble.ts';

const reference = (prefix: number, a: Uint8Array, b?: Uint8Array): Uint8Array =>
  new Uint8Array(
    createHash('sha256')
      .update(Uint8Array.of(prefix))
      .update(a)
      .update(b ?? new Uint8Array(0))
      .digest(),
  );

const batch = createSha256Batch();

describe('SHA-256 four lanes at a time (WebAssembly SIMD)', () => {
  it('is assembled from its generator (scripts/assemble-sha256.ts)', async () => {
    const bytes = await assembleKernels(sha256x4Wat());
    expect(Buffer.from(bytes).toString('base64')).toBe(SHA256X4_WASM_BASE64);
  });

  it('runs here: Node has WebAssembly SIMD', () => {
    expect(batch).not.toBeNull();
  });

  it('gives node:crypto’s digest for every length 0–300 around the block boundaries', () => {
    const messages = Array.from({ length: 301 }, (_, n) => new Uint8Array(randomBytes(n)));
    const got = batch?.(0x00, messages) ?? [];
    expect(got.map((d) => Buffer.from(d).toString('hex'))).toEqual(
      messages.map((m) => Buffer.from(reference(0x00, m)).toString('hex')),
    );
  });

  it('hashes prefix ‖ first ‖ second for batches of 1 to 13 of mixed lengths', () => {
    for (let n = 1; n <= 13; n++) {
      const first = Array.from(
        { length: n },
        (_, i) => new Uint8Array(randomBytes((i * 37) % 190)),
      );
      const second = Array.from(
        { length: n },
        (_, i) => new Uint8Array(randomBytes((i * 11) % 70)),
      );
      const got = batch?.(0x01, first, second) ?? [];
      expect(got).toEqual(first.map((a, i) => reference(0x01, a, second[i])));
    }
  });

  it('splits a batch larger than one call’s memory and keeps the order', () => {
    const first = Array.from({ length: 9001 }, () => new Uint8Array(randomBytes(32)));
    const second = Array.from({ length: 9001 }, () => new Uint8Array(randomBytes(32)));
    const got = batch?.(0x01, first, second) ?? [];
    expect(got).toHaveLength(9001);
    for (const i of [0, 1, 4095, 4096, 8191, 8192, 9000]) {
      expect(got[i]).toEqual(reference(0x01, first[i] ?? new Uint8Array(), second[i]));
    }
  });

  it('hashes one large message across many blocks', () => {
    const big = new Uint8Array(randomBytes(200_000));
    expect(batch?.(0x00, [big])).toEqual([reference(0x00, big)]);
  });
});
