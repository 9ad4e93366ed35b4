/**
 * New memories rows in one statement per batch: the projection of a bulk write or an import
 * chunk inserts hundreds of rows at once. A statement per row spent most of its time crossing
 * between JavaScript and SQLite (bind, step, reset, changes for each row): 10k rows took 1.6–2.0 s
 * that way in Node and 0.4–0.5 s as one `json_each` insert per 500 (docs/BENCHMARKS.md, bulk).
 */
import type { Locked } from '../lock.ts';
import type { ShownRow } from './memories.ts';

/** Characters of JSON per statement: bounds the one string SQLite parses at a time. */
const MAX_JSON_CHARS = 4 * 1024 * 1024;

/**
 * Inserts the rows whose ids are not stored yet, in order, each through the same FTS trigger as a
 * single insert; returns the ids inserted. Rows stored already are left alone: the caller updates
 * them with `writeMemory`. The strings must be well-formed UTF-16 (text decoded from UTF-8 always
 * is), so the JSON round trip gives SQLite the same bytes as binding each string would.
 */
export async function insertNewMemories(
  db: Locked,
  rows: readonly ShownRow[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  let batch: string[] = [];
  let chars = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const returned = await db.all<{ id: string }>(
      `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc, deleted)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
         value ->> 6, 0
       FROM json_each(?) WHERE true
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [`[${batch.join(',')}]`],
    );
    for (const row of returned) inserted.add(row.id);
    batch = [];
    chars = 0;
  };
  for (const r of rows) {
    const json = JSON.stringify([
      r.id,
      r.text,
      r.source,
      r.tags,
      r.device,
      r.created_hlc,
      r.updated_hlc,
    ]);
    if (chars + json.length > MAX_JSON_CHARS) await flush();
    batch.push(json);
    chars += json.length + 1;
  }
  await flush();
  return inserted;
}
