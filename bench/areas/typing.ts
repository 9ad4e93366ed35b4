/**
 * Search on the user's path at 100k memories (issue #18 items 1, 2, 3 and 7), part `typing` of
 * the `search` area: search as you type (`memories.search`, top 50 with snippets) for common,
 * very common, prefix and phrase queries beside rare words on the same store; the hybrid query
 * as the Search view sends it (the query embedded by the app's model, then
 * `memories.hybridSearch` with its page of 50) beside keyword search alone; `vectors.nearest`
 * top 10 through the RPC beside an echo of the same vector; save through Capture → findable by
 * meaning beside findable by words. The in-page half is bench/pages/typing-bench.ts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../tests/browser/companion-process.ts';
import { ensureTestModels, MODEL_SETS } from '../../tests/fixtures/models/generate.ts';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import type { TypingBenchApi } from '../pages/typing-bench.ts';
import { DEBOUNCE_MS } from '../../src/state/search-send.ts';

const SEED = 20_261_205;
const TOTAL = Number(process.env.KIANA_BENCH_TYPING_N ?? 100_000);
const BATCH = 1_000;
const SMALL = process.env.KIANA_BENCH_TYPING_N !== undefined;
const N = SMALL
  ? { fts: 5, hybrid: 5, typed: 3, nearest: 5, save: 3 }
  : { fts: 100, hybrid: 100, typed: 40, nearest: 100, save: 20 };
/** A key every this many ms when the bench types: a fast typist (100 words a minute). */
const KEY_MS = 120;
/** Save pressed this long after the last key: a hand moving from the keys to Save. */
const REACH_MS = 500;
const MODEL_ID = MODEL_SETS.bench[0]?.id as string;
const MODELS_DIR = join(ROOT, '.cache', 'bench-models');

const step = pageApi<TypingBenchApi>('kianaTyping');
const at = TOTAL === 100_000 ? '100k' : TOTAL.toLocaleString('en');

function row(
  id: string,
  label: string,
  samples: { ours: number[]; baseline: number[] },
  baselineLabel: string,
  goal?: string,
): Figure {
  return {
    id: `search.typing.${id}`,
    label,
    runtime: 'chromium',
    ...samples,
    baselineLabel,
    ...(goal === undefined ? {} : { goal }),
  };
}

