/**
 * The chain's cost at the store level, in Node on the browser's SQLite build (in memory): one
 * `memories.put` through the real StoreService — sign the transaction, seal a block, commit the
 * block, blobs and row — beside the write the store did before the chain, one plain row insert
 * (with its FTS trigger) in a transaction, interleaved sample by sample.
 */
import type { MemoryId } from '@kiana/shared/ids';
import { openTestDb, openTestStore } from '../../tests/unit/storage/sqlite-node.ts';
import { migrate } from '../../workers/store/migrations.ts';
import type { Figure } from '../figure.ts';

const SAMPLES = 200;
const WARMUP = 20;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** `memories.put` with the chain beside a plain insert, `SAMPLES` each. */
export async function storePutFigure(): Promise<Figure> {
  const { store } = await openTestStore();
  const plain = await openTestDb();
  await migrate(plain.sql);
  const ours: number[] = [];
  const baseline: number[] = [];
  const text = (i: number) => `note ${i}: call Müller about the garden before Friday`;
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const id = `m${i}` as MemoryId;
    const a = await timed(() => store.put({ id, text: text(i), source: 'typed', tags: ['x'] }));
    const b = await timed(() =>
      plain.sql.transaction(() =>
        plain.sql.run(
          `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
           VALUES (?, ?, 'typed', '["x"]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`,
          [id, text(i), String(i).padStart(44, '0'), String(i).padStart(44, '0')],
        ),
      ),
    );
    if (i < WARMUP) continue;
    ours.push(a);
    baseline.push(b);
  }
  return {
    id: 'chain.store-put',
    label: 'memories.put through the store: sign, seal a block, commit block + blobs + row',
    runtime: 'node',
    ours,
    baselineLabel: 'the same row inserted without the chain (FTS trigger, one transaction)',
    baseline,
  };
}
