/**
 * `npm run bench [area…]`: runs each area's figures (ours beside its baseline, in one run), prints
 * medians and ratios, writes bench/results/<area>.json and the table in docs/BENCHMARKS.md.
 * Several files may contribute figures to one area (e.g. `search`: vectors and embeddings); they
 * run in the order listed and land in one table. KIANA_BENCH_PARTS=hybrid,vectors runs only the
 * area objects with those `part`s and merges their figures into the area's existing result file
 * (figures of other parts are kept, same ids replaced), so one figure can be re-measured alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Area, Figure } from './figure.ts';
import { describeMachine } from './machine.ts';
import { mergeFigures, rowsFromDoc } from './merge.ts';
import { printTable, summarize, updateBenchmarksDoc, writeResult } from './report.ts';
import { shellArea } from './areas/shell.ts';
import { firstVisitArea } from './areas/first-visit.ts';
import { storageArea } from './areas/storage.ts';
import { bulkArea } from './areas/bulk.ts';
import { chainArea } from './areas/chain.ts';
import { chainMerkleArea } from './areas/chain-merkle.ts';
import { chainWebArea } from './areas/chain-web.ts';
import { companionArea } from './areas/companion.ts';
import { companionStartArea } from './areas/companion-start.ts';
import { searchArea } from './areas/search.ts';
import { vectorsArea } from './areas/vectors.ts';
import { vectorPeersArea } from './areas/vectors-peers.ts';
import { pairingArea } from './areas/pairing.ts';
import { joinArea } from './areas/join.ts';
import { hybridArea } from './areas/hybrid.ts';
import { typingArea } from './areas/typing.ts';
import { messagingArea } from './areas/messaging.ts';
import { messagingFilesArea, messagingMeshArea } from './areas/messaging-mesh.ts';
import { ttsArea } from './areas/tts.ts';
import { voiceArea } from './areas/voice.ts';
import { voiceBaseArea } from './areas/voice-base.ts';
import { askArea } from './areas/ask.ts';
import { warmArea } from './areas/warm.ts';

const AREAS: Area[] = [
  shellArea,
  firstVisitArea,
  warmArea,
  storageArea,
  bulkArea,
  chainArea,
  chainMerkleArea,
  chainWebArea,
  companionStartArea,
  companionArea,
  pairingArea,
  joinArea,
  searchArea,
  vectorsArea,
  vectorPeersArea,
  hybridArea,
  typingArea,
  messagingArea,
  messagingMeshArea,
  messagingFilesArea,
  ttsArea,
  voiceArea,
  voiceBaseArea,
  askArea,
];
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const PARTS = process.env.KIANA_BENCH_PARTS?.split(',').filter(Boolean);

function selected(area: Area): boolean {
  return PARTS === undefined || (area.part !== undefined && PARTS.includes(area.part));
}

type Summary = ReturnType<typeof summarize>;

/**
 * With a part selection, the area's earlier figures stay in place and only measured ones change:
 * from its result file, else from its table in docs/BENCHMARKS.md (results are git-ignored).
 */
function merged(area: string, fresh: Summary[]): Summary[] {
  if (PARTS === undefined) return fresh;
  const file = `${ROOT}bench/results/${area}.json`;
  const doc = `${ROOT}docs/BENCHMARKS.md`;
  const earlier = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { figures: Summary[] }).figures
    : existsSync(doc)
      ? rowsFromDoc(readFileSync(doc, 'utf8'), area)
      : [];
  return mergeFigures(earlier, fresh);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !AREAS.some((a) => a.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown area(s): ${unknown.join(', ')}; known: ${AREAS.map((a) => a.name).join(', ')}`,
    );
    process.exit(2);
  }
  const machine = describeMachine();
  const names = [...new Set(AREAS.map((a) => a.name))].filter(
    (n) => wanted.length === 0 || wanted.includes(n),
  );
  for (const name of names) {
    console.log(`running ${name} …`);
    const figures: Figure[] = [];
    for (const area of AREAS.filter((a) => a.name === name && selected(a))) {
      figures.push(...(await area.run()));
    }
    const result = { area: name, machine, figures: merged(name, figures.map(summarize)) };
    printTable(result);
    writeResult(`${ROOT}bench/results`, result);
  }
  updateBenchmarksDoc(`${ROOT}bench/results`, `${ROOT}docs/BENCHMARKS.md`, names);
  console.log('\nwrote bench/results/*.json and docs/BENCHMARKS.md');
}

await main();
