/**
 * Fills the page's store with corpus memories, each with a seeded clustered 384-d vector under
 * `model` (written through `vectors.put`: no model runs), as the hybrid and typing benches need.
 */
import type { MemoryId } from '@kiana/shared/ids';
import type { StoreClient } from '../../src/platform/store-client.ts';
import { EMBEDDING_LIKE } from '../areas/vectors-common.ts';
import type { Corpus, CorpusMemory } from './corpus.ts';

export async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Adds `count` memories, `batch` per call; ms spent on texts and on vectors, and the memories. */
export async function fillWithVectors(
  store: StoreClient,
  source: { corpus: Corpus; vectors: () => Float32Array; model: string },
  count: number,
  batch: number,
): Promise<{ texts: number; vectors: number; stored: CorpusMemory[] }> {
  const out = { texts: 0, vectors: 0, stored: [] as CorpusMemory[] };
  for (let done = 0; done < count; done += batch) {
    const items = source.corpus.take(Math.min(batch, count - done));
    out.texts += await timed(() =>
      store.call('memories.bulkPut', {
        items: items.map((m) => ({
          id: m.id as MemoryId,
          text: m.text,
          source: 'typed' as const,
          tags: m.tags,
        })),
      }),
    );
    const vectors = items.map((m) => ({
      id: m.id as MemoryId,
      text: m.text,
      vector: source.vectors(),
    }));
    out.vectors += await timed(() =>
      store.call('vectors.put', { model: source.model, dim: EMBEDDING_LIKE.dims, items: vectors }),
    );
    out.stored.push(...items);
  }
  return out;
}

/** A graph of 100k takes under a minute to build here; ten means it is stuck. */
const SETTLE_GIVE_UP_MS = 10 * 60_000;

/**
 * Has the store load `model`'s index and waits until it is the kind its size calls for (a
 * collection past the exact limit is converted in the background, a slice per turn), then saves
 * it: figures taken meanwhile would measure the conversion's competition, not the search.
 * Returns the index kind and how long it took.
 */
export async function settleIndex(
  store: StoreClient,
  model: string,
  vector: Float32Array,
): Promise<{ kind: 'exact' | 'hnsw'; ms: number }> {
  const started = performance.now();
  await store.call('vectors.nearest', { model, vector, limit: 1 });
  for (;;) {
    const { index, indexing } = await store.call('vectors.coverage', { model });
    if (index !== null && indexing === 0) {
      await store.call('vectors.save', undefined);
      return { kind: index, ms: performance.now() - started };
    }
    if (performance.now() - started > SETTLE_GIVE_UP_MS) {
      throw new Error(`the vector index did not settle: ${index ?? 'none'}, ${indexing} to place`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
