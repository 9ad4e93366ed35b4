import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRange } from '../src/range.js';
import { decodeRequestPath, resolveInside } from '../src/safe-path.js';

describe('decodeRequestPath', () => {
  it('decodes segments and drops the query string', () => {
    expect(decodeRequestPath('/models/a%20b/c.onnx?download=1')).toEqual({
      ok: true,
      pathname: '/models/a b/c.onnx',
      segments: ['models', 'a b', 'c.onnx'],
    });
  });

  it('keeps a trailing slash and collapses empty segments', () => {
    expect(decodeRequestPath('//icons//')).toMatchObject({ pathname: '/icons/' });
    expect(decodeRequestPath('/')).toMatchObject({ pathname: '/', segments: [] });
  });

  it('refuses dot segments, plain or percent-encoded', () => {
    for (const target of ['/..', '/a/../b', '/%2e%2e/x', '/%2E%2E/x', '/.%2e/x', '/./x']) {
      expect(decodeRequestPath(target).ok, target).toBe(false);
    }
  });

  it('refuses encoded slashes, backslashes and NUL bytes', () => {
    for (const target of ['/a%2f..%2fb', '/a%5c..%5cb', '/x%00.js', '/..\\secret']) {
      expect(decodeRequestPath(target).ok, target).toBe(false);
    }
  });

  it('refuses malformed percent-encoding and non-origin-form targets', () => {
    expect(decodeRequestPath('/%E0%A4%A')).toMatchObject({ ok: false });
    expect(decodeRequestPath('/%zz')).toMatchObject({ ok: false });
    expect(decodeRequestPath('http://evil/x')).toMatchObject({ ok: false });
    expect(decodeRequestPath('*')).toMatchObject({ ok: false });
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/srv/root');

  it('joins segments under the root', () => {
    expect(resolveInside(root, ['a', 'b.txt'])).toBe(path.join(root, 'a', 'b.txt'));
    expect(resolveInside(root, [])).toBe(root);
  });

  it('refuses dotfiles and anything that would leave the root', () => {
    expect(resolveInside(root, ['.git', 'config'])).toBeUndefined();
    expect(resolveInside(root, ['..', 'etc'])).toBeUndefined();
    expect(resolveInside(root, ['/etc/passwd'])).toBeUndefined();
  });
});

describe('parseRange', () => {
  it('serves the whole file without a usable Range header', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,4-5', 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=5-2', 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=-', 10)).toEqual({ kind: 'full' });
  });

  it('reads closed, open-ended and suffix ranges', () => {
    expect(parseRange('bytes=2-5', 10)).toEqual({ kind: 'partial', start: 2, end: 5 });
    expect(parseRange('bytes=7-', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
  });

  it('clamps a range that runs past the end of the file', () => {
    expect(parseRange('bytes=8-100', 10)).toEqual({ kind: 'partial', start: 8, end: 9 });
    expect(parseRange('bytes=-100', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
  });

  it('calls a range that starts past the end, or is empty, unsatisfiable', () => {
    expect(parseRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
