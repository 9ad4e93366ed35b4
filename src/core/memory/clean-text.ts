/**
 * The one cleaning every text from outside gets before it reaches a table or the screen: typed
 * text, imported rows, memories synced from peers, names from peers. Search snippets mark matches
 * with two private-use characters (snippet.ts), so stored text must never contain them, or a note
 * could fake a highlight; NUL cuts strings short in C code (SQLite's FTS5 tokenizer among it).
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
