/**
 * Capture's draft is embedded ahead only where the vector will be used: in the tab whose backfill
 * loop holds the lock, not paused, with no other memory waiting for a vector.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newMemoryId } from '@kiana/shared/ids';
import type { PendingText } from '../../../src/core/embedding/types.ts';
import { Backfill } from '../../../src/state/backfill.svelte.ts';
import {
  embedded,
  fakeEmbedder,
  fakeStore,
  info,
  installLocalStorage,
  withModel,
} from './helpers.ts';

const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

beforeEach(() => installLocalStorage());
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
});

/** Web Locks as a tab that gets the lock at once (`granted`) or waits behind another tab. */
function installLocks(granted: boolean): void {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      locks: {
        request: (_name: string, callback: () => Promise<unknown>) =>
          granted ? callback() : new Promise(() => undefined),
      },
    },
  });
}

function world(pending: PendingText[] = []) {
  const store = fakeStore({
    'vectors.pending': () => pending.splice(0),
    'vectors.put': ({ items }) => ({ stored: items.length }),
    'vectors.coverage': ({ model: key }) => ({
      model: key,
      embedded: 0,
      total: 0,
      index: null,
      indexing: 0,
    }),
    'vectors.prepare': () => undefined,
  });
  const embedder = fakeEmbedder([
    {
      'embed.load': () => info,
      'embed.run': ({ texts }) => embedded(texts.length),
    },
  ]);
  const runs = () => embedder.started[0]?.argsOf('embed.run').map((a) => a.texts) ?? [];
  return { backfill: new Backfill(store.ref, withModel(embedder)), runs };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('Backfill.offerDraft', () => {
  it('embeds the draft in the tab that holds the lock, unless paused', async () => {
    installLocks(true);
    const { backfill, runs } = world();
    backfill.offerDraft('before the loop runs', true);
    backfill.start();
    await vi.waitFor(() => expect(backfill.working).toBe(false));
    backfill.pause();
    backfill.offerDraft('paused', true);
    await settle();
    expect(runs()).toEqual([]);
    backfill.resume();
    backfill.offerDraft('buy oat milk', true);
    await vi.waitFor(() => expect(runs()).toEqual([['buy oat milk']]));
  });

  it('leaves the draft alone in a tab waiting for the lock', async () => {
    installLocks(false);
    const { backfill, runs } = world();
    backfill.start();
    backfill.offerDraft('buy oat milk', true);
    await settle();
    expect(runs()).toEqual([]);
  });

  it('leaves the draft alone while other memories wait for their vectors', async () => {
    installLocks(true);
    let release: () => void = () => undefined;
    const { backfill, runs } = world([{ id: newMemoryId(), text: 'an older memory' }]);
    // The loop's embedding of the older memory is held, so the loop is busy.
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(backfill as unknown as { refresh(): Promise<void> }, 'refresh').mockImplementation(
      () => held,
    );
    backfill.start();
    await vi.waitFor(() => expect(backfill.working).toBe(true));
    backfill.offerDraft('buy oat milk', true);
    await settle();
    expect(runs()).toEqual([['an older memory']]);
    release();
  });
});
