/** The result of reading a `Range` header against a file of known size. */
export type RangeResult =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Interprets a `Range` header (RFC 9110 §14) for one file. Only a single byte range is honoured;
 * multi-range requests and other units are answered with the whole file, which the RFC allows,
 * and saves us multipart/byteranges that no model loader asks for.
 *
 * @param header the raw header value, if any
 * @param size the file size in bytes
 * @returns `full` to send everything, `partial` with inclusive `start`..`end`, or `unsatisfiable`
 *   for a syntactically valid range that lies outside the file (answer 416)
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };

  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Number(last);
  // `bytes=5-2` is invalid syntax, which the RFC says to ignore rather than refuse.
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
