/**
 * Ask: a question → the best memories (hybrid retrieval: the question's content words ORed, and
 * its embedding when a model is there) → an answer that streams in from the chosen engine, with
 * numbered sources. Engines: the instruct model in this browser, Ollama on the LAN through the
 * companion (opt-in), or the extractive answer (best passages), which is also what a missing
 * model or an unreachable Ollama falls back to, with the reason shown. Follow-up questions carry
 * the conversation's earlier turns.
 */
import { KianaError } from '@kiana/shared/errors';
import type { HybridHit } from '../core/embedding/types.ts';
import { extractiveAnswer, passagesText, type Passage } from '../core/ask/extractive.ts';
import { fitPrompt } from '../core/ask/fit.ts';
import { isOllamaModel } from '../core/ask/ollama.ts';
import { retrievalQuery } from '../core/ask/query.ts';
import type { AskEngineKind, AskLang, AskSource, AskTurn, ChatMessage } from '../core/ask/types.ts';
import type { Memory } from '../core/memory/types.ts';
import { detectLanguage } from '../core/speech/language.ts';
import { listOllamaModels, ollamaChat } from '../platform/ollama-client.ts';
import type { Llm } from './llm.ts';
import { readMirror, writeMirror } from './mirror.ts';
import type { ModelsState } from './models.svelte.ts';
import type { StoreRef } from './store-ref.ts';

/** Memories one answer draws on. */
export const ASK_SOURCES = 6;
/** Earlier turns a follow-up carries. */
export const ASK_TURNS = 4;
/** Ollama's window as Kiana asks for it, and its characters-per-token estimate (no tokenizer here). */
const OLLAMA_CONTEXT = 4096;
const OLLAMA_CHARS_PER_TOKEN = 3;

