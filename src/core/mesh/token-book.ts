/**
 * Which of our secrets a present peer's rendezvous token belongs to. The directory reports only
 * the token under which it found a peer; the dialer must prove the matching pairing secret first
 * (opening.ts), so it maps the token back by deriving the tokens of every secret it announces.
 */
import {
  announcedEpochs,
  deriveRendezvousToken,
  RENDEZVOUS_EPOCH_MS,
} from '@kiana/shared/protocol/rendezvous';
import type { OpeningCandidate } from './opening.ts';

export class TokenBook {
  #candidates: readonly OpeningCandidate[] = [];
  #byToken = new Map<string, OpeningCandidate>();
  /** The epoch the map was built around; -1 when it must be rebuilt. */
  #builtAt = -1;

  /** Replaces the secrets (after pairing, unpairing or removal). */
  set(candidates: readonly OpeningCandidate[]): void {
    this.#candidates = candidates;
    this.#builtAt = -1;
  }

  /** The candidate whose secret gives `token` around `nowMs`, if any. */
  async find(token: string, nowMs: number): Promise<OpeningCandidate | undefined> {
    const epoch = Math.floor(nowMs / RENDEZVOUS_EPOCH_MS);
    if (epoch === this.#builtAt) return this.#byToken.get(token);
    const candidates = this.#candidates;
    const map = await this.#build(candidates, nowMs);
    // A newer set() during the awaits wins; its own find() rebuilds.
    if (candidates === this.#candidates) {
      this.#byToken = map;
      this.#builtAt = epoch;
    }
    return map.get(token);
  }

  async #build(
    candidates: readonly OpeningCandidate[],
    nowMs: number,
  ): Promise<Map<string, OpeningCandidate>> {
    // Our announced epochs and one either side: the token may date from the last announcement.
    const [first] = announcedEpochs(nowMs);
    const epochs = [first - 1, first, first + 1, first + 2].filter((e) => e >= 0);
    const map = new Map<string, OpeningCandidate>();
    for (const c of candidates) {
      for (const e of epochs) map.set(await deriveRendezvousToken(c.secret, e), c);
    }
    return map;
  }
}
