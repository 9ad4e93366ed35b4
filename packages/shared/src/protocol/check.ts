/**
 * Small shape checks shared by the wire validators. Every byte from a peer, a browser or another
 * companion passes through one of the `parse*` functions built on these, so they reject by
 * throwing `bad-message` with a reason short enough to log.
 */
import { KianaError } from '../errors.ts';

/** A plain JSON object (not an array, not null). */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws `bad-message` with `reason`; typed `never` so callers can use it in expressions. */
export function reject(reason: string): never {
  throw new KianaError('bad-message', reason);
}

/**
 * Parses a text frame as JSON after checking its size, so an oversized frame is refused before
 * the parser allocates for it.
 *
 * @param maxBytes the largest frame accepted, counted in UTF-8 bytes
 * @throws KianaError `bad-message` for frames that are too large or not JSON
 */
export function decodeFrame(text: string, maxBytes: number): unknown {
  // A UTF-16 length above the limit is always over it in UTF-8 too (each unit is ≥ 1 byte).
  if (text.length > maxBytes || new TextEncoder().encode(text).length > maxBytes) {
    reject('frame too large');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return reject('frame is not JSON');
  }
}

/** Rejects objects carrying keys outside `allowed`, so unknown fields never ride along a relay. */
export function onlyKeys(value: JsonRecord, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) reject(`${what}: unexpected field ${key}`);
  }
}

/** Reads a string field that must match `pattern`. */
export function stringField(value: JsonRecord, key: string, pattern: RegExp, what: string): string {
  const field = value[key];
  if (typeof field !== 'string' || !pattern.test(field)) reject(`${what}: bad ${key}`);
  return field;
}

/** Reads an integer field within `[min, max]`. */
export function intField(
  value: JsonRecord,
  key: string,
  min: number,
  max: number,
  what: string,
): number {
  const field = value[key];
  if (typeof field !== 'number' || !Number.isInteger(field) || field < min || field > max) {
    reject(`${what}: bad ${key}`);
  }
  return field;
}

/** Reads an array field of at most `max` items, each checked by `item`. */
export function arrayField<T>(
  value: JsonRecord,
  key: string,
  max: number,
  item: (entry: unknown) => T,
  what: string,
): T[] {
  const field = value[key];
  if (!Array.isArray(field)) reject(`${what}: ${key} is not a list`);
  if (field.length > max) reject(`${what}: more than ${max} ${key}`);
  return field.map(item);
}
