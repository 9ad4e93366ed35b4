/**
 * Validators for the store worker's arguments. Every call crosses a `postMessage` (and, for other
 * tabs, a BroadcastChannel), so nothing about its shape is trusted: each handler parses its
 * arguments here first and a malformed call fails with `bad-message` before touching SQLite.
 */
import { KianaError } from '@kiana/shared/errors';
import { parseMemoryId, isMemoryId } from '@kiana/shared/ids';
import { MAX_TAGS, cleanTags, cleanText } from '@kiana/shared/clean-text';
import {
  MEMORY_SOURCES,
  type CountArgs,
  type EditArgs,
  type GetArgs,
  type IdArgs,
  type ListArgs,
  type MemorySource,
  type PutArgs,
  type SearchArgs,
} from './types.ts';

/** Longest memory text, in UTF-16 units. Memories are notes; this bounds one row's size. */
export const MAX_TEXT_LENGTH = 100_000;
export { MAX_TAGS, MAX_TAG_LENGTH } from '@kiana/shared/clean-text';
/** Largest list window. The UI virtualises and asks for small windows. */
export const MAX_LIST_LIMIT = 500;
/** Most search hits per call. */
export const MAX_SEARCH_LIMIT = 200;
/** Longest search input, in characters. */
export const MAX_QUERY_LENGTH = 1_000;

function bad(method: string, why: string): never {
  throw new KianaError('bad-message', `${method}: ${why}`);
}

function record(method: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(method, 'arguments must be an object');
  }
  return value as Record<string, unknown>;
}

function id(method: string, value: unknown): IdArgs['id'] {
  if (!isMemoryId(value)) return bad(method, 'id must be 1–64 characters of [A-Za-z0-9_-]');
  return parseMemoryId(value);
}

/** Text as stored: markers and NUL removed; must keep something besides whitespace. */
export function parseText(method: string, value: unknown): string {
  if (typeof value !== 'string') return bad(method, 'text must be a string');
  if (value.length > MAX_TEXT_LENGTH) return bad(method, `text exceeds ${MAX_TEXT_LENGTH} chars`);
  const text = cleanText(value);
  if (text.trim() === '') return bad(method, 'text must not be empty');
  return text;
}

/** Tags as stored (`cleanTags`); more than `MAX_TAGS` is refused rather than cut. */
export function parseTags(method: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return bad(method, 'tags must be an array of strings');
  if (value.length > MAX_TAGS) return bad(method, `at most ${MAX_TAGS} tags`);
  if (value.some((raw) => typeof raw !== 'string')) return bad(method, 'tags must be strings');
  return cleanTags(value as string[]);
}

function source(method: string, value: unknown): MemorySource {
  if (!(MEMORY_SOURCES as readonly unknown[]).includes(value)) {
    return bad(method, `source must be one of ${MEMORY_SOURCES.join(', ')}`);
  }
  return value as MemorySource;
}

function int(method: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    return bad(method, `${name} must be an integer in ${min}..${max}`);
  }
  return value;
}

function flag(method: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') return bad(method, `${name} must be a boolean`);
  return value;
}

/** `memories.put` arguments. */
export function parsePutArgs(value: unknown): PutArgs {
  const m = 'memories.put';
  const r = record(m, value);
  return {
    id: id(m, r.id),
    text: parseText(m, r.text),
    source: source(m, r.source),
    tags: parseTags(m, r.tags),
  };
}

/** `memories.edit` arguments: an id and at least one of text and tags. */
export function parseEditArgs(value: unknown): EditArgs {
  const m = 'memories.edit';
  const r = record(m, value);
  if (r.text === undefined && r.tags === undefined) return bad(m, 'nothing to change');
  return {
    id: id(m, r.id),
    ...(r.text !== undefined ? { text: parseText(m, r.text) } : {}),
    ...(r.tags !== undefined ? { tags: parseTags(m, r.tags) } : {}),
  };
}

/** Arguments that name one memory (`delete`, `undelete`). */
export function parseIdArgs(method: string, value: unknown): IdArgs {
  return { id: id(method, record(method, value).id) };
}

/** `memories.get` arguments. */
export function parseGetArgs(value: unknown): GetArgs {
  const m = 'memories.get';
  const r = record(m, value);
  return { id: id(m, r.id), includeDeleted: flag(m, 'includeDeleted', r.includeDeleted) };
}

/** `memories.list` arguments; `offset` defaults to 0 and `limit` to 50. */
export function parseListArgs(value: unknown): ListArgs {
  const m = 'memories.list';
  const r = record(m, value ?? {});
  return {
    offset: int(m, 'offset', r.offset ?? 0, 0, Number.MAX_SAFE_INTEGER),
    limit: int(m, 'limit', r.limit ?? 50, 1, MAX_LIST_LIMIT),
    includeDeleted: flag(m, 'includeDeleted', r.includeDeleted),
  };
}

/** `memories.count` arguments (all optional). */
export function parseCountArgs(value: unknown): CountArgs {
  const m = 'memories.count';
  const r = record(m, value ?? {});
  return { includeDeleted: flag(m, 'includeDeleted', r.includeDeleted) };
}

/** `memories.search` arguments; `limit` defaults to 50. */
export function parseSearchArgs(value: unknown): SearchArgs {
  const m = 'memories.search';
  const r = record(m, value);
  if (typeof r.query !== 'string') return bad(m, 'query must be a string');
  if (r.query.length > MAX_QUERY_LENGTH) return bad(m, `query exceeds ${MAX_QUERY_LENGTH} chars`);
  return { query: r.query, limit: int(m, 'limit', r.limit ?? 50, 1, MAX_SEARCH_LIMIT) };
}
