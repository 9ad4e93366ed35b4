/**
 * In-page half of the user's-path search figures (bench/areas/typing.ts): 100k corpus memories
 * with stored 384-d vectors under the key of the model the app really runs (the bench's
 * L6-shaped model, installed through the app's model manager), then search as you type, the
 * hybrid query as the Search view sends it, `vectors.nearest`, and save → findable by meaning
 * through Capture — each sample beside its baseline, interleaved.
 */
import type { StoreClient } from '../../src/platform/store-client.ts';
import type { ModelsState } from '../../src/state/models.svelte.ts';
import { DRAFT_PAUSE_MS } from '../../src/state/capture-ahead.ts';
import { DEBOUNCE_MS, sendSearch, type SendDeps } from '../../src/state/search-send.ts';
import { clusteredSource } from '../../tests/unit/search/data.ts';
import { EMBEDDING_LIKE } from '../areas/vectors-common.ts';
import { Corpus, seededRandom, type CorpusMemory } from './corpus.ts';
import { fillWithVectors, settleIndex, timed } from './fill.ts';
import { chooseQueries, type QueryKind, type QuerySet } from './queries.ts';

/** The Search view's page size (src/state/search.svelte.ts, SEARCH_LIMIT). */
const PAGE = 50;
const WARMUP = 5;
/** A saved memory not findable after this long is a failure, not a sample. */
const GIVE_UP_MS = 20_000;
/**
 * Pause between two asks "is it findable yet?". Asked back to back, the store worker answered
 * nonstop and the backfill's own store calls queued behind the asks (traced: `vectors.pending`
 * took 10–14 ms). The pause adds at most its length to a sample, the same for both columns.
 */
const POLL_MS = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface State {
  store: StoreClient;
  models: ModelsState;
  corpus: Corpus;
  model: string;
  stored: CorpusMemory[];
  /** The stored vectors' generator: its next points are new points of the same topics. */
  vectors: () => Float32Array;
  random: () => number;
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaTyping.init() first');
  return state;
}

type Hooks = { kianaStore?: () => StoreClient; kianaModels?: () => ModelsState };

/** `n` samples of `ours` and `baseline`, alternating which goes first, after a warm-up. */
async function interleaved(
  n: number,
  ours: (i: number) => Promise<number>,
  baseline: (i: number) => Promise<number>,
): Promise<{ ours: number[]; baseline: number[] }> {
  const out = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < n + WARMUP; i++) {
    const first = i % 2 === 0;
    const a = await (first ? ours(i) : baseline(i));
    const b = await (first ? baseline(i) : ours(i));
    if (i < WARMUP) continue;
    out.ours.push(first ? a : b);
    out.baseline.push(first ? b : a);
  }
  return out;
}

/** `count` words of stored memories, at least 4 letters each. */
function pickQueries(s: State, count: number): string[] {
  return Array.from({ length: count }, () => {
    const memory = s.stored[Math.floor(s.random() * s.stored.length)] as CorpusMemory;
    const words = memory.text.split(/[^\p{L}]+/u).filter((w) => w.length >= 4);
    return words[Math.floor(s.random() * words.length)] ?? 'garden';
  });
}

/**
 * What `sendSearch` needs: the query really embedded by the app's model (`timed` gets how long
 * that took and when it ended), the store given a vector of the stored topics instead (the
 * generated model's own vectors are unrelated to them and would fall below the relevance floor).
 */
function topicSearch(s: State, timed: (ms: number, at: number) => void): SendDeps {
  return {
    store: s.store,
    embeds: true,
    embed: async (query, signal) => {
      const started = performance.now();
      const embedded = await s.models.embed([query], signal);
      const at = performance.now();
      timed(at - started, at);
      if (!embedded) throw new Error('no model');
      return { vectors: s.vectors(), model: embedded.model };
    },
  };
}

