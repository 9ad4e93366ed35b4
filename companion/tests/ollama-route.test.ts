/**
 * The `/ollama/` proxy's gate, through a real in-process companion: only two paths with one
 * method each, only pages of the companion itself, JSON bodies within 256 KiB rebuilt from
 * validated fields; an Ollama that is not there is a 502. (Streaming through it to an Ollama
 * stand-in is tested end to end in tests/browser/ask.test.ts.)
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChatBody, MAX_CHAT_BODY } from '../src/ollama-route.js';
import { startTestCompanion, type TestCompanion } from './lan-helpers.js';

let companion: TestCompanion;

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  companion = await startTestCompanion(
    {},
    {},
    '127.0.0.1',
    `http://127.0.0.1:${await closedPort()}`,
  );
});
afterAll(() => companion.stop());

const chat = { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'Hi' }], stream: true };
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${companion.base}/ollama/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('the /ollama/ proxy', () => {
  it('rebuilds a chat body from validated fields only', () => {
    expect(
      checkChatBody({
        ...chat,
        options: { num_ctx: 4096, num_predict: 64, seed: 1 },
        keep_alive: -1,
        format: 'json',
      }),
    ).toEqual({ ...chat, options: { num_ctx: 4096, num_predict: 64 } });
    expect(checkChatBody({ ...chat, stream: false })).toBe('stream must be true');
    expect(checkChatBody({ ...chat, model: 'a b' })).toBe('model');
    expect(checkChatBody({ ...chat, messages: [{ role: 'tool', content: 'x' }] })).toBe(
      'message role',
    );
    expect(checkChatBody({ ...chat, messages: [] })).toBe('messages');
  });

  it('answers only its two paths, each with its one method', async () => {
    expect((await fetch(`${companion.base}/ollama/api/generate`)).status).toBe(404);
    expect((await fetch(`${companion.base}/ollama/api/pull`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${companion.base}/ollama/api/chat`)).status).toBe(405);
    expect((await fetch(`${companion.base}/ollama/api/tags`, { method: 'DELETE' })).status).toBe(
      405,
    );
  });

  it('refuses pages of other origins, other content types, oversized and malformed bodies', async () => {
    expect((await post(JSON.stringify(chat), { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(JSON.stringify(chat), { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('x'.repeat(MAX_CHAT_BODY + 1))).status).toBe(413);
    expect((await post('{nope')).status).toBe(400);
    expect((await post(JSON.stringify({ ...chat, stream: false }))).status).toBe(400);
  });

  it('says 502 when Ollama is not there, and logs no content', async () => {
    const secret = 'my secret dentist note';
    const answer = await post(
      JSON.stringify({ ...chat, messages: [{ role: 'user', content: secret }] }),
    );
    expect(answer.status).toBe(502);
    expect((await fetch(`${companion.base}/ollama/api/tags`)).status).toBe(502);
    expect(JSON.stringify(companion.logs)).not.toContain(secret);
    expect(companion.logs.some((l) => l.msg === 'ollama unreachable')).toBe(true);
  });
});

describe('without OLLAMA_HOST', () => {
  it('has no /ollama/ route: 404 for its paths and methods, never the app pages', async () => {
    const plain = await startTestCompanion({}, {}, '127.0.0.1', null);
    try {
      const url = `${plain.base}/ollama/api/`;
      expect((await fetch(`${url}tags`)).status).toBe(404);
      const chatAnswer = await fetch(`${url}chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(chat),
      });
      expect(chatAnswer.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
