/**
 * An instruct model with transformers.js: the text-generation pipeline on onnxruntime-web (WASM;
 * WebGPU was not measured faster here, there is no GPU on these machines), configured exactly
 * as the embed and stt workers (offline, files from OPFS, self-hosted runtime). The prompt is
 * built and fitted to the model's window with its own tokenizer (src/core/ask/fit.ts); tokens
 * stream out through a TextStreamer and a cancelled call interrupts generation at the next token.
 */
import {
  InterruptableStoppingCriteria,
  pipeline,
  TextStreamer,
  type Message,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { KianaError } from '@kiana/shared/errors';
import type { OrtBuild } from '../../src/core/api/embed.ts';
import type { LlmAnswer, LlmLoadInfo, LlmProgress } from '../../src/core/api/llm.ts';
import { fitPrompt } from '../../src/core/ask/fit.ts';
import type { AskLang, AskSource, AskTurn, ChatMessage } from '../../src/core/ask/types.ts';
import { modelKey, type ModelEntry } from '../../src/core/models/manifest.ts';
import { configure, loadError, NO_SPINNING } from '../embed/engine.ts';

/** What one `answer` call needs besides the model. */
export interface AnswerRequest {
  readonly question: string;
  readonly sources: readonly AskSource[];
  readonly history: readonly AskTurn[];
  readonly lang: AskLang;
  readonly maxNewTokens: number;
  /** Stop flag shared with the caller (see llmContract): 1 stops at the next token. */
  readonly stop?: Int32Array | undefined;
}

export class LlmEngine {
  #pipe: TextGenerationPipeline | null = null;
  #loaded: { key: string; info: LlmLoadInfo } | null = null;
  /** The running generation's stop, for `stop()`. */
  #stop: (() => void) | null = null;

  async load(model: ModelEntry, threads: number, build: OrtBuild): Promise<LlmLoadInfo> {
    const key = modelKey(model);
    if (this.#loaded?.key === key && this.#pipe) return this.#loaded.info;
    const started = performance.now();
    await this.unload();
    await configure(model, threads, build);
    try {
      this.#pipe = await pipeline('text-generation', model.id, {
        revision: model.revision,
        dtype: model.dtype,
        device: 'wasm',
        session_options: NO_SPINNING,
      });
    } catch (error) {
      throw loadError(model, error);
    }
    const config = this.#pipe.model.config as { max_position_embeddings?: unknown };
    const window =
      typeof config.max_position_embeddings === 'number'
        ? config.max_position_embeddings
        : model.maxTokens;
    const info: LlmLoadInfo = {
      threads,
      contextTokens: Math.min(window, model.maxTokens),
      loadMs: performance.now() - started,
    };
    this.#loaded = { key, info };
    return info;
  }

  async answer(
    request: AnswerRequest,
    signal: AbortSignal,
    onProgress: (progress: LlmProgress) => void,
  ): Promise<LlmAnswer> {
    const pipe = this.#pipe;
    const info = this.#loaded?.info;
    if (!pipe || !info) throw new KianaError('llm-missing', 'no language model loaded');
    const started = performance.now();
    const { tokenizer } = pipe;
    const count = (messages: readonly ChatMessage[]) =>
      tokenizer.apply_chat_template([...messages], {
        add_generation_prompt: true,
        tokenize: true,
        return_tensor: false,
        return_dict: false,
      }).length;
    // The answer never takes more than half the window: the question and memories need room.
    const maxNewTokens = Math.min(request.maxNewTokens, Math.floor(info.contextTokens / 2));
    const fitted = fitPrompt(
      request.question,
      request.sources,
      request.history,
      request.lang,
      count,
      {
        contextTokens: info.contextTokens,
        answerTokens: maxNewTokens,
      },
    );
    signal.throwIfAborted();
    const stopper = new InterruptableStoppingCriteria();
    let stopped = false;
    const interrupt = () => {
      stopped = true;
      stopper.interrupt();
    };
    this.#stop = interrupt;
    signal.addEventListener('abort', interrupt);
    let text = '';
    let tokens = 0;
    let firstTokenMs = 0;
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      token_callback_function: () => {
        if (request.stop && Atomics.load(request.stop, 0) === 1) interrupt();
        if (stopped) return;
        if (tokens++ === 0) firstTokenMs = performance.now() - started;
      },
      callback_function: (piece: string) => {
        // No piece leaves after a stop: the caller has moved on.
        if (stopped || piece === '') return;
        text += piece;
        onProgress({ piece, tokens });
      },
    });
    try {
      await pipe(fitted.messages as Message[], {
        max_new_tokens: maxNewTokens,
        do_sample: false,
        streamer,
        stopping_criteria: stopper,
      });
    } finally {
      signal.removeEventListener('abort', interrupt);
      if (this.#stop === interrupt) this.#stop = null;
    }
    return {
      text,
      tokens,
      sourcesUsed: fitted.sources.length,
      promptTokens: fitted.promptTokens,
      firstTokenMs,
      ms: performance.now() - started,
      stopped,
    };
  }

  /** Stops the running generation after its current token; its `answer` resolves as stopped. */
  stop(): void {
    this.#stop?.();
  }

  async unload(): Promise<void> {
    const pipe = this.#pipe;
    this.#pipe = null;
    this.#loaded = null;
    await pipe?.dispose();
  }
}
