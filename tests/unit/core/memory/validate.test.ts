import { describe, expect, it } from 'vitest';
import { tags } from '../../../../src/core/api/fields.ts';
import {
  MAX_LIST_LIMIT,
  editArgs,
  listArgs,
  putArgs,
  searchArgs,
} from '../../../../src/core/memory/validate.ts';
import { KianaError } from '@kiana/shared/errors';
import { MARK_END, MARK_START, snippetSegments } from '../../../../src/core/memory/snippet.ts';

const parsePutArgs = (v: unknown) => putArgs(v, 'memories.put');
const parseEditArgs = (v: unknown) => editArgs(v, 'memories.edit');
const parseListArgs = (v: unknown) => listArgs(v, 'memories.list');
const parseSearchArgs = (v: unknown) => searchArgs(v, 'memories.search');

function code(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof KianaError ? e.code : 'not-a-kiana-error';
  }
}

describe('argument validation', () => {
  it('accepts a well-formed put and cleans its text and tags', () => {
    const args = parsePutArgs({
      id: 'abc_123',
      text: `hi ${MARK_START}there${MARK_END}`,
      source: 'typed',
      tags: [' Work ', 'work', '', 'home  office'],
    });
    expect(args).toEqual({
      id: 'abc_123',
      text: 'hi there',
      source: 'typed',
      tags: ['Work', 'home office'],
    });
  });

  it('refuses malformed puts with bad-message', () => {
    const ok = { id: 'a', text: 'x', source: 'typed' };
    for (const bad of [
      null,
      [],
      'x',
      { ...ok, id: '' },
      { ...ok, id: 'a b' },
      { ...ok, id: 'x'.repeat(65) },
      { ...ok, text: '   ' },
      { ...ok, text: 5 },
      { ...ok, text: 'x'.repeat(100_001) },
      { ...ok, source: 'telepathy' },
      { ...ok, tags: 'work' },
      { ...ok, tags: [1] },
      { ...ok, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) },
    ]) {
      expect(code(() => parsePutArgs(bad))).toBe('bad-message');
    }
  });

  it('requires something to change in an edit', () => {
    expect(code(() => parseEditArgs({ id: 'a' }))).toBe('bad-message');
    expect(parseEditArgs({ id: 'a', tags: [] })).toEqual({ id: 'a', tags: [] });
    expect(parseEditArgs({ id: 'a', text: 'new' })).toEqual({ id: 'a', text: 'new' });
  });

  it('defaults and bounds list windows', () => {
    expect(parseListArgs(undefined)).toEqual({ offset: 0, limit: 50, includeDeleted: false });
    expect(parseListArgs({ offset: 100, limit: 20 })).toEqual({
      offset: 100,
      limit: 20,
      includeDeleted: false,
    });
    for (const bad of [
      { offset: -1 },
      { limit: 0 },
      { limit: MAX_LIST_LIMIT + 1 },
      { offset: 1.5 },
    ]) {
      expect(code(() => parseListArgs(bad))).toBe('bad-message');
    }
  });

  it('bounds search input', () => {
    expect(parseSearchArgs({ query: 'x' })).toEqual({ query: 'x', limit: 50, offset: 0 });
    expect(code(() => parseSearchArgs({ query: 'x'.repeat(1001) }))).toBe('bad-message');
    expect(code(() => parseSearchArgs({}))).toBe('bad-message');
  });

  it('cuts long tags to 64 characters', () => {
    expect(tags(['ä'.repeat(80)], 't')[0]).toHaveLength(64);
  });
});

describe('snippet segments', () => {
  it('splits marked runs from plain runs', () => {
    const s = `a ${MARK_START}Müller${MARK_END} b`;
    expect(snippetSegments(s)).toEqual([
      { text: 'a ', mark: false },
      { text: 'Müller', mark: true },
      { text: ' b', mark: false },
    ]);
  });

  it('tolerates unbalanced markers', () => {
    expect(snippetSegments(`${MARK_END}x${MARK_START}${MARK_START}y`)).toEqual([
      { text: 'x', mark: false },
      { text: 'y', mark: true },
    ]);
    expect(snippetSegments('<b>not html</b>')).toEqual([{ text: '<b>not html</b>', mark: false }]);
  });
});
