/**
 * The chain area's Chromium rows: validating a 1-tx block sealed by another authority with its
 * two signatures preverified through Web Crypto (core/crypto/web-verify.ts), as the store worker
 * does for each sync frame, beside the same blocks validated with libsodium alone; and the Merkle
 * rows of merkle-samples.ts in Chromium. The in-page
 * half is bench/pages/chain-bench.ts; the Node rows are in chain.ts.
 */
import type { Page } from 'playwright-core';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import type { ChainBenchApi } from '../pages/chain-bench.ts';
import { merkleRows } from '../pages/merkle-samples.ts';

const step = pageApi<ChainBenchApi>('kianaChain');
const BASELINE = 'the same blocks validated with libsodium alone (decode + validateBlock)';

async function measure(page: Page): Promise<Figure[]> {
  await importBenchPage(page, 'chain-bench');
  const one = await step(page, 'oneAtATime', 300);
  const chunk = await step(page, 'chunks', 30, 50);
  const merkle = merkleRows(await step(page, 'merkle', 60), 'chromium');
  return [
    ...merkle.map((r) => ({ ...r })),
    {
      id: 'chain.validate.carried.web',
      label:
        'validate a 1-tx block sealed by another authority, its 2 signatures preverified through Web Crypto, one block at a time',
      runtime: 'chromium',
      ...one,
      baselineLabel: BASELINE,
      goal: '≤ 0.2 ms per block',
    },
    {
      id: 'chain.validate.carried.web-chunk',
      label: 'the same in a sync chunk of 50 blocks (signatures preverified together), per block',
      runtime: 'chromium',
      ...chunk,
      baselineLabel: BASELINE,
      goal: '≤ 0.2 ms per block',
    },
  ];
}

/** The chain area's Chromium part (`KIANA_BENCH_PARTS=chain-web`). */
export const chainWebArea: Area = {
  name: 'chain',
  part: 'chain-web',
  run: () => withBenchPage('chain-bench', measure),
};
