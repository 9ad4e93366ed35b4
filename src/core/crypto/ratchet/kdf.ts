/**
 * The key derivations of the Double Ratchet (Signal's specification, "Recommended cryptographic
 * algorithms"): HKDF-SHA256 for the root chain, HMAC-SHA256 with constant inputs for the sending
 * and receiving chains.
 */
import { utf8 } from '../../chain/bytes.ts';
import type { RatchetSuite } from './suite.ts';

/** RFC 5869 HKDF-SHA256: `length` bytes (at most 255 × 32) from `ikm` under `salt` and `info`. */
export function hkdf(
  suite: RatchetSuite,
  salt: Uint8Array,
  ikm: Uint8Array,
  info: string | Uint8Array,
  length: number,
): Uint8Array {
  const prk = suite.hmac(salt.length > 0 ? salt : new Uint8Array(32), ikm);
  const out = new Uint8Array(length);
  const infoBytes = typeof info === 'string' ? utf8(info) : info;
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    const input = new Uint8Array(previous.length + infoBytes.length + 1);
    input.set(previous);
    input.set(infoBytes, previous.length);
    input[input.length - 1] = i;
    previous = suite.hmac(prk, input);
    out.set(previous.subarray(0, Math.min(32, length - at)), at);
    at += 32;
  }
  suite.erase(prk);
  return out;
}

/** KDF_RK: a new root key and chain key from the root key and a DH output. */
export function kdfRoot(
  suite: RatchetSuite,
  rootKey: Uint8Array,
  dhOut: Uint8Array,
): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdf(suite, rootKey, dhOut, 'kiana/ratchet/root/v1', 64);
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64) };
}

/** KDF_CK: the next chain key and this step's message key. */
export function kdfChain(
  suite: RatchetSuite,
  chainKey: Uint8Array,
): { chainKey: Uint8Array; messageKey: Uint8Array } {
  return {
    messageKey: suite.hmac(chainKey, new Uint8Array([1])),
    chainKey: suite.hmac(chainKey, new Uint8Array([2])),
  };
}
