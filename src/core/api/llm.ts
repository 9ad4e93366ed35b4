/**
 * The llm worker's contract: load a downloaded instruct model (text generation through
 * transformers.js on onnxruntime-web WASM) and answer one question from numbered memories at a
 * time. The worker builds and fits the prompt itself (src/core/ask), because only it holds the
 * model's tokenizer: the window is counted in the model's tokens. Pieces of the answer stream
 * as progress (`LlmProgress`); `llm.stop` (or cancelling the call) ends generation after the
 * current token.
 */
import { parseModelEntry, type ModelEntry } from '../models/manifest.ts';
import { array, check, fail, int, none, object, oneOf, optional, string } from './check.ts';
import { method } from './contract.ts';
import { ORT_BUILDS } from './embed.ts';

/** Longest question, memory and earlier answer passed to the worker (characters). */
export const MAX_QUESTION_CHARS = 2_000;
export const MAX_SOURCE_CHARS = 20_000;
/** Memories one answer may draw on, and earlier turns kept as context. */
export const MAX_SOURCES = 12;
export const MAX_TURNS = 8;
/** Longest answer in tokens. */
export const MAX_NEW_TOKENS = 1_024;

export interface LlmLoadInfo {
  readonly threads: number;
  /** The model's window (max_position_embeddings). */
  readonly contextTokens: number;
  readonly loadMs: number;
}

/** A piece of the answer as it streams. */
export interface LlmProgress {
  readonly piece: string;
  /** Tokens generated so far. */
  readonly tokens: number;
}

export interface LlmAnswer {
  readonly text: string;
  readonly tokens: number;
  /** How many of the given sources the prompt held (the rest did not fit the window). */
  readonly sourcesUsed: number;
  readonly promptTokens: number;
  /** From the call's start to the first token, and in all. */
  readonly firstTokenMs: number;
  readonly ms: number;
  /** True when `llm.stop` or a cancel ended it (Stop answer): `text` is what came until then. */
  readonly stopped: boolean;
}

const modelEntry = check<ModelEntry>((v, at) => {
  const model = parseModelEntry(v);
  return model.task === 'text-generation' ? model : fail(at, 'must be a text-generation model');
});

const source = object({
  id: string({ max: 64 }),
  text: string({ max: MAX_SOURCE_CHARS }),
});
const turn = object({
  question: string({ max: MAX_QUESTION_CHARS }),
  answer: string({ max: MAX_SOURCE_CHARS }),
});

/**
 * A one-element Int32Array on a SharedArrayBuffer: the caller stores 1 to stop. The worker's
 * generation loop never yields to its message queue between tokens (onnxruntime's wasm run
 * resolves in microtasks), so `llm.stop` would only arrive after the last token; the flag is
 * read at every token. Needs cross-origin isolation, which the companion provides.
 */
const stopFlag = check<Int32Array>((v, at) =>
  v instanceof Int32Array &&
  v.length === 1 &&
  typeof SharedArrayBuffer !== 'undefined' &&
  v.buffer instanceof SharedArrayBuffer
    ? v
    : fail(at, 'must be a shared Int32Array of one element'),
);

export const llmContract = {
  /** Loads a model whose files the model manager stored; idempotent per model key. */
  'llm.load': method(
    object({
      model: modelEntry,
      threads: optional(int(1, 16)),
      build: optional(oneOf(ORT_BUILDS), 'plain'),
    }),
  ).returns<LlmLoadInfo>(),
  /** Answers `question` from `sources` (ranked); progress values are `LlmProgress`. */
  'llm.answer': method(
    object({
      question: string({ max: MAX_QUESTION_CHARS }),
      sources: array(source, MAX_SOURCES),
      history: array(turn, MAX_TURNS),
      lang: oneOf(['de', 'en'] as const),
      maxNewTokens: optional(int(1, MAX_NEW_TOKENS), 256),
      stop: optional(stopFlag),
    }),
  ).returns<LlmAnswer>(),
  /** Stops the running answer after its current token; that call resolves with `stopped`. */
  'llm.stop': method(none).returnsNothing(),
  'llm.unload': method(none).returnsNothing(),
};
export type LlmContract = typeof llmContract;
