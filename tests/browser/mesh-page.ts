/** Builds tests/browser/mesh-page into a temporary folder the companion can serve with --dist. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './companion-process.ts';

export async function buildMeshPage(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'kiana-mesh-page-'));
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(ROOT, 'tests/browser/mesh-page'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}
