/**
 * The backfill loop against a store and an embedder in memory, with the interleavings that lost
 * memories before: a save announced while a round was busy, and an embed worker that went away
 * mid-batch. Each case fails with the old loop (it slept until the next unrelated change).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BackfillLoop,
  RETRY_FIRST_MS,
  RETRY_MAX_MS,
  type BackfillDeps,
} from '../../../src/core/embedding/backfill-loop.ts';
import type { PendingText } from '../../../src/core/embedding/types.ts';
import { KianaError } from '@kiana/shared/errors';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import { Wakeup } from '../../../src/core/wakeup.ts';

const MODEL = 'm@r/q8';

/** Memories and their vectors; `hooks` run inside the calls, where a race would land. */
function world() {
  const texts = new Map<MemoryId, string>();
  const vectors = new Set<MemoryId>();
  const hooks = {
    pending: [] as (() => void)[],
    embed: [] as (() => Error | undefined)[],
  };
  const announce: { loop?: BackfillLoop } = {};
  const save = (text: string): MemoryId => {
    const id = newMemoryId();
    texts.set(id, text);
    announce.loop?.notify(); // what `memories.changed` does in the app
    return id;
  };
  const deps: BackfillDeps = {
    model: () => MODEL,
    pending: (_model, limit) => {
      const rows: PendingText[] = [...texts]
        .filter(([id]) => !vectors.has(id))
        .slice(0, limit)
        .map(([id, text]) => ({ id, text }));
      // The query has read; a change now is one the loop has not seen.
      hooks.pending.shift()?.();
      return Promise.resolve(rows);
    },
    embed: (batch) => {
      const failure = hooks.embed.shift()?.();
      if (failure) return Promise.reject(failure);
      return Promise.resolve({
        vectors: new Float32Array(batch.length * 2).fill(0.5),
        dims: 2,
        model: MODEL,
      });
    },
    put: (_model, _dims, items) => {
      for (const item of items) vectors.add(item.id);
      return Promise.resolve();
    },
    refresh: () => Promise.resolve(),
    state: () => undefined,
  };
  const loop = new BackfillLoop(deps);
  announce.loop = loop;
  void loop.run();
  return { loop, save, vectors, hooks, deps };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the backfill loop', () => {
  it('embeds a memory saved after the pending query read but before the loop slept', async () => {
    const w = world();
    await vi.waitFor(() => expect(w.hooks.pending).toHaveLength(0));
    let late: MemoryId | undefined;
    w.hooks.pending.push(() => (late = w.save('saved while the round ran')));
    w.save('wakes the loop');
    await vi.waitFor(() => expect(late !== undefined && w.vectors.has(late)).toBe(true));
  });

  it('embeds a memory saved while a batch was being embedded, also when that batch failed', async () => {
    const w = world();
    let late: MemoryId | undefined;
    w.hooks.embed.push(() => {
      late = w.save('saved mid-batch');
      return new KianaError('worker-crashed', 'embed worker: gone');
    });
    const first = w.save('in the batch that fails');
    await vi.waitFor(
      () => {
        expect(w.vectors.has(first)).toBe(true);
        expect(late !== undefined && w.vectors.has(late)).toBe(true);
      },
      { timeout: 5 * RETRY_FIRST_MS },
    );
  });

  it('tries a failed round again without any further change', async () => {
    const w = world();
    w.hooks.embed.push(() => new KianaError('cancelled', 'the embed worker was restarted'));
    const id = w.save('the only memory');
    await vi.waitFor(() => expect(w.vectors.has(id)).toBe(true), { timeout: 5 * RETRY_FIRST_MS });
  });

  it('backs off while rounds keep failing, up to a minute between tries', async () => {
    vi.useFakeTimers();
    let tries = 0;
    const deps: BackfillDeps = {
      model: () => MODEL,
      pending: () => Promise.resolve([{ id: newMemoryId(), text: 'x' }]),
      embed: () => {
        tries++;
        return Promise.reject(new KianaError('model-load', 'broken model'));
      },
      put: () => Promise.resolve(),
      refresh: () => Promise.resolve(),
      state: () => undefined,
    };
    void new BackfillLoop(deps).run();
    await vi.advanceTimersByTimeAsync(0);
    expect(tries).toBe(1);
    // 0.5 + 1 + 2 + 4 + 8 + 16 + 32 s, then every 60 s.
    await vi.advanceTimersByTimeAsync(63_500);
    expect(tries).toBe(8);
    await vi.advanceTimersByTimeAsync(RETRY_MAX_MS - 1);
    expect(tries).toBe(8);
    await vi.advanceTimersByTimeAsync(1);
    expect(tries).toBe(9);
  });

  it('waits while paused and picks up what was saved meanwhile on resume', async () => {
    const w = world();
    let paused = true;
    const loop = new BackfillLoop({ ...w.deps, model: () => (paused ? null : MODEL) });
    void loop.run();
    const id = w.save('saved while paused');
    await new Promise((r) => setTimeout(r, 20));
    // The first loop of `world` embeds it; this one must not have run a round while paused.
    w.vectors.delete(id);
    await new Promise((r) => setTimeout(r, 20));
    paused = false;
    loop.notify();
    await vi.waitFor(() => expect(w.vectors.has(id)).toBe(true));
  });
});

describe('Wakeup', () => {
  it('keeps a notify that came while nobody waited for the next wait', async () => {
    const w = new Wakeup();
    w.notify();
    await w.wait(); // resolves at once; a lost notify would hang here
    let woke = false;
    void w.wait().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    w.notify();
    await vi.waitFor(() => expect(woke).toBe(true));
  });

  it('forgets notifies made before clear', async () => {
    vi.useFakeTimers();
    const w = new Wakeup();
    w.notify();
    w.clear();
    let woke = false;
    void w.wait(1000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
  });
});
