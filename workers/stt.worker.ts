/**
 * The speech-to-text worker: transformers.js Whisper off the main thread. Started by the voice
 * state on first need (and warmed in idle time once a speech model is installed).
 */
/// <reference lib="webworker" />
import { sttContract } from '../src/core/api/stt.ts';
import { serve } from '../src/core/api/rpc.ts';
import { createSttHandlers } from './stt.handlers.ts';
import { SttEngine } from './stt/engine.ts';

serve(self, sttContract, createSttHandlers(new SttEngine()));
