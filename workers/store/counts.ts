/**
 * The memory counts a list shows, kept between changes. A virtual list asks for a window (and
 * the total) on every scroll; counting 100k rows costs ~30 ms, the window itself ~1 ms.
 */
import type { Locked } from './lock.ts';
import { countMemories } from './tables/memories.ts';

/** Memory counts by `includeDeleted`; the store drops them on every change. */
export class Counts {
  readonly #n = new Map<boolean, number>();

  async total(db: Locked, includeDeleted: boolean): Promise<number> {
    let n = this.#n.get(includeDeleted);
    if (n === undefined) {
      n = await countMemories(db, includeDeleted);
      this.#n.set(includeDeleted, n);
    }
    return n;
  }

  clear(): void {
    this.#n.clear();
  }
}
