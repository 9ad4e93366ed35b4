import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the repository root: the parent of the companion's own package, which is the nearest
 * ancestor of `fromDir` that holds a package.json (companion/package.json, a workspace of the
 * root). Walking up (instead of a fixed `../..`) keeps this correct both from `companion/src`
 * (tests run the TypeScript directly) and from `companion/dist/src` (the compiled server).
 *
 * @param fromDir where to start; defaults to the directory of this module
 * @returns the root directory, or `process.cwd()` if no package.json is found
 */
export function findRepoRoot(
  fromDir: string = path.dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = path.resolve(fromDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.dirname(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Reads `version` from `<repoRoot>/package.json`.
 *
 * @returns the version string, or `'0.0.0'` when the file is missing or has no string version
 *   (a deployment that copied only the built files should still serve /healthz)
 */
export function readPackageVersion(repoRoot: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
      const { version } = parsed;
      if (typeof version === 'string') return version;
    }
  } catch {
    // Fall through to the placeholder below.
  }
  return '0.0.0';
}
