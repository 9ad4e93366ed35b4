/**
 * The embed worker: transformers.js feature extraction off the main thread. One per tab that
 * needs embeddings; the model loads lazily on `embed.load` and stays until `embed.unload`.
 */
/// <reference lib="webworker" />
import { embedContract } from '../src/core/api/embed.ts';
import { serve } from '../src/core/api/rpc.ts';
import { createEmbedHandlers } from './embed.handlers.ts';
import { EmbedEngine } from './embed/engine.ts';

serve(self, embedContract, createEmbedHandlers(new EmbedEngine()));