async function measure(page: Page): Promise<Figure[]> {
  await importBenchPage(page, 'typing-bench');
  const { count, model } = await step(page, 'init', SEED, MODEL_ID);
  if (count !== 0) throw new Error(`the store is not empty (${count} memories)`);
  const spent = await step(page, 'fill', TOTAL, BATCH);
  console.log(
    `  filled ${TOTAL} (${model}): texts ${(spent.texts / 1000).toFixed(1)} s, vectors ${(spent.vectors / 1000).toFixed(1)} s`,
  );
  const index = await step(page, 'settleIndex');
  const indexKind = index.kind === 'hnsw' ? 'graph' : 'exact';
  console.log(
    `  vector index: ${indexKind}, ready and saved after ${(index.ms / 1000).toFixed(1)} s`,
  );
  const queries = await step(page, 'queries', SEED);
  for (const [kind, set] of Object.entries(queries)) {
    const m = [...set.matches].sort((a, b) => a - b);
    console.log(
      `  ${kind}: ${m[0]}–${m.at(-1)} matches, e.g. ${set.queries.slice(0, 3).join(', ')}`,
    );
  }
  const rare = queries.rare.queries;
  const goalFts = 'p50 < 10 ms and p95 < 16 ms';
  const beside = 'FTS rare word (2–5 matches), top 50 with snippets, same store';
  const fts = async (kind: 'common' | 'veryCommon' | 'prefix' | 'phrase', label: string) =>
    row(
      `fts-${kind}`,
      `search as you type at ${at}: ${label} (memories.search via worker RPC, top 50 with snippets)`,
      await step(page, 'fts', queries[kind].queries, rare, N.fts),
      beside,
      goalFts,
    );
  const figures = [
    await fts('common', 'common word (0.5–2 % of memories)'),
    await fts('veryCommon', 'very common word (top 5, ≥ 28 % of memories)'),
    await fts('prefix', '4 letters + *'),
    await fts('phrase', 'two-word phrase'),
  ];
  const hybrid = await step(page, 'hybrid', N.hybrid);
  console.log(
    `  hybrid: ${hybrid.meaningHits} hits on the pages found by meaning; nearest scores ${hybrid.top.map((x) => x.toFixed(2)).join(', ')}`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
  console.log(
    `  hybrid p50: embedding ${median(hybrid.embedMs).toFixed(1)} ms, then the fused call ${median(hybrid.afterMs).toFixed(1)} ms`,
  );
  if (hybrid.keywordOnly > 0) throw new Error('a query ran without vectors: not a hybrid figure');
  const typed = await step(page, 'hybridTyped', N.typed, KEY_MS);
  if (typed.keywordOnly > 0) throw new Error('a typed query ran without vectors');
  console.log(
    `  typed hybrid: the send waited ${median(typed.waitMs).toFixed(2)} ms p50 (max ${Math.max(...typed.waitMs).toFixed(2)}) for its query's vector`,
  );
  const fused = `memories.hybridSearch (FTS5 + ${indexKind} vector index + RRF), page of 50`;
  figures.push(
    row(
      'hybrid-typed',
      `hybrid query as the Search view sends it at ${at}, typed a key per ${KEY_MS} ms: the query embedded (L6-shaped q8) from the keystroke, inside the view's ${DEBOUNCE_MS} ms pause; timed from the send: ${fused}`,
      { ours: typed.ours, baseline: typed.baseline },
      'keyword-only memories.search after the same typing and pause, page of 50',
      'p50 ≤ FTS alone + 10 ms',
    ),
    row(
      'hybrid-app',
      `hybrid query sent with no pause before it at ${at} (embedded only at the send, as before the embedding ahead): embed the query (L6-shaped q8) + ${fused}`,
      { ours: hybrid.ours, baseline: hybrid.baseline },
      'keyword-only memories.search, page of 50, same queries',
      'p50 ≤ FTS alone + 10 ms (shown for the path before)',
    ),
    row(
      'nearest',
      `vectors.nearest top 10 at ${at} via worker RPC (384-d, ${indexKind} index, checks and SQL included)`,
      await step(page, 'nearest', N.nearest),
      'echo of the same 384-d vector through the store worker',
      '≤ 5 ms p50',
    ),
  );
  await page.evaluate(() => {
    location.hash = '#/capture';
  });
  await page.waitForSelector('textarea');
  // Last: they add memories. A failure here keeps the figures above.
  const saves: [number, string][] = [
    [0, 'Save pressed right after the last key: the note embedded while the store writes'],
    [
      REACH_MS,
      `Save pressed ${REACH_MS} ms after the last key: the draft embedded when typing paused`,
    ],
  ];
  for (const [pauseMs, how] of saves) {
    const saved = await step(page, 'saveToFindable', N.save, pauseMs, KEY_MS).catch(
      (error: unknown) => {
        console.log(`  save → findable (${pauseMs} ms) failed: ${String(error)}`);
        return null;
      },
    );
    if (saved === null) return figures;
    figures.push(
      row(
        pauseMs === 0 ? 'save-to-meaning' : `save-to-meaning-${pauseMs}`,
        `save through Capture → findable by meaning at ${at}, timed from the press (${how}; the backfill stores it with the L6-shaped model's vector, index updated, vectors.nearest finds it)`,
        saved,
        'save through Capture → findable by words (memories.search), the same pause',
        '≤ 50 ms p50',
      ),
    );
  }
  return figures;
}

export const typingArea: Area = {
  name: 'search',
  part: 'typing',
  run: async () => {
    await ensureTestModels(MODELS_DIR, 'bench');
    return withBenchPage('typing-bench', measure, { args: ['--models', MODELS_DIR] });
  },
};
