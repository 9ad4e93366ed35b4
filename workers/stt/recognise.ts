/**
 * transformers.js Whisper as the recogniser of src/core/voice/transcribe.ts: one chunk in, its
 * text and timed pieces out, in the explicit language. Free of the worker's wiring, so the bench
 * runs the very same call on onnxruntime-node.
 */
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import type { SttLanguage } from '../../src/core/api/stt.ts';
import type { Recognise } from '../../src/core/voice/transcribe.ts';

interface AsrChunk {
  readonly timestamp: readonly [number | null, number | null];
  readonly text: string;
}

/**
 * Generation calls the streamer after every token; throwing there ends a chunk mid-way, so a
 * cancelled transcription (a superseded partial) frees the worker within one decoding step
 * instead of after the whole chunk. (transformers.js's Whisper drops custom stopping criteria.)
 */
function abortingStreamer(signal: AbortSignal) {
  return {
    put: () => signal.throwIfAborted(),
    end: () => undefined,
  };
}

export function whisperRecogniser(
  pipe: AutomaticSpeechRecognitionPipeline,
  language: SttLanguage,
  signal: AbortSignal,
): Recognise {
  return async (chunk, tokens) => {
    const out = await pipe(chunk, {
      language,
      task: 'transcribe',
      return_timestamps: true,
      max_new_tokens: tokens,
      // Not in the pipeline's option type, but handed through to generate().
      ...({ streamer: abortingStreamer(signal) } as object),
    });
    const result = (Array.isArray(out) ? out[0] : out) as { text: string; chunks?: AsrChunk[] };
    return {
      text: result.text.trim(),
      pieces: (result.chunks ?? []).map((c) => ({
        start: c.timestamp[0] ?? 0,
        end: c.timestamp[1],
        text: c.text.trim(),
      })),
    };
  };
}