export const ENGINE_CHOICES = ['auto', 'browser', 'ollama', 'extractive'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export type AnswerStatus = 'retrieving' | 'answering' | 'done' | 'stopped';

/** One question and its answer, as the UI shows it. */
export interface AnswerView {
  readonly id: number;
  readonly question: string;
  readonly lang: AskLang;
  status: AnswerStatus;
  engine: AskEngineKind | null;
  /** The model that answered (in-browser model name, Ollama model), null for extractive. */
  model: string | null;
  /** The memories the answer may cite: `[n]` is `sources[n - 1]`. */
  sources: Memory[];
  text: string;
  /** The extractive answer's passages (also the fallback after a failure). */
  passages: Passage[] | null;
  /** Why the chosen engine did not answer (a coded error), shown above the passages. */
  notice: unknown;
  /** Tokens (in-browser) or pieces (Ollama) received so far. */
  tokens: number;
  /** The engine's call has returned (a stopped one too): nothing more will change. */
  settled: boolean;
}

const isChoice = (v: unknown): v is EngineChoice => ENGINE_CHOICES.includes(v as EngineChoice);

export class AskState {
  /** The Search view's `Ask` toggle. */
  enabled = $state(false);
  answers = $state<AnswerView[]>([]);
  engine = $state<EngineChoice>('auto');
  ollamaModel = $state<string | null>(null);
  ollamaModels = $state.raw<string[]>([]);
  ollamaError = $state<unknown>(null);
  /** Tokens an in-browser answer may have (tests and the bench raise it). */
  maxNewTokens = 256;

  #next = 1;
  #running: { id: number; controller: AbortController } | null = null;
  readonly #store: StoreRef;
  readonly #models: ModelsState;
  readonly #llm: Llm;

  constructor(store: StoreRef, models: ModelsState, llm: Llm) {
    this.#store = store;
    this.#models = models;
    this.#llm = llm;
    const engine = readMirror('ask.engine');
    if (isChoice(engine)) this.engine = engine;
    const model = readMirror('ask.ollamaModel');
    if (isOllamaModel(model)) this.ollamaModel = model;
  }

  get busy(): boolean {
    return this.answers.some((a) => a.status === 'retrieving' || a.status === 'answering');
  }

  setEngine(choice: EngineChoice): void {
    this.engine = choice;
    writeMirror('ask.engine', choice);
  }

  setOllamaModel(model: string): void {
    if (!isOllamaModel(model)) return;
    this.ollamaModel = model;
    writeMirror('ask.ollamaModel', model);
  }

  /** Asks the Ollama host (through the companion) which models it has. */
  async findOllamaModels(): Promise<void> {
    try {
      this.ollamaModels = await listOllamaModels();
      this.ollamaError = null;
      const first = this.ollamaModels[0];
      if (
        first !== undefined &&
        (this.ollamaModel === null || !this.ollamaModels.includes(this.ollamaModel))
      ) {
        this.setOllamaModel(first);
      }
    } catch (error) {
      this.ollamaModels = [];
      this.ollamaError = error;
    }
  }

  /** Starts a new conversation. */
  clear(): void {
    this.stop();
    this.answers = [];
  }

  /** Stops the answer being written; what came so far stays. */
  stop(): void {
    const running = this.#running;
    if (!running) return;
    this.#running = null;
    running.controller.abort();
    const answer = this.answers.find((a) => a.id === running.id);
    if (answer && (answer.status === 'answering' || answer.status === 'retrieving'))
      answer.status = 'stopped';
    void this.#llm.stop().catch(() => undefined);
  }

  /** The retrieved memories for `question`, best first. */
  async #retrieve(question: string, signal: AbortSignal): Promise<Memory[]> {
    let embedded = null;
    if (this.#models.active) {
      embedded = await this.#models.embed([question], signal).catch(() => null);
    }
    const query = retrievalQuery(question);
    if (query === '' && embedded === null) return [];
    const result = await this.#store().call(
      'memories.hybridSearch',
      {
        query,
        vector: embedded ? embedded.vectors : null,
        model: embedded ? embedded.model : null,
        limit: ASK_SOURCES,
        offset: 0,
      },
      { signal, timeoutMs: 20_000 },
    );
    return result.hits.map((h: HybridHit) => h.memory);
  }

  /** The engine a question goes to, or the coded reason it cannot. */
  #pick(): { engine: AskEngineKind; reason: 'llm-missing' | null } {
    const choice = this.engine;
    if (choice === 'extractive') return { engine: 'extractive', reason: null };
    if (choice === 'ollama') return { engine: 'ollama', reason: null };
    if (this.#llm.model) return { engine: 'browser', reason: null };
    return { engine: 'extractive', reason: choice === 'browser' ? 'llm-missing' : null };
  }

  /** Asks `question`; earlier answers of this conversation are its context. */
  async ask(question: string, uiLang: AskLang): Promise<void> {
    const text = question.trim();
    if (text === '') return;
    this.stop();
    const history: AskTurn[] = this.answers
      .filter((a) => a.status === 'done')
      .slice(-ASK_TURNS)
      .map((a) => ({ question: a.question, answer: a.text || passagesText(a.passages ?? []) }));
    const id = this.#next++;
    this.answers.push({
      id,
      question: text,
      lang: detectLanguage(text, uiLang),
      status: 'retrieving',
      engine: null,
      model: null,
      sources: [],
      text: '',
      passages: null,
      notice: null,
      tokens: 0,
      settled: false,
    });
    // The proxy in the array, so that changes below reach the UI.
    const answer = this.answers[this.answers.length - 1] as AnswerView;
    const controller = new AbortController();
    this.#running = { id, controller };
    const live = () => this.#running?.id === id;
    try {
      answer.sources = await this.#retrieve(text, controller.signal);
      if (!live()) return;
      const sources: AskSource[] = answer.sources.map((m) => ({ id: m.id, text: m.text }));
      const { engine, reason } = this.#pick();
      answer.status = 'answering';
      if (reason !== null) {
        answer.notice = new KianaError(reason, 'no language model is downloaded');
      } else if (engine === 'browser') {
        answer.engine = 'browser';
        answer.model = this.#llm.model?.name ?? null;
        const result = await this.#llm.answer(
          { question: text, sources, history, lang: answer.lang, maxNewTokens: this.maxNewTokens },
          (p) => {
            if (!live()) return;
            answer.text += p.piece;
            answer.tokens = p.tokens;
          },
        );
        if (!live()) {
          answer.tokens = result.tokens;
          return;
        }
        answer.text = result.text;
        answer.tokens = result.tokens;
        answer.status = 'done';
        return;
      } else if (engine === 'ollama') {
        answer.engine = 'ollama';
        answer.model = this.ollamaModel;
        if (this.ollamaModel === null)
          throw new KianaError('ollama-refused', 'no Ollama model chosen');
        const messages = this.#ollamaPrompt(text, sources, history, answer.lang);
        await ollamaChat(
          this.ollamaModel,
          messages,
          { numCtx: OLLAMA_CONTEXT, numPredict: this.maxNewTokens },
          controller.signal,
          (piece) => {
            if (!live()) return;
            answer.text += piece;
            answer.tokens++;
          },
        );
        if (live()) answer.status = 'done';
        return;
      }
      this.#extractive(answer, text, sources);
    } catch (error) {
      if (!live()) return;
      answer.notice = error;
      this.#extractive(
        answer,
        text,
        answer.sources.map((m) => ({ id: m.id, text: m.text })),
      );
    } finally {
      answer.settled = true;
      if (live()) this.#running = null;
    }
  }

  #extractive(answer: AnswerView, question: string, sources: readonly AskSource[]): void {
    answer.engine = 'extractive';
    answer.model = null;
    answer.text = '';
    answer.passages = extractiveAnswer(question, sources);
    answer.status = 'done';
  }

  /** Ollama's prompt, fitted by an estimate: its tokenizer is on the other machine. */
  #ollamaPrompt(
    question: string,
    sources: AskSource[],
    history: AskTurn[],
    lang: AskLang,
  ): ChatMessage[] {
    const estimate = (messages: readonly ChatMessage[]) =>
      Math.ceil(messages.reduce((n, m) => n + m.content.length + 8, 0) / OLLAMA_CHARS_PER_TOKEN);
    return fitPrompt(question, sources, history, lang, estimate, {
      contextTokens: OLLAMA_CONTEXT,
      answerTokens: this.maxNewTokens,
    }).messages;
  }
}
