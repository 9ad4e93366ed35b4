/**
 * `shell.first-visit-bytes`: what a first visit stores before a model is chosen — the service
 * worker's precache list of the production build (dist/sw.js), each file's bytes summed. Beside
 * it, the same build under the previous precache rule (every js, mjs, css, html, wasm, png, svg
 * and webmanifest file, so both onnxruntime-web and both wa-sqlite builds, with the icons and the
 * web manifest listed twice), so the saving is measured on the same files. Sizes, one sample.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../tests/lan/harness.ts';
import type { Area } from '../figure.ts';

const DIST = path.join(ROOT, 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const size = (file: string) => statSync(file).size;

/** The precache list workbox wrote into sw.js. */
function precacheBytes(): number {
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] as string);
  if (urls.length === 0) throw new Error('no precache list in dist/sw.js: run `npm run build`');
  return urls.reduce((sum, url) => sum + size(path.join(DIST, url)), 0);
}

/** The previous rule: its glob over the build, icons and manifest again from the plugin. */
function previousRuleBytes(): number {
  const globbed = filesUnder(DIST).filter(
    (file) =>
      /\.(js|mjs|css|html|wasm|png|svg|webmanifest)$/.test(file) &&
      !/(^|\/)(sw\.js|workbox-[\w-]+\.js)$/.test(file),
  );
  const twice = globbed.filter((file) => /\/icons\/|manifest\.webmanifest$/.test(file));
  return [...globbed, ...twice].reduce((sum, file) => sum + size(file), 0);
}

export const firstVisitArea: Area = {
  name: 'shell',
  part: 'first-visit',
  run() {
    return Promise.resolve([
      {
        id: 'shell.first-visit-bytes',
        label: 'first visit: bytes precached before a model is chosen',
        runtime: 'node',
        ours: [precacheBytes()],
        baselineLabel: 'the same build under the previous precache rule',
        baseline: [previousRuleBytes()],
        goal: '≤ 5 MB',
        unit: 'bytes',
      },
    ]);
  },
};
