/**
 * Shared pieces of the Merkle tests: Node's SHA-256 as the injected hash, hex helpers, the RFC 6962
 * reference vectors from the shared folder beside the repository, and a naive implementation of
 * the RFC's recursive definitions to compare the optimised code against.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export interface InclusionVector {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly proof: readonly string[];
}

export interface ConsistencyVector {
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly string[];
}

export interface Rfc6962Vectors {
  readonly emptyTreeRoot: string;
  readonly leaves: readonly string[];
  readonly rootsBySize: Readonly<Record<string, string>>;
  readonly inclusion: readonly InclusionVector[];
  readonly consistency: readonly ConsistencyVector[];
  readonly corruptProbes: string;
}

/**
 * The vectors live in `shared/` beside the repository root (CI clones the repository next to a
 * copy of it), so the path climbs out of tests/unit/merkle and out of the repository.
 */
export function loadVectors(): Rfc6962Vectors {
  const url = new URL('../../../../shared/vectors/rfc6962.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Rfc6962Vectors;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 §2.1 MTH, transcribed literally with slices: slow, obviously right. */
export function naiveRoot(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0) return sha256(new Uint8Array(0));
  if (entries.length === 1)
    return sha256(Buffer.concat([Buffer.from([0]), entries[0] ?? new Uint8Array()]));
  const k = largestPowerOfTwoBelow(entries.length);
  const left = naiveRoot(entries.slice(0, k));
  const right = naiveRoot(entries.slice(k));
  return sha256(Buffer.concat([Buffer.from([1]), left, right]));
}

/** RFC 6962 §2.1.1 PATH(m, D[n]). */
export function naivePath(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  if (entries.length <= 1) return [];
  const k = largestPowerOfTwoBelow(entries.length);
  if (m < k) return [...naivePath(m, entries.slice(0, k)), naiveRoot(entries.slice(k))];
  return [...naivePath(m - k, entries.slice(k)), naiveRoot(entries.slice(0, k))];
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) via SUBPROOF. */
export function naiveConsistency(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  const sub = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [naiveRoot(d)];
    const k = largestPowerOfTwoBelow(d.length);
    if (m <= k) return [...sub(m, d.slice(0, k), b), naiveRoot(d.slice(k))];
    return [...sub(m - k, d.slice(k), false), naiveRoot(d.slice(0, k))];
  };
  return m === 0 ? [] : sub(m, entries, true);
}

/** A copy of `bytes` with bit `bit` (counted from the first byte's lowest bit) inverted. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const byte = Math.floor(bit / 8);
  copy[byte] = (copy[byte] ?? 0) ^ (1 << (bit % 8));
  return copy;
}
