/**
 * Search snippets carry match markers as two private-use characters instead of HTML, so the UI
 * can highlight matches without ever parsing markup from the database. Stored text never contains
 * these characters: `cleanText` (@kiana/shared/clean-text) removes them on the way in.
 */

/** Starts a highlighted match in a snippet (U+E000, private use). */
export const MARK_START = '\uE000';
/** Ends a highlighted match in a snippet (U+E001, private use). */
export const MARK_END = '\uE001';
/** Marks text cut from either side of a snippet. */
export const ELLIPSIS = '…';

/** One run of snippet text: highlighted (`mark`) or plain. */
export interface SnippetSegment {
  readonly text: string;
  readonly mark: boolean;
}

/**
 * Splits a snippet into plain and highlighted runs. Robust against unbalanced or nested markers
 * (a start inside a match is ignored, a stray end is ignored), so it never throws on odd input.
 */
export function snippetSegments(snippet: string): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  let mark = false;
  let run = '';
  const flush = (): void => {
    if (run !== '') out.push({ text: run, mark });
    run = '';
  };
  for (const ch of snippet) {
    if (ch === MARK_START || ch === MARK_END) {
      const next = ch === MARK_START;
      if (next !== mark) {
        flush();
        mark = next;
      }
      continue;
    }
    run += ch;
  }
  flush();
  return out;
}
