/**
 * Which chain two paired devices settle on when each started its own before pairing (different
 * geneses). Both sides apply this to the same two `hello`s of the session, so they agree: the
 * chain with more history (a higher head) wins, and only between equal heights the lower genesis
 * hash. A fresh device therefore adopts an established collection, instead of half of all
 * pairings making the established devices re-include their whole history into the newcomer's
 * near-empty chain (a 943-memory pair re-based from height 1015 to 3 that way).
 */
import { compareBytes } from './bytes.ts';

/** What a device says of its chain in a sync `hello`. */
export interface ChainSummary {
  readonly genesis: Uint8Array;
  readonly height: number;
}

/** True when `theirs` wins over `ours`: we download their chain and adopt it. */
export function theirsWins(ours: ChainSummary, theirs: ChainSummary): boolean {
  if (theirs.height !== ours.height) return theirs.height > ours.height;
  return compareBytes(theirs.genesis, ours.genesis) < 0;
}
