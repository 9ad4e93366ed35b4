/**
 * What the state tests share: a fake store and a fake embed worker generated from their
 * contracts (tests/unit/fake-client.ts), memories made to order, and a localStorage for Node.
 */
import type { Handlers } from '../../../src/core/api/contract.ts';
import { embedContract, type EmbedContract, type LoadInfo } from '../../../src/core/api/embed.ts';
import { modelKey, parseModelEntry } from '../../../src/core/models/manifest.ts';
import { ModelsState } from '../../../src/state/models.svelte.ts';
import {
  storeContract,
  type StoreContract,
  type StoreEvents,
} from '../../../src/core/api/store.ts';
import type { Memory } from '../../../src/core/memory/types.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { HlcString } from '../../../src/core/hlc.ts';
import type { Embedder } from '../../../src/platform/embed-client.ts';
import type { StoreRef } from '../../../src/state/store-ref.ts';
import { fakeWorker, type FakeWorker } from '../fake-client.ts';

export type FakeStore = FakeWorker<StoreContract, StoreEvents> & { ref: StoreRef };

export function fakeStore(handlers: Partial<Handlers<StoreContract>>): FakeStore {
  const fake = fakeWorker<StoreContract, StoreEvents>(storeContract, handlers);
  return { ...fake, ref: () => fake.client };
}

/** An `Embedder` whose workers are fake; `restart` (or `crash`) moves on to the next one. */
export function fakeEmbedder(workers: Partial<Handlers<EmbedContract>>[]): Embedder & {
  started: FakeWorker<EmbedContract, Record<string, never>>[];
} {
  const started: FakeWorker<EmbedContract, Record<string, never>>[] = [];
  let current: FakeWorker<EmbedContract, Record<string, never>> | null = null;
  return {
    started,
    client() {
      if (!current) {
        const handlers = workers[started.length];
        if (!handlers) throw new Error(`fake embedder: no worker #${started.length + 1}`);
        current = fakeWorker(embedContract, handlers);
        started.push(current);
      }
      return current.client;
    },
    generation: () => started.length,
    restart() {
      current = null;
    },
  };
}

const DEVICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa' as DeviceId;

/** A memory as the store returns it. */
export function memory(id: string, text = `memory ${id}`): Memory {
  const hlc = '0000000000001-0000-aaaaaaaaaaaaaaaaaaaaaaaaaa' as HlcString;
  return {
    id: id as MemoryId,
    text,
    source: 'typed',
    tags: [],
    device: DEVICE,
    createdHlc: hlc,
    updatedHlc: hlc,
    createdAt: 1,
    updatedAt: 1,
    deleted: false,
  };
}

/** A localStorage for Node (the state classes keep drafts and small choices there). */
export function installLocalStorage(): void {
  const items = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
      clear: () => items.clear(),
    },
  });
}

/** A downloaded-model entry as the manifest gives it (2 dimensions). */
export const model = parseModelEntry({
  id: 'Owner/model',
  name: 'A model',
  task: 'feature-extraction',
  revision: 'a'.repeat(40),
  dtype: 'q8',
  files: [{ path: 'onnx/model_quantized.onnx', bytes: 10, sha256: 'b'.repeat(64) }],
  license: 'MIT',
  languages: ['en'],
  dims: 2,
  maxTokens: 128,
});

/** What loading it in a worker reports. */
export const info: LoadInfo = {
  device: 'wasm',
  build: 'plain',
  threads: 1,
  crossOriginIsolated: false,
  dims: 2,
  loadMs: 1,
  warmup: null,
};

/** An `embed.run` answer of `model` for `count` texts, every value `fill`. */
export function embedded(count: number, fill = 0.5) {
  return {
    vectors: new Float32Array(2 * count).fill(fill),
    dims: 2,
    count,
    model: modelKey(model),
  };
}

/** The models state with `model` downloaded. */
export function withModel(embedder: ReturnType<typeof fakeEmbedder>): ModelsState {
  const models = new ModelsState(embedder);
  models.models = [model];
  models.status.set(modelKey(model), {
    phase: 'ready',
    loaded: 0,
    total: 0,
    bytesPerSecond: 0,
    secondsLeft: 0,
    error: null,
  });
  return models;
}
