/**
 * Where a transcription's time goes: log-mel features, the encoder, and each decoding step.
 * transformers.js runs them inside one pipeline call, so the meter wraps the feature extractor's
 * `_call` and the two onnxruntime sessions' `run` of a loaded pipeline (own properties; the
 * library's code calls them unchanged). The bench reads the figures; they cost two clock reads
 * per step.
 */
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import type { SttTimings } from '../../src/core/api/stt.ts';

type Fn = (...args: unknown[]) => Promise<unknown>;
interface Timed {
  [name: string]: unknown;
}

function wrap(target: Timed, name: string, add: (ms: number) => void): void {
  const original = target[name] as Fn;
  target[name] = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await original.apply(target, args);
    } finally {
      add(performance.now() - started);
    }
  };
}

/** Starts metering `pipe`; the returned function hands out the times so far and resets them. */
export function meterWhisper(pipe: AutomaticSpeechRecognitionPipeline): () => SttTimings {
  let t = { featuresMs: 0, encoderMs: 0, decoderMs: 0, decoderSteps: 0 };
  const inner = pipe as unknown as {
    processor: { feature_extractor: Timed };
    model: { sessions: Record<string, Timed> };
  };
  const { model: encoder, decoder_model_merged: decoder } = inner.model.sessions;
  wrap(inner.processor.feature_extractor, '_call', (ms) => (t.featuresMs += ms));
  if (encoder) wrap(encoder, 'run', (ms) => (t.encoderMs += ms));
  if (decoder) {
    wrap(decoder, 'run', (ms) => {
      t.decoderMs += ms;
      t.decoderSteps++;
    });
  }
  return () => {
    const taken = t;
    t = { featuresMs: 0, encoderMs: 0, decoderMs: 0, decoderSteps: 0 };
    return taken;
  };
}
