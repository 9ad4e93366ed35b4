/**
 * The bytes the pairing handshake signs and MACs. Every field is length-prefixed, so no two
 * different transcripts encode to the same bytes, and each use has its own label (domain
 * separation): a signature over an offer can never pass as one over a confirmation.
 */
import type { PairingKind } from '@kiana/shared/protocol/mesh';

/** One side of the handshake as it appears in the transcript. */
export interface TranscriptParty {
  readonly signKey: Uint8Array;
  readonly boxKey: Uint8Array;
  readonly name: string;
  readonly nonce: Uint8Array;
  /** The DTLS fingerprint of this party's end of the channel. */
  readonly fingerprint: string;
}

const encoder = new TextEncoder();

/** `u32be(length) ‖ bytes` for each part, concatenated. */
export function lengthPrefixed(parts: readonly (Uint8Array | string)[]): Uint8Array {
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + 4 + b.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const b of bytes) {
    view.setUint32(at, b.length);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

function partyFields(p: TranscriptParty): (Uint8Array | string)[] {
  return [p.signKey, p.boxKey, p.name, p.nonce, p.fingerprint];
}

/** What the joiner MACs with the link secret in its request (before it knows the inviter). */
export function requestBytes(joiner: TranscriptParty, inviterFingerprint: string): Uint8Array {
  return lengthPrefixed(['kiana/pair/request/v1', ...partyFields(joiner), inviterFingerprint]);
}

/** The whole exchange; its hash is what both sides sign and what the SAS shows. */
export function transcriptBytes(
  kind: PairingKind,
  inviter: TranscriptParty,
  joiner: TranscriptParty,
): Uint8Array {
  return lengthPrefixed(['kiana/pair/v1', kind, ...partyFields(inviter), ...partyFields(joiner)]);
}

/** `label ‖ transcript hash`, length-prefixed: the input to one signature or MAC. */
export function labelled(label: string, transcriptHash: Uint8Array): Uint8Array {
  return lengthPrefixed([`kiana/pair/${label}/v1`, transcriptHash]);
}
