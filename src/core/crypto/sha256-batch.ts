/**
 * SHA-256 of many short messages at once, four at a time in WebAssembly SIMD lanes
 * (scripts/sha256x4-wat.ts). A Merkle root of 1,000 transactions is ~2,000 hashes of under
 * 200 bytes, ~5,000 compressions; one call each through libsodium's scalar wasm was its floor
 * (1.29–1.39 ms). Every level of the tree is a batch of independent messages, which lanes hash
 * side by side. The digests are SHA-256's; tests/unit/crypto/sha256x4.test.ts checks them against
 * node:crypto.
 */
import { compileBase64 } from '../wasm.ts';
import { SHA256X4_WASM_BASE64 } from './sha256x4-wasm.ts';

/**
 * SHA-256 of `prefix ‖ first[i] ‖ second[i]` (`second` optional) for every i, in order: the
 * leaf (0x00 ‖ entry) and node (0x01 ‖ left ‖ right) hashes of RFC 6962 without building inputs.
 */
export type Sha256Batch = (
  prefix: number,
  first: readonly Uint8Array[],
  second?: readonly Uint8Array[],
) => Uint8Array[];

interface Exports {
  memory: WebAssembly.Memory;
  hash4(input: number, stride: number, blocks: number, out: number, groups: number): void;
}

const PAGE = 65536;
/** Message bytes laid out per call at most; a larger batch goes in several calls. */
const CHUNK_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);

let compiled: WebAssembly.Module | null | undefined;

/** A batch hasher with its own memory, or null where this engine lacks WebAssembly SIMD. */
export function createSha256Batch(): Sha256Batch | null {
  // 18 KB, compiled once, synchronously: the chain's hashing is synchronous.
  let wasm: Exports;
  try {
    compiled ??= compileBase64(SHA256X4_WASM_BASE64);
    if (compiled === null) return null;
    wasm = new WebAssembly.Instance(compiled).exports as unknown as Exports;
  } catch (error) {
    // An engine that refuses the module (memory, policy): the scalar path hashes the same.
    console.warn('[sha256] batch hashing unavailable, hashing one at a time', error);
    compiled = null;
    return null;
  }

  /** Hashes messages `items` (indexes into first/second), all `blocks` long, into `out`. */
  const run = (
    prefix: number,
    first: readonly Uint8Array[],
    second: readonly Uint8Array[] | undefined,
    items: readonly number[],
    blocks: number,
    out: Uint8Array[],
  ): void => {
    const stride = blocks * 64;
    const groups = Math.ceil(items.length / 4);
    const digests = groups * 4 * stride;
    const need = digests + groups * 128;
    if (wasm.memory.buffer.byteLength < need) {
      wasm.memory.grow(Math.ceil((need - wasm.memory.buffer.byteLength) / PAGE));
    }
    // Read the view after growing: growth replaces the buffer.
    const heap = new Uint8Array(wasm.memory.buffer);
    items.forEach((item, lane) => {
      const a = first[item] ?? EMPTY;
      const b = second?.[item] ?? EMPTY;
      const at = lane * stride;
      const length = 1 + a.length + b.length;
      heap[at] = prefix;
      heap.set(a, at + 1);
      heap.set(b, at + 1 + a.length);
      heap[at + length] = 0x80;
      // The length in bits, big-endian, in the last 8 bytes (its high word is 0 below 512 MB).
      const bits = length * 8;
      const end = at + stride;
      heap[end - 5] = Math.floor(length / 0x20000000);
      heap[end - 4] = (bits >>> 24) & 0xff;
      heap[end - 3] = (bits >>> 16) & 0xff;
      heap[end - 2] = (bits >>> 8) & 0xff;
      heap[end - 1] = bits & 0xff;
    });
    wasm.hash4(0, stride, blocks, digests, groups);
    items.forEach((item, lane) => {
      out[item] = heap.slice(digests + lane * 32, digests + lane * 32 + 32);
    });
    // Zero again: the padding of the next call relies on it, and no input stays behind.
    heap.fill(0, 0, need);
  };

  return (prefix, first, second) => {
    const out = new Array<Uint8Array>(first.length);
    // Lanes of one call share a block count: messages are grouped by theirs.
    const byBlocks = new Map<number, number[]>();
    first.forEach((a, i) => {
      const length = 1 + a.length + (second?.[i]?.length ?? 0);
      const blocks = Math.ceil((length + 9) / 64);
      const group = byBlocks.get(blocks);
      if (group) group.push(i);
      else byBlocks.set(blocks, [i]);
    });
    for (const [blocks, items] of byBlocks) {
      const perCall = Math.max(4, Math.floor(CHUNK_BYTES / (blocks * 64)) & ~3);
      for (let i = 0; i < items.length; i += perCall) {
        run(prefix, first, second, items.slice(i, i + perCall), blocks, out);
      }
    }
    return out;
  };
}
