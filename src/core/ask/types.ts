/**
 * What Ask works with, shared by the engines (in-browser model, Ollama, extractive), the state
 * and the UI: numbered sources (the retrieved memories), chat messages, finished turns.
 */

/** A retrieved memory as the answer cites it: `[n]` names `sources[n - 1]`. */
export interface AskSource {
  /** The memory's id (a `MemoryId`; kept a string so core/ask needs nothing else). */
  readonly id: string;
  readonly text: string;
}

/** The question's language: the prompt and the refusal follow it. */
export type AskLang = 'de' | 'en';

/** One message of a chat, as chat templates and Ollama's /api/chat take them. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** An earlier question and its answer, kept so that follow-up questions have their context. */
export interface AskTurn {
  readonly question: string;
  readonly answer: string;
}

/** Which engine answered. */
export type AskEngineKind = 'browser' | 'ollama' | 'extractive';
