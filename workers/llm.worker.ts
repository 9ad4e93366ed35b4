/**
 * The llm worker: Ask's in-browser engine, an instruct model on onnxruntime-web, off the main
 * thread. One per tab that asks, started on first use; the model stays loaded until unloaded.
 */
/// <reference lib="webworker" />
import { llmContract } from '../src/core/api/llm.ts';
import { serve } from '../src/core/api/rpc.ts';
import { createLlmHandlers } from './llm.handlers.ts';
import { LlmEngine } from './llm/engine.ts';

serve(self, llmContract, createLlmHandlers(new LlmEngine()));
