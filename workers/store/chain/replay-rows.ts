/**
 * Memory rows from outside the chain — an imported database file, or this device's own rows from
 * before the chain existed — as transactions. Each row is signed by this device at the row's own
 * clock values (rebased onto this device), so "newer wins" compares the row's real edit time with
 * what other devices wrote, exactly as the import before the chain did.
 */
import type { ChainTree, MemoryChange } from '../../../src/core/chain/index.ts';
import { decodeHlc, hlcCompare, isHlcString, type Hlc } from '../../../src/core/hlc.ts';
import { isMemoryId, type DeviceId } from '../../../src/core/ids.ts';
import { MEMORY_SOURCES, type MemorySource } from '../../../src/core/memory/types.ts';
import { MAX_TEXT_LENGTH } from '../../../src/core/memory/validate.ts';
import { rebased } from './ledger.ts';

/** A memory row as stored (and as an imported file holds it, already checked). */
export interface MemoryRowLike {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly tags: string;
  readonly created_hlc: string;
  readonly updated_hlc: string;
  readonly deleted: number;
}

/** The changes to record, each with its clock value, and what they amount to. */
export interface RowChanges {
  readonly changes: { change: MemoryChange; at: Hlc }[];
  readonly added: number;
  readonly updated: number;
}

function clockOf(value: string, device: DeviceId, now: number): Hlc | null {
  if (!isHlcString(value)) return null;
  try {
    return rebased(decodeHlc(value), device, now);
  } catch {
    return null;
  }
}

function tagsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * A row unknown to the chain becomes a put (deleted rows are left out: there is nothing to
 * keep); a known one an edit or a delete when the row is newer than the merged memory.
 */
export function changesFromRows(
  rows: readonly MemoryRowLike[],
  tree: ChainTree,
  device: DeviceId,
  now: number,
): RowChanges {
  const changes: RowChanges['changes'] = [];
  let added = 0;
  let updated = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    // Rows from outside are checked again: a crafted file or an old bug may hold anything.
    const id = row.id;
    const source = row.source as MemorySource;
    if (seen.has(id) || !isMemoryId(id) || !MEMORY_SOURCES.includes(source)) continue;
    if (row.text.length === 0 || row.text.length > MAX_TEXT_LENGTH) continue;
    seen.add(id);
    const created = clockOf(row.created_hlc, device, now);
    const edited = clockOf(row.updated_hlc, device, now);
    if (created === null || edited === null) continue;
    const tags = tagsOf(row.tags);
    const view = tree.memory(id);
    if (view === undefined) {
      if (row.deleted === 1) continue;
      changes.push({ change: { kind: 'put', id, text: row.text, tags, source }, at: created });
      added += 1;
      continue;
    }
    if (view.updated !== null && hlcCompare(edited, view.updated) <= 0) continue;
    if (row.deleted === 1) {
      if (!view.alive) continue;
      changes.push({ change: { kind: 'delete', id }, at: edited });
    } else {
      changes.push({ change: { kind: 'edit', id, text: row.text, tags }, at: edited });
    }
    updated += 1;
  }
  return { changes, added, updated };
}
