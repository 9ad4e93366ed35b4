/**
 * `npm run bench [area…]`: runs each area's figures (ours beside its baseline, in one run), prints
 * medians and ratios, writes bench/results/<area>.json and the table in docs/BENCHMARKS.md.
 */
import { fileURLToPath } from 'node:url';
import type { Area } from './figure.ts';
import { describeMachine } from './machine.ts';
import { printTable, summarize, updateBenchmarksDoc, writeResult } from './report.ts';
import { shellArea } from './areas/shell.ts';
import { storageArea } from './areas/storage.ts';
import { chainArea } from './areas/chain.ts';
import { companionArea } from './areas/companion.ts';
import { pairingArea } from './areas/pairing.ts';

const AREAS: Area[] = [shellArea, storageArea, chainArea, companionArea, pairingArea];
const ROOT = fileURLToPath(new URL('../', import.meta.url));

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
  for (const area of AREAS.filter((a) => wanted.length === 0 || wanted.includes(a.name))) {
    console.log(`running ${area.name} …`);
    const figures = await area.run();
    const result = { area: area.name, machine, figures: figures.map(summarize) };
    printTable(result);
    writeResult(`${ROOT}bench/results`, result);
  }
  updateBenchmarksDoc(`${ROOT}bench/results`, `${ROOT}docs/BENCHMARKS.md`);
  console.log('\nwrote bench/results/*.json and docs/BENCHMARKS.md');
}

await main();