const api = {
  /** Installs `modelId` through the app's model manager; returns the store count. */
  async init(seed: number, modelId: string): Promise<{ count: number; model: string }> {
    const hooks = globalThis as Hooks;
    if (!hooks.kianaStore || !hooks.kianaModels) throw new Error('load the test build first');
    const store = hooks.kianaStore();
    const models = hooks.kianaModels();
    await models.refresh();
    const entry = models.models.find((m) => m.id === modelId);
    if (!entry) throw new Error(`no model ${modelId} in the manifest`);
    await models.download(entry);
    const probe = await models.embed(['probe']);
    if (!probe) throw new Error('the model did not load');
    state = {
      store,
      models,
      corpus: new Corpus(seed),
      model: probe.model,
      stored: [],
      vectors: clusteredSource(EMBEDDING_LIKE),
      random: seededRandom(seed + 1),
    };
    return { count: (await store.call('db.stats', undefined)).count, model: probe.model };
  },

  /** Fills the store; vectors go under the active model's key, so the app finds none missing. */
  async fill(count: number, batch: number): Promise<{ texts: number; vectors: number }> {
    const s = current();
    const { stored, ...spent } = await fillWithVectors(
      s.store,
      { corpus: s.corpus, vectors: s.vectors, model: s.model },
      count,
      batch,
    );
    s.stored.push(...stored);
    return spent;
  },

  /** Waits until the vector index is the kind the collection's size calls for, and saved. */
  settleIndex() {
    const s = current();
    return settleIndex(s.store, s.model, s.vectors());
  },

  queries(seed: number): Record<QueryKind, QuerySet> {
    return chooseQueries(current().stored, seed);
  },

  /** `memories.search` (top 50, snippets) for `queries`, beside rare words. */
  async fts(queries: readonly string[], rare: readonly string[], n: number) {
    const s = current();
    const search = (q: string) => () => s.store.call('memories.search', { query: q, limit: PAGE });
    const pick = (list: readonly string[], i: number) => list[i % list.length] as string;
    return interleaved(
      n,
      (i) => timed(search(pick(queries, i))),
      (i) => timed(search(pick(rare, i))),
    );
  },

  /**
   * The query the Search view sends (src/state/search-send.ts: the words searched while the
   * app's model embeds the text, then `memories.hybridSearch` with the view's page size); beside
   * `memories.search` alone. The
   * store call gets a query vector of the stored vectors' topics (the generated model's own
   * vectors are unrelated to them and would fall below the relevance floor).
   */
  async hybrid(n: number): Promise<{
    ours: number[];
    baseline: number[];
    meaningHits: number;
    keywordOnly: number;
    top: number[];
    /** Per sample: how long the embedding took, and the rest after it (the fused call). */
    embedMs: number[];
    afterMs: number[];
  }> {
    const s = current();
    const queries = pickQueries(s, n + WARMUP);
    // New points of the stored topics (a stream with another seed has other topics altogether).
    const vectors = s.vectors;
    let meaningHits = 0;
    let keywordOnly = 0;
    const embedMs: number[] = [];
    const afterMs: number[] = [];
    let embeddedAt = 0;
    const deps = topicSearch(s, (ms, at) => {
      embedMs.push(ms);
      embeddedAt = at;
    });
    const samples = await interleaved(
      n,
      (i) =>
        timed(async () => {
          const query = queries[i] as string;
          const { result } = await sendSearch(deps, query, PAGE, new AbortController().signal);
          afterMs.push(performance.now() - embeddedAt);
          meaningHits += result.hits.filter((h) => h.match.includes('meaning')).length;
          if (!result.semantic) keywordOnly++;
        }),
      // A trailing space: the same FTS5 work under another key of the store's words cache, so
      // neither figure is served the other's words.
      (i) =>
        timed(() =>
          s.store.call('memories.search', { query: `${queries[i] as string} `, limit: PAGE }),
        ),
    );
    const top = await s.store.call('vectors.nearest', {
      model: s.model,
      vector: vectors(),
      limit: 3,
    });
    console.log('[typing] nearest for a topic query', JSON.stringify(top));
    return {
      ...samples,
      meaningHits,
      keywordOnly,
      top: top.map((t) => t.score),
      embedMs: embedMs.slice(WARMUP),
      afterMs: afterMs.slice(WARMUP),
    };
  },

  /**
   * The hybrid query as a person gets it from the Search view: the query typed a key every
   * `keyMs`, each keystroke offered for embedding ahead (`models.offer`, as MemorySearch.input
   * does), then the view's pause after the last key, then what the view sends (`sendSearch`).
   * Timed from the end of the pause, when the view sends; the baseline is typed the same way and
   * then runs keyword search alone. `waitMs` is how long each send still waited for its query's
   * vector.
   */
  async hybridTyped(
    n: number,
    keyMs: number,
  ): Promise<{ ours: number[]; baseline: number[]; waitMs: number[]; keywordOnly: number }> {
    const s = current();
    const queries = pickQueries(s, n + WARMUP);
    const waitMs: number[] = [];
    let keywordOnly = 0;
    const typeQuery = async (query: string, offer: boolean) => {
      for (let end = 1; end <= query.length; end++) {
        if (offer) s.models.offer('search', query.slice(0, end), { onlyIfQuick: true });
        await pause(end === query.length ? DEBOUNCE_MS : keyMs);
      }
    };
    const deps = topicSearch(s, (ms) => waitMs.push(ms));
    const samples = await interleaved(
      n,
      async (i) => {
        const query = queries[i] as string;
        await typeQuery(query, true);
        return timed(async () => {
          const { result } = await sendSearch(deps, query, PAGE, new AbortController().signal);
          if (!result.semantic) keywordOnly++;
        });
      },
      async (i) => {
        const query = queries[i] as string;
        await typeQuery(query, false);
        return timed(() => s.store.call('memories.search', { query: `${query} `, limit: PAGE }));
      },
    );
    return { ...samples, waitMs: waitMs.slice(WARMUP), keywordOnly };
  },

  /** `vectors.nearest` top 10 through the RPC, beside an echo of the same vector. */
  async nearest(n: number) {
    const s = current();
    const vectors = s.vectors;
    const echo = (
      globalThis as { kianaStore?: () => { call(m: string, a: unknown): Promise<unknown> } }
    ).kianaStore;
    return interleaved(
      n,
      () =>
        timed(() =>
          s.store.call('vectors.nearest', { model: s.model, vector: vectors(), limit: 10 }),
        ),
      () => timed(() => echo?.().call('echo', { value: vectors() }) ?? Promise.resolve()),
    );
  },

  /**
   * Save through Capture (the textarea and the Save button), then ask until the memory is found:
   * by meaning (`vectors.nearest` with the text's own embedding: the backfill embedded and
   * indexed it), beside by words (`memories.search` for a word only it has). Save is pressed
   * `pauseMs` after the text is typed (0: at once; a person's hand takes longer to reach Save,
   * and Capture offers the draft for embedding when typing pauses); `keyMs` is a key's time.
   * Timed from the press.
   */
  async saveToFindable(n: number, pauseMs: number, keyMs: number) {
    const s = current();
    const area = document.querySelector('textarea');
    const save = [...document.querySelectorAll('button')].find(
      (b) => b.textContent.trim() === 'Save',
    );
    if (!area || !save) throw new Error('open Capture first');
    /** Types `text`; resolves once Svelte has enabled the Save button for it. */
    const type = async (text: string) => {
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
      while (save.disabled) await new Promise((r) => setTimeout(r, 0));
    };
    /**
     * Types the first half, pauses in typing just long enough for Capture to offer that draft
     * (its embedding starts), then types the rest in three steps a key's time apart, as a person
     * who paused mid-note: the draft embedded in the pause is stale when Save is pressed.
     */
    const typeInTwo = async (text: string) => {
      const half = text.length >> 1;
      await type(text.slice(0, half));
      await pause(DRAFT_PAUSE_MS + 5);
      for (const part of [1, 2, 3]) {
        await type(text.slice(0, half + Math.ceil(((text.length - half) * part) / 3)));
        if (part < 3) await pause(keyMs);
      }
    };
    /** A word only sample `i` of `kind` in this run has (runs with another pause differ). */
    const word = (i: number, kind: string) => `zq${kind}${i}p${pauseMs}x`;
    const textOf = (i: number, kind: string) =>
      `Bench note ${kind} ${i}: call ${word(i, kind)} about the ${s.stored[i]?.text.slice(0, 60) ?? ''}`;
    /**
     * Each sample starts with the backfill idle: the memory the sample before saved is embedded
     * in the background after it was found by words, and a save right then queued behind it.
     */
    const idle = async () => {
      const started = performance.now();
      while ((await s.store.call('vectors.pending', { model: s.model, limit: 1 })).length > 0) {
        if (performance.now() - started > GIVE_UP_MS) throw new Error('the backfill never idled');
        await pause(20);
      }
      await pause(50);
    };
    const byMeaning = async (i: number) => {
      const text = textOf(i, 'm');
      const embedded = await s.models.embed([text]);
      if (!embedded) throw new Error('no model');
      await idle();
      await typeInTwo(text);
      if (pauseMs > 0) await pause(pauseMs);
      const started = performance.now();
      save.click();
      // Its id (Capture makes it), from the one word only it has; then until meaning finds it.
      let id: string | undefined;
      for (;;) {
        id ??= (await s.store.call('memories.search', { query: word(i, 'm'), limit: 1 })).hits[0]
          ?.memory.id;
        const near = id
          ? await s.store.call('vectors.nearest', {
              model: embedded.model,
              vector: embedded.vectors,
              limit: 5,
            })
          : [];
        if (near.some((n) => n.id === id)) return performance.now() - started;
        if (performance.now() - started > GIVE_UP_MS) {
          throw new Error(
            `not found by meaning: ${id ?? 'unsaved'} not in ${JSON.stringify(near)}`,
          );
        }
        await pause(POLL_MS);
      }
    };
    const byWords = async (i: number) => {
      await idle();
      await typeInTwo(textOf(i, 'w'));
      if (pauseMs > 0) await pause(pauseMs);
      const started = performance.now();
      save.click();
      for (;;) {
        const found = await s.store.call('memories.search', { query: word(i, 'w'), limit: 1 });
        if (found.total > 0) return performance.now() - started;
        if (performance.now() - started > GIVE_UP_MS) throw new Error('not found by words');
        await pause(POLL_MS);
      }
    };
    return interleaved(n, byMeaning, byWords);
  },
};

export type TypingBenchApi = typeof api;
(globalThis as { kianaTyping?: TypingBenchApi }).kianaTyping = api;
