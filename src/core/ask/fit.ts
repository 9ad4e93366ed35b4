/**
 * Fitting Ask's prompt into the model's context window, counted in the model's own tokens (a
 * counter is passed in: the in-browser engine counts with the model's tokenizer). Room for the
 * answer is kept first; then the earliest turns of the conversation go, then memories are
 * trimmed: each is cut to a share of what is left, lowest ranked first dropped when even the
 * cut ones do not fit.
 */
import { buildMessages } from './prompt.ts';
import type { AskLang, AskSource, AskTurn, ChatMessage } from './types.ts';

/** Counts the tokens a chat takes once the model's chat template is applied. */
export type CountTokens = (messages: readonly ChatMessage[]) => number;

export interface FitOptions {
  /** The model's window (max_position_embeddings). */
  readonly contextTokens: number;
  /** Tokens kept free for the answer. */
  readonly answerTokens: number;
  /** A memory is never cut below this many characters (a stub is no evidence). */
  readonly minChars?: number;
}

export interface Fitted {
  readonly messages: ChatMessage[];
  /** The sources the prompt holds (ranked, trimmed); `[n]` in the answer names `sources[n-1]`. */
  readonly sources: AskSource[];
  /** Earlier turns the prompt holds (the latest ones). */
  readonly history: AskTurn[];
  readonly promptTokens: number;
}

/** Cuts `text` at a word boundary to at most `chars` characters, marked with an ellipsis. */
export function cut(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const head = text.slice(0, chars);
  const space = head.lastIndexOf(' ');
  return `${(space > chars / 2 ? head.slice(0, space) : head).trimEnd()} …`;
}

/**
 * The largest prefix length of `text` (in characters) whose prompt `fits`: a binary search, so a
 * long memory costs log₂(length) counts, not one per character.
 */
function longestFitting(
  text: string,
  fits: (candidate: string) => boolean,
  minChars: number,
): string | null {
  if (fits(text)) return text;
  let lo = minChars;
  let hi = text.length - 1;
  if (lo > hi || !fits(cut(text, lo))) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(text, mid))) lo = mid;
    else hi = mid - 1;
  }
  return cut(text, lo);
}

/** Builds the largest prompt that fits the window (see the module comment). */
export function fitPrompt(
  question: string,
  ranked: readonly AskSource[],
  turns: readonly AskTurn[],
  lang: AskLang,
  count: CountTokens,
  options: FitOptions,
): Fitted {
  const budget = options.contextTokens - options.answerTokens;
  const minChars = options.minChars ?? 80;
  const size = (sources: readonly AskSource[], history: readonly AskTurn[]) =>
    count(buildMessages(question, sources, history, lang));
  // The conversation yields first: the latest turns the window holds with no memory at all.
  let history = [...turns];
  while (history.length > 0 && size([], history) > budget) history = history.slice(1);
  const sources: AskSource[] = [];
  for (const source of ranked) {
    const fits = (text: string) => size([...sources, { ...source, text }], history) <= budget;
    const text = longestFitting(source.text, fits, Math.min(minChars, source.text.length));
    if (text === null) break;
    sources.push({ ...source, text });
    if (text !== source.text) break;
  }
  const messages = buildMessages(question, sources, history, lang);
  return { messages, sources, history, promptTokens: count(messages) };
}
