/**
 * Embedding ahead of the ask, against an embedder whose calls the test finishes by hand: one text
 * at a time per lane, only the newest of those typed meanwhile, a failure or a skipped text left
 * to the caller, and nothing served under another model.
 */
import { describe, expect, it } from 'vitest';
import { EmbedAhead, SUPERSEDED, type AheadResult } from '../../../src/core/embedding/ahead.ts';

const M = 'model-a';

/** An embedder whose calls wait until the test finishes them. */
function manual() {
  const calls: { text: string; finish: (v?: number) => void; fail: (e: Error) => void }[] = [];
  const embed = (text: string) =>
    new Promise<AheadResult | null>((resolve, reject) => {
      calls.push({
        text,
        finish: (v = text.length) =>
          resolve({ vectors: new Float32Array([v, 1]), dims: 2, model: M }),
        fail: reject,
      });
    });
  return { calls, ahead: new EmbedAhead(embed) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('EmbedAhead', () => {
  it('embeds the first text at once and only the newest of those offered while it runs', async () => {
    const { calls, ahead } = manual();
    ahead.offer('g', M);
    for (const text of ['ga', 'gar', 'gard']) ahead.offer(text, M);
    expect(calls.map((c) => c.text)).toEqual(['g']);
    // 'ga' and 'gar' were passed by: nobody asks for them, and they are never embedded.
    expect(ahead.find('ga', M)).toBeUndefined();
    calls[0]?.finish();
    await settle();
    expect(calls.map((c) => c.text)).toEqual(['g', 'gard']);
    const found = ahead.find('gard', M);
    calls[1]?.finish(7);
    expect(Array.from((await found)?.vectors ?? [])).toEqual([7, 1]);
    // Done texts are served without another call; an unknown one is left to the caller.
    expect(Array.from((await ahead.find('gard', M))?.vectors ?? [])).toEqual([7, 1]);
    expect(ahead.find('garden', M)).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('serves a text waiting for its turn once its turn comes', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', M);
    ahead.offer('b', M);
    const b = ahead.find('b', M);
    calls[0]?.finish();
    await settle();
    calls[1]?.finish(5);
    expect((await b)?.vectors[0]).toBe(5);
  });

  it('tells a caller waiting on a text that a newer one replaced it before its turn', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', M);
    ahead.offer('b', M);
    const b = ahead.find('b', M);
    ahead.offer('c', M);
    await expect(b).rejects.toThrow(SUPERSEDED);
    calls[0]?.finish();
    await settle();
    expect(calls.map((c) => c.text)).toEqual(['a', 'c']);
  });

  it('passes a failure to the caller and goes on with the next text', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', M);
    const a = ahead.find('a', M);
    ahead.offer('b', M);
    calls[0]?.fail(new Error('worker crashed'));
    await expect(a).rejects.toThrow('worker crashed');
    await settle();
    expect(calls.map((c) => c.text)).toEqual(['a', 'b']);
    // A failed text is not remembered: offered again, it is embedded again.
    calls[1]?.finish();
    await settle();
    ahead.offer('a', M);
    expect(calls.map((c) => c.text)).toEqual(['a', 'b', 'a']);
  });

  it('serves nothing offered under another model, and offers it again under the new one', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', M);
    calls[0]?.finish();
    await settle();
    expect(ahead.find('a', 'model-b')).toBeUndefined();
    ahead.offer('a', 'model-b');
    expect(calls).toHaveLength(2);
  });

  it('does not remember a vector another model made (the model changed mid-run)', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', 'model-b'); // the worker still answers with model-a's vectors
    calls[0]?.finish();
    await settle();
    expect(ahead.find('a', 'model-b')).toBeUndefined();
    ahead.offer('a', 'model-b');
    expect(calls).toHaveLength(2);
  });

  it('turns an embedder that throws at once into a rejection and goes on', async () => {
    let calls = 0;
    const ahead = new EmbedAhead((text) => {
      calls++;
      if (text === 'bad') throw new Error('no worker');
      return Promise.resolve({ vectors: new Float32Array([1, 1]), dims: 2, model: M });
    });
    ahead.offer('bad', M);
    await expect(ahead.find('bad', M)).rejects.toThrow('no worker');
    ahead.offer('good', M);
    expect((await ahead.find('good', M))?.vectors[0]).toBe(1);
    expect(calls).toBe(2);
  });

  it('gives each caller its own copy of the vector', async () => {
    const { calls, ahead } = manual();
    ahead.offer('a', M);
    calls[0]?.finish(3);
    const first = await ahead.find('a', M);
    first?.vectors.fill(0); // as if transferred to a worker
    expect((await ahead.find('a', M))?.vectors[0]).toBe(3);
  });

  it('raises no unhandled rejection for a failure nobody asked about', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const { calls, ahead } = manual();
      ahead.offer('a', M);
      ahead.offer('b', M);
      ahead.offer('c', M); // 'b' superseded with no caller
      calls[0]?.fail(new Error('nobody listens'));
      await settle();
      await settle();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });
});
