/**
 * Checks of the values many calls share — ids, memory text and tags, model keys, vectors — built
 * from the kit in ./check.ts so each rule is written once.
 */
import { MAX_TAGS, cleanTags, cleanText, normalizeDisplayName } from '@kiana/shared/clean-text';
import { isDeviceId, isMemoryId, type DeviceId, type MemoryId } from '@kiana/shared/ids';
import { check, fail } from './check.ts';

/** Longest memory text, in UTF-16 units. Memories are notes; this bounds one row's size. */
export const MAX_TEXT_LENGTH = 100_000;
/** Largest embedding accepted. */
export const MAX_DIMS = 4096;

export const memoryId = check<MemoryId, string>((v, at) =>
  isMemoryId(v) ? v : fail(at, 'must be 1–64 characters of [A-Za-z0-9_-]'),
);

export const deviceId = check<DeviceId, string>((v, at) =>
  isDeviceId(v) ? v : fail(at, 'must be a device id'),
);

/** Text as stored: markers and NUL removed; must keep something besides whitespace. */
export const memoryText = check<string>((v, at) => {
  if (typeof v !== 'string') return fail(at, 'must be a string');
  if (v.length > MAX_TEXT_LENGTH) return fail(at, `exceeds ${MAX_TEXT_LENGTH} chars`);
  const text = cleanText(v);
  return text.trim() === '' ? fail(at, 'must not be empty') : text;
});

/** Tags as stored (`cleanTags`); more than `MAX_TAGS` is refused rather than cut. */
export const tags = check<string[], readonly string[]>((v, at) => {
  if (!Array.isArray(v)) return fail(at, 'must be an array of strings');
  if (v.length > MAX_TAGS) return fail(at, `must hold at most ${MAX_TAGS}`);
  if (v.some((raw) => typeof raw !== 'string')) return fail(at, 'must be strings');
  return cleanTags(v as string[]);
});

/** A display name (device or contact), normalised; must keep something. */
export const displayName = check<string>((v, at) => {
  const name = typeof v === 'string' ? normalizeDisplayName(v) : null;
  return name ?? fail(at, 'must not be empty');
});

/** A model key (`modelKey`): printable, bounded. */
export const modelKey = check<string>((v, at) =>
  typeof v === 'string' && /^[\x21-\x7e]{1,300}$/.test(v) ? v : fail(at, 'must be a model key'),
);

/** A finite embedding of 1..MAX_DIMS values (of exactly `dim` when given). */
export function vector(dim?: number) {
  return check<Float32Array>((v, at) => {
    if (!(v instanceof Float32Array) || v.length < 1 || v.length > MAX_DIMS) {
      return fail(at, 'must be a Float32Array');
    }
    if (dim !== undefined && v.length !== dim) return fail(at, `must have ${dim} values`);
    for (const x of v) if (!Number.isFinite(x)) fail(at, 'holds a non-finite value');
    return v;
  });
}
