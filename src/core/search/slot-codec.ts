/**
 * The parts of an index payload both implementations share: the ids of the slots and the vectors
 * in them (float32, int8 codes, scales, residuals — codes are stored, not recomputed, so a load is
 * a copy). Reading checks counts against the bytes present before allocating anything.
 */
import { corrupt, type ByteReader, type ByteWriter } from './codec.ts';
import type { VectorStore } from './vector-store.ts';

/** Writes `ids` (undefined: a free slot) and slots 0 … ids.length − 1 of `store`. */
export function writeSlots(
  out: ByteWriter,
  ids: readonly (string | undefined)[],
  store: VectorStore,
): void {
  out.u32(ids.length);
  out.strings(ids);
  for (const part of store.exportSlots(ids.length)) out.bytes(part);
}

/**
 * Reads what `writeSlots` wrote into `store`; returns the ids (undefined for free slots), checked
 * unique and, when `isId` is given, of the caller's id type.
 */
export function readSlots<Id extends string>(
  input: ByteReader,
  store: VectorStore,
  isId?: (value: string) => value is Id,
): (Id | undefined)[] {
  const count = input.u32();
  // Every id takes at least 2 bytes: a count beyond that is damage, not a reason to allocate.
  if (count * 2 > input.bytes.length - input.at) throw corrupt('id count beyond the bytes');
  const ids = input.strings(count);
  const live = ids.filter((id) => id !== undefined);
  if (new Set(live).size !== live.length) throw corrupt('an id appears twice');
  if (isId && !live.every(isId)) throw corrupt('an id has the wrong form');
  const at = input.take(store.slotBytes(count));
  store.importSlots(count, input.bytes, at);
  for (let i = 0; i < count; i++) {
    const scale = store.scales[i] ?? Number.NaN;
    const residual = store.residuals[i] ?? Number.NaN;
    if (!(scale > 0 && scale < Infinity && residual >= 0 && residual < 1)) {
      throw corrupt('a quantization scale is out of range');
    }
  }
  return ids as (Id | undefined)[];
}
