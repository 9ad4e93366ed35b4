/**
 * Memory rows from outside the chain — an imported database file, or this device's own rows from
 * before the chain existed — as transactions. Each row is signed by this device at the row's own
 * clock values (rebased onto this device), so "newer wins" compares the row's real edit time with
 * what other devices wrote, exactly as the import before the chain did. A row dated further ahead
 * than the chain accepts gets this device's clock instead: signed at its own time it could not go
 * into any block (tx-future), and following it would drag the clock, and every later save, along.
 */
import type { ChainTree, MemoryChange } from '../../../src/core/chain/index.ts';
import { decodeHlc, hlcCompare, isHlcString, type Hlc } from '../../../src/core/hlc.ts';
import { isMemoryId, type DeviceId } from '@kiana/shared/ids';
import { MEMORY_SOURCES, type MemorySource } from '../../../src/core/memory/types.ts';
import { cleanTags, cleanText } from '@kiana/shared/clean-text';
import { MAX_TEXT_LENGTH } from '../../../src/core/memory/validate.ts';
import type { MemoryRow } from '../tables/memories.ts';
import { rebased } from './ledger.ts';

/**
 * The changes to record, each with its clock value (none: this device's clock at recording), and
 * what they amount to.
 */
export interface RowChanges {
  readonly changes: { change: MemoryChange; at: Hlc | undefined }[];
  readonly added: number;
  readonly updated: number;
  /** Rows that are not valid memories (checked again here: a file may hold anything). */
  readonly skipped: number;
  /** Rows dated beyond what the chain accepts, recorded at this device's clock. */
  readonly redated: number;
}

/** The row's clock rebased onto this device; `ahead` when it lies beyond the chain's skew. */
function clockOf(value: string, device: DeviceId, now: number): Hlc | 'ahead' | null {
  if (!isHlcString(value)) return null;
  try {
    return rebased(decodeHlc(value), device, now) ?? 'ahead';
  } catch {
    return null;
  }
}

function tagsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return cleanTags(Array.isArray(value) ? value.filter((t) => typeof t === 'string') : []);
  } catch {
    return [];
  }
}

/**
 * A row unknown to the chain becomes a put (deleted rows are left out: there is nothing to
 * keep); a known one an edit or a delete when the row is newer than the merged memory. With
 * `source` new memories get that source instead of the row's: rows from an imported file are
 * signed by this device, so "Imported" is what tells a person they came from elsewhere.
 */
export function changesFromRows(
  rows: readonly MemoryRow[],
  tree: ChainTree,
  device: DeviceId,
  now: number,
  source?: MemorySource,
): RowChanges {
  const changes: RowChanges['changes'] = [];
  let added = 0;
  let updated = 0;
  let skipped = 0;
  let redated = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    // Rows from outside are checked again: a crafted file or an old bug may hold anything.
    const id = row.id;
    const rowSource = row.source as MemorySource;
    const text = cleanText(row.text);
    const created = clockOf(row.created_hlc, device, now);
    const edited = clockOf(row.updated_hlc, device, now);
    if (
      seen.has(id) ||
      !isMemoryId(id) ||
      !MEMORY_SOURCES.includes(rowSource) ||
      text.trim() === '' ||
      text.length > MAX_TEXT_LENGTH ||
      created === null ||
      edited === null
    ) {
      skipped += 1;
      continue;
    }
    seen.add(id);
    if (created === 'ahead' || edited === 'ahead') redated += 1;
    const tags = tagsOf(row.tags);
    const view = tree.memory(id);
    if (view === undefined) {
      if (row.deleted === 1) continue;
      const at = created === 'ahead' ? undefined : created;
      changes.push({ change: { kind: 'put', id, text, tags, source: source ?? rowSource }, at });
      added += 1;
      continue;
    }
    // A row dated ahead counts as written now: newer than what is here unless that is newer.
    const when = edited === 'ahead' ? { wallMs: now, counter: 0, device } : edited;
    if (view.updated !== null && hlcCompare(when, view.updated) <= 0) continue;
    const at = edited === 'ahead' ? undefined : edited;
    if (row.deleted === 1) {
      if (!view.alive) continue;
      changes.push({ change: { kind: 'delete', id }, at });
    } else {
      changes.push({ change: { kind: 'edit', id, text, tags }, at });
    }
    updated += 1;
  }
  return { changes, added, updated, skipped, redated };
}
