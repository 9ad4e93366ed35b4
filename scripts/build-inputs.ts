/**
 * What a build is made of, as one hash. The app's build id is this hash, so the same sources
 * always give the same build (and the same precache manifest): restarting the companion never
 * shows `Update available`. `npm start` compares it with the stamp a build left and rebuilds
 * only when something changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Inputs of `vite build` (the app, its workers, assets and build settings). */
export const APP_INPUTS = [
  'src',
  'packages/shared',
  'workers',
  'public',
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];
/** Inputs of the companion's `tsc` build, which compiles @kiana/shared to its dist/ first. */
export const COMPANION_INPUTS = [
  'companion/main.ts',
  'companion/src',
  'companion/tests',
  'companion/tsconfig.json',
  'companion/package.json',
  'packages/shared',
  'package-lock.json',
];

/** Files under `entry` (a file or a folder), sorted, relative to the root. */
function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && d.name !== 'node_modules' && d.name !== 'dist')
    .map((d) => path.join(entry, d.name))
    .sort()
    .flatMap((child) => files(child));
}

/**
 * True when `output` exists and the stamp a build left (`stamp`, relative to the root) names the
 * current hash of `inputs`: the build is of the sources as they are now.
 */
export function isBuildCurrent(
  stamp: string,
  inputs: readonly string[],
  outputs: string | readonly string[],
): boolean {
  const file = path.join(ROOT, stamp);
  return (
    [outputs].flat().every((output) => existsSync(path.join(ROOT, output))) &&
    existsSync(file) &&
    readFileSync(file, 'utf8').trim() === hashInputs(inputs)
  );
}

/** A hex SHA-256 over the paths and contents of `inputs` (the first 16 characters). */
export function hashInputs(inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((entry) => files(entry))) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
