/**
 * Bulk writes (issue #18 item 8): 10k memories added with `memories.bulkPut` (20 × 500) and 10k
 * merged from an exported file with `db.import`, each memory a signed transaction sealed into a
 * block per batch, beside Dexie's `bulkPut` of the same memories (20 × 500) in the same page.
 * Part `bulk` of the storage area: `KIANA_BENCH_PARTS=bulk npm run bench storage`. The import
 * files are made in Node by the real StoreService (another device's keys) and exported as the
 * app exports.
 */
import type { MemoryId } from '@kiana/shared/ids';
import { identityOf, openTestStore } from '../../tests/unit/storage/sqlite-node.ts';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import { Corpus } from '../pages/corpus.ts';
import { IMPORT_CHUNK } from '../../workers/store/transfer.ts';
import type { BulkBenchApi } from '../pages/bulk-bench.ts';
import { batches } from '../pages/steps.ts';

const REPS = 3;
const COUNT = 10_000;
const BATCH = 500;
const PUT_SEED = 18_008;
/** One corpus per import file, so every file brings memories the store has not seen. */
const FILE_SEEDS = [18_101, 18_102, 18_103];

const step = pageApi<BulkBenchApi>('kianaBench');

/** An export of corpus `seed`'s first `COUNT` memories, written on another device, as base64. */
async function exportFile(seed: number): Promise<string> {
  const { store } = await openTestStore(identityOf(7));
  for (const part of batches(new Corpus(seed).take(COUNT), BATCH)) {
    await store.putMany(
      part.map((m) => ({ id: m.id as MemoryId, text: m.text, source: 'typed', tags: m.tags })),
    );
  }
  const bytes = await store.exportBytes();
  await store.close();
  return Buffer.from(bytes).toString('base64');
}

async function measure(files: string[]): Promise<Figure[]> {
  return withBenchPage('bulk-bench', async (page) => {
    await importBenchPage(page, 'bulk-bench');
    const opened = await step(page, 'init', PUT_SEED);
    if (opened.count !== 0) throw new Error(`the store is not empty (${opened.count} memories)`);
    const put = { ours: [] as number[], baseline: [] as number[] };
    for (let r = 0; r < REPS; r++) {
      const t = await step(page, 'put', COUNT, BATCH, r % 2 === 0);
      put.ours.push(t.ours);
      put.baseline.push(t.baseline);
    }
    const imported = { ours: [] as number[], baseline: [] as number[] };
    for (const [r, file] of files.entries()) {
      const seed = FILE_SEEDS[r] ?? 0;
      const t = await step(page, 'import', file, seed, COUNT, BATCH, r % 2 === 0);
      if (t.added !== COUNT) throw new Error(`the import added ${t.added} of ${COUNT}`);
      imported.ours.push(t.ours);
      imported.baseline.push(t.baseline);
    }
    const counts = await step(page, 'count');
    console.log(`  after: ours ${counts.ours} memories, Dexie ${counts.dexie}`);
    const dexie = `Dexie bulkPut ${COUNT / BATCH} × ${BATCH} (id, created, *words indexes)`;
    const goal = '≤ Dexie bulkPut';
    return [
      {
        id: 'storage.bulk-put-10k',
        label: `bulk-add 10k memories, chain on (memories.bulkPut ${COUNT / BATCH} × ${BATCH}, a block per batch; store growing 0 → ${(REPS * COUNT) / 1000}k)`,
        runtime: 'chromium',
        ...put,
        baselineLabel: dexie,
        goal,
      },
      {
        id: 'storage.import-10k',
        label: `import 10k memories from an exported file, chain on (db.import, checked, ${IMPORT_CHUNK}-row chunks; store ${(REPS * COUNT) / 1000}k → ${(2 * REPS * COUNT) / 1000}k)`,
        runtime: 'chromium',
        ...imported,
        baselineLabel: dexie,
        goal,
      },
    ];
  });
}

export const bulkArea: Area = {
  name: 'storage',
  part: 'bulk',
  run: async () => {
    const files: string[] = [];
    for (const seed of FILE_SEEDS) files.push(await exportFile(seed));
    return measure(files);
  },
};
