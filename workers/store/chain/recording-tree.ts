/**
 * A `ChainTree` that remembers the blocks it stored since the last `takeAdded`, whoever added
 * them (the sealer, a sync session's puller), so the store writes exactly those to SQLite.
 */
import { ChainTree, type AddResult, type Block } from '../../../src/core/chain/index.ts';

export class RecordingTree extends ChainTree {
  #added: Block[] = [];

  override add(input: Uint8Array | Block, now: number, replay = false): AddResult {
    const result = super.add(input, now, replay);
    if (result.status === 'added') this.#added.push(result.entry.block);
    return result;
  }

  /** The blocks stored since the last call, in the order they were stored. */
  takeAdded(): Block[] {
    const added = this.#added;
    this.#added = [];
    return added;
  }
}
