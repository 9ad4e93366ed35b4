/**
 * Test hooks exist only in the test build. The same scan runs over both builds: it must find
 * every hook in dist-test/ (so it can see them at all) and none in the production dist/.
 * The builds are the current sources' (global-setup.ts rebuilds a stale one).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_DIST, TEST_DIST } from './companion-process.ts';

/** Globals that src/app/test-hooks.ts installs. */
const GLOBALS = [
  'kianaStore',
  'kianaEmbedder',
  'kianaRestartEmbedder',
  'kianaModels',
  'kianaVoice',
  'kianaSpeech',
  'kianaLlm',
  'kianaLlmClient',
  'kianaRestartLlm',
  'kianaAsk',
  'kianaTest',
];
/** The store's test methods (workers/store/test-handlers.ts), as keys of a handler map. */
const METHODS = ['echo', 'wait', 'holdTurn', 'releaseTurn', 'searchCounts'];

/** `name` as an object key, minified or not: `{echo:`, `,"wait":`, `{echo(`. */
function asKey(name: string): RegExp {
  return new RegExp(`[{,]\\s*["']?${name}["']?\\s*[:(]`);
}

/** Every hook found in a JavaScript file of `dist`, with the files it is in. */
async function hooksIn(dist: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  const names = (await readdir(dist, { recursive: true })).filter((n) => /\.m?js$/.test(n));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names.sort()) {
    const code = await readFile(join(dist, name), 'utf8');
    const hits = [
      ...GLOBALS.filter((g) => code.includes(g)),
      ...METHODS.filter((m) => asKey(m).test(code)),
    ];
    for (const hook of hits) (found[hook] ??= []).push(name);
  }
  return found;
}

describe('test hooks', () => {
  it('are all in the test build, where the scan finds them', async () => {
    const found = await hooksIn(TEST_DIST);
    expect(Object.keys(found).sort()).toEqual([...GLOBALS, ...METHODS].sort());
    // The store's test methods sit in the store worker, nowhere else.
    expect(found.echo).toEqual([expect.stringMatching(/^assets\/store\.worker-.*\.js$/)]);
  });

  it('are nowhere in the production build', async () => {
    expect(await hooksIn(PRODUCTION_DIST)).toEqual({});
  });
});
