/**
 * The one cleaning every text from outside gets before it reaches a table or the screen: typed
 * text, imported rows, memories synced from peers, device names typed here or sent by peers.
 * Search snippets mark matches with two private-use characters (src/core/memory/snippet.ts), so
 * stored text must never contain them, or a note could fake a highlight; NUL cuts strings short
 * in C code (SQLite's FTS5 tokenizer among it). Part of @kiana/shared (browser and companion),
 * so it imports nothing.
 */

/** Most tags on one memory. */
export const MAX_TAGS = 32;
/** Longest tag, in characters. */
export const MAX_TAG_LENGTH = 64;

/** Removes the snippet marker characters (U+E000, U+E001) and NUL. */
export function cleanText(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '').replaceAll('\0', '');
}

/**
 * Tags as stored: cleaned, trimmed, inner whitespace collapsed, empty ones dropped, duplicates
 * (ignoring case) dropped keeping the first spelling, each cut to `MAX_TAG_LENGTH` characters,
 * at most `MAX_TAGS` of them.
 */
export function cleanTags(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const value of raw) {
    const tag = Array.from(cleanText(value).replace(/\s+/g, ' ').trim())
      .slice(0, MAX_TAG_LENGTH)
      .join('')
      .trim();
    const key = tag.toLocaleLowerCase('und');
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}

/** Longest display name we keep; longer input is cut, not refused. */
export const MAX_DISPLAY_NAME = 64;

/**
 * Characters that show nothing: format characters (zero-width space, word joiner, BOM, soft
 * hyphen, bidi marks, ...) and the Hangul fillers, which render blank. A name made of them
 * looks empty, and two names differing only in them look the same. Joiners (U+200C, U+200D) and
 * tag characters stay: emoji sequences and subdivision flags are built from them.
 */
const INVISIBLE = /(?!\u200c|\u200d|[\u{e0020}-\u{e007f}])[\p{Cf}\u115f\u1160\u3164\uffa0]/gu;
/** Joiners with nothing to join: at either end or beside a space. */
const LOOSE_JOINERS = /(^|\s)(?:\u200c|\u200d)+|(?:\u200c|\u200d)+(?=\s|$)/gu;

function tidy(name: string): string {
  return (
    cleanText(name)
      // Control characters and bidi overrides could disguise a name: they become spaces.
      .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')
      .replace(INVISIBLE, '')
      .replace(LOOSE_JOINERS, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * Cleans a display name, whether a person typed it or a peer sent it: `cleanText`, control and
 * bidi-override characters to spaces, invisible characters dropped, whitespace collapsed, cut to
 * `MAX_DISPLAY_NAME` characters. Returns null when nothing is left, so the caller can keep the
 * previous name. Idempotent, so "is this name clean" is `normalizeDisplayName(n) === n`.
 */
export function normalizeDisplayName(input: string): string | null {
  const cleaned = tidy(input);
  if (cleaned === '') return null;
  // Cutting may leave a space or a joiner at the end; tidying again removes it.
  return tidy(Array.from(cleaned).slice(0, MAX_DISPLAY_NAME).join('')) || null;
}
