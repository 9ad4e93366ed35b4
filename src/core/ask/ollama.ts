/**
 * Ollama's wire format as Ask uses it, validated on arrival: `/api/tags` (the models a host
 * offers) and `/api/chat` with `stream: true`, which answers NDJSON — one JSON object per line,
 * `{message: {role, content}, done: false}` per piece and a last one with `done: true`.
 */
import type { ChatMessage } from './types.ts';

/** Longest model name Kiana passes on (Ollama's are like `llama3.2:3b-instruct-q4_K_M`). */
export const MAX_OLLAMA_MODEL = 200;
const MODEL_NAME = /^[\w.:/-]{1,200}$/;

/** Whether `name` may be sent as an Ollama model name. */
export function isOllamaModel(name: unknown): name is string {
  return typeof name === 'string' && MODEL_NAME.test(name);
}

/** The model names of an `/api/tags` answer; anything malformed is left out. */
export function parseTags(value: unknown): string[] {
  const models = (value as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return [];
  return models
    .map((m) => (m as { name?: unknown } | null)?.name)
    .filter(isOllamaModel)
    .slice(0, 200);
}

/** The body of an `/api/chat` request. */
export function chatRequest(
  model: string,
  messages: readonly ChatMessage[],
  numCtx: number,
  numPredict: number,
) {
  return { model, messages, stream: true, options: { num_ctx: numCtx, num_predict: numPredict } };
}

/** One parsed line of a streamed chat answer. */
export type ChatChunk =
  | { readonly kind: 'piece'; readonly text: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

/** Parses one NDJSON line; null for a line that is not a chat chunk (dropped). */
export function parseChatLine(line: string): ChatChunk | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const v = value as { message?: { content?: unknown }; done?: unknown; error?: unknown } | null;
  if (typeof v?.error === 'string') return { kind: 'error', message: v.error.slice(0, 300) };
  if (v?.done === true) return { kind: 'done' };
  const text = v?.message?.content;
  return typeof text === 'string' ? { kind: 'piece', text } : null;
}

/** Splits a byte stream's decoded text into complete lines, keeping the unfinished rest. */
export class LineSplitter {
  #rest = '';

  /** The complete lines in `chunk` (with what was left from before). */
  push(chunk: string): string[] {
    const text = this.#rest + chunk;
    const lines = text.split('\n');
    this.#rest = lines.pop() ?? '';
    return lines;
  }

  /** The last line, if the stream ended without a newline. */
  end(): string[] {
    const rest = this.#rest;
    this.#rest = '';
    return rest === '' ? [] : [rest];
  }
}
