/**
 * The companion is its own workspace package so its Docker image installs only what it imports:
 * its package.json must name every package the companion's sources import, and none of the
 * browser app's (onnxruntime-web, transformers.js, wa-sqlite, ... are hundreds of megabytes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../src/paths.js';

const companionDir = path.resolve(import.meta.dirname, '..');
const root = path.dirname(companionDir);

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly workspaces?: readonly string[];
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The packages (`ws`, `@scope/name`) that `files` import by bare specifier; node: built-ins aside. */
function importedPackages(files: readonly string[]): Set<string> {
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"\n]+)['"]/g;
  const packages = new Set<string>();
  for (const file of files) {
    for (const [, spec = ''] of readFileSync(file, 'utf8').matchAll(specifier)) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      const parts = spec.split('/');
      packages.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
    }
  }
  return packages;
}

describe('the companion package', () => {
  const runtime = [path.join(companionDir, 'main.ts'), ...sources(path.join(companionDir, 'src'))];
  const dependencies = Object.keys(manifest(companionDir).dependencies ?? {});

  it('lists exactly the packages its sources import', () => {
    const imported = importedPackages(runtime);
    // The scan must see the real imports, or an empty list would pass.
    expect(imported).toContain('ws');
    expect(imported).toContain('@kiana/shared');
    expect([...imported].sort()).toEqual([...dependencies].sort());
  });

  it('depends on none of the browser app’s packages', () => {
    const app = Object.keys(manifest(root).dependencies ?? {}).filter(
      (name) => name !== '@kiana/shared',
    );
    expect(app).toContain('onnxruntime-web');
    expect(dependencies.filter((name) => app.includes(name))).toEqual([]);
  });

  it('shares code with the browser only through @kiana/shared, which imports no package', () => {
    const shared = path.join(root, 'packages', 'shared');
    expect(manifest(root).workspaces).toEqual(['packages/shared', 'companion']);
    expect(manifest(shared).dependencies ?? {}).toEqual({});
    expect([...importedPackages(sources(path.join(shared, 'src')))]).toEqual([]);
  });

  it('finds the repository root above its own package.json', () => {
    expect(findRepoRoot(path.join(companionDir, 'src'))).toBe(root);
    expect(findRepoRoot(path.join(companionDir, 'dist', 'src'))).toBe(root);
  });
});
