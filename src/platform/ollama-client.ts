/**
 * Ollama on the LAN, reached only through the companion's `/ollama/` proxy (same origin, so
 * the CSP's connect-src stays `'self'`; the companion alone knows OLLAMA_HOST). Lists the
 * host's models and streams a chat answer (NDJSON), each line validated on arrival.
 */
import { KianaError } from '@kiana/shared/errors';
import { chatRequest, LineSplitter, parseChatLine, parseTags } from '../core/ask/ollama.ts';
import type { ChatMessage } from '../core/ask/types.ts';

const BASE = '/ollama/api';

async function post(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${BASE}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw new KianaError('cancelled', 'cancelled');
    throw new KianaError('ollama-unreachable', `ollama: ${String(error)}`);
  }
  return response;
}

function failure(status: number, text: string): KianaError {
  // 502/504 come from the companion (Ollama down); 404 without a proxy means no /ollama route.
  const code =
    status === 502 || status === 504 || status === 404 ? 'ollama-unreachable' : 'ollama-refused';
  return new KianaError(code, `ollama answered ${status}: ${text.slice(0, 200)}`);
}

/** The model names the Ollama host offers. */
export async function listOllamaModels(signal = new AbortController().signal): Promise<string[]> {
  let response: Response;
  try {
    response = await fetch(`${BASE}/tags`, { signal });
  } catch (error) {
    throw new KianaError('ollama-unreachable', `ollama: ${String(error)}`);
  }
  if (!response.ok) throw failure(response.status, await response.text());
  return parseTags(await response.json());
}

/** Streams an answer from `model`; resolves with the whole text when Ollama says done. */
export async function ollamaChat(
  model: string,
  messages: readonly ChatMessage[],
  limits: { numCtx: number; numPredict: number },
  signal: AbortSignal,
  onPiece: (piece: string) => void,
): Promise<string> {
  const response = await post(
    'chat',
    chatRequest(model, messages, limits.numCtx, limits.numPredict),
    signal,
  );
  if (!response.ok || !response.body) throw failure(response.status, await response.text());
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const lines = new LineSplitter();
  let text = '';
  const take = (line: string): boolean => {
    const chunk = parseChatLine(line);
    if (chunk === null) return false;
    if (chunk.kind === 'error') throw new KianaError('ollama-refused', `ollama: ${chunk.message}`);
    if (chunk.kind === 'done') return true;
    text += chunk.text;
    onPiece(chunk.text);
    return false;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const line of lines.push(value)) if (take(line)) return text;
    }
    for (const line of lines.end()) if (take(line)) return text;
  } catch (error) {
    if (signal.aborted) return text;
    throw error;
  } finally {
    reader.releaseLock();
  }
  return text;
}
