/**
 * The tts worker: Piper voices on onnxruntime-web with espeak-ng phonemes, off the main thread.
 * One per tab that reads aloud, started on first use; the voice stays loaded until unloaded.
 */
/// <reference lib="webworker" />
import { ttsContract } from '../src/core/api/tts.ts';
import { serve } from '../src/core/api/rpc.ts';
import { createTtsHandlers } from './tts.handlers.ts';
import { TtsEngine } from './tts/engine.ts';

serve(self, ttsContract, createTtsHandlers(new TtsEngine()));
