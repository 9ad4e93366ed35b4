/**
 * The checks of the store worker's `memories.*` arguments, built from the kit in
 * src/core/api/check.ts. Every call crosses a `postMessage` (and, for other tabs, a
 * BroadcastChannel), so nothing about its shape is trusted: the contract runs these before a
 * handler sees its arguments and a malformed call fails with `bad-message` before touching SQLite.
 */
import {
  array,
  bool,
  fail,
  int,
  object,
  oneOf,
  optional,
  options,
  refine,
  string,
} from '../api/check.ts';
import { memoryId, memoryText, tags } from '../api/fields.ts';
import { MEMORY_SOURCES } from './types.ts';

export { MAX_TEXT_LENGTH } from '../api/fields.ts';
export { MAX_TAGS, MAX_TAG_LENGTH } from '@kiana/shared/clean-text';
/** Largest list window. The UI virtualises and asks for small windows. */
export const MAX_LIST_LIMIT = 500;
/** Most search hits per call. */
export const MAX_SEARCH_LIMIT = 200;
/** Longest search input, in characters. */
export const MAX_QUERY_LENGTH = 1_000;
/** Most memories one `memories.bulkPut` takes: bounds one message and one transaction. */
export const MAX_BULK_PUT = 1000;

const includeDeleted = optional(bool, false);

/** `memories.put`: create the memory unless its id exists. */
export const putArgs = object({
  id: memoryId,
  text: memoryText,
  source: oneOf(MEMORY_SOURCES),
  tags: optional(tags, () => []),
});

/** `memories.edit`: an id and at least one of text and tags. */
export const editArgs = refine(
  object({ id: memoryId, text: optional(memoryText), tags: optional(tags) }),
  (args, at) => {
    if (args.text === undefined && args.tags === undefined)
      return fail(`${at}:`, 'nothing to change');
    return args;
  },
);

/** Arguments that name one memory (`delete`). */
export const idArgs = object({ id: memoryId });

/** `memories.undelete`: the id, and optionally the text and tags to write back. */
export const undeleteArgs = object({
  id: memoryId,
  text: optional(memoryText),
  tags: optional(tags),
});

export const getArgs = object({ id: memoryId, includeDeleted });

/** `memories.list`; `offset` defaults to 0 and `limit` to 50. */
export const listArgs = options({
  offset: optional(int(0, Number.MAX_SAFE_INTEGER), 0),
  limit: optional(int(1, MAX_LIST_LIMIT), 50),
  includeDeleted,
});

export const countArgs = options({ includeDeleted });

/** A search input (parsed by `toFtsQuery`, never passed to FTS5 raw) and its page size. */
export const query = string({ max: MAX_QUERY_LENGTH });
export const searchLimit = optional(int(1, MAX_SEARCH_LIMIT), 50);

/** Deepest page of search results: past this nobody reads on, and OFFSET work grows with it. */
export const MAX_SEARCH_OFFSET = 10_000;
/** Where a page of search results starts (0: the best hit). */
export const searchOffset = optional(int(0, MAX_SEARCH_OFFSET), 0);

/** `memories.search`; `limit` defaults to 50, `offset` to 0. */
export const searchArgs = object({ query, limit: searchLimit, offset: searchOffset });

/** `memories.bulkPut`: up to `MAX_BULK_PUT` puts in one transaction. */
export const bulkPutArgs = object({ items: array(putArgs, MAX_BULK_PUT) });
