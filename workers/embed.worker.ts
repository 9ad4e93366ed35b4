/**
 * The embed worker: transformers.js feature extraction off the main thread. One per tab that
 * needs embeddings; the model loads lazily on `embed.load` and stays until `embed.unload`.
 */
/// <reference lib="webworker" />
import { serve } from './rpc.ts';
import { embedHandlers } from './embed.handlers.ts';

serve(self, embedHandlers);
