/**
 * The short authentication string: four words both screens show. They are derived from the
 * transcript hash, which covers both keys, both nonces and both DTLS fingerprints, so a party in
 * the middle would make the two screens show different words.
 */
import { SAS_WORDS } from './words.ts';
import { labelled } from './transcript.ts';

/** Words shown: 32 bits, enough against a one-shot guess by a party in the middle. */
export const SAS_WORD_COUNT = 4;

/** The SAS words for a transcript hash; `sha256` is injected so this stays synchronous. */
export function sasWords(
  transcriptHash: Uint8Array,
  sha256: (bytes: Uint8Array) => Uint8Array,
): string[] {
  const digest = sha256(labelled('sas', transcriptHash));
  return Array.from(digest.subarray(0, SAS_WORD_COUNT), (byte) => SAS_WORDS[byte] ?? '?');
}
