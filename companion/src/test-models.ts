import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `--models test`: serve generated random-weight test models instead of real ones, through the
 * very same `/models/` route. They are generated (TypeScript, no download) into this folder on
 * first use and cached there.
 */
export const TEST_MODELS_FLAG = 'test';

/** Where `--models test` keeps the generated models. */
export function testModelsDir(repoRoot: string): string {
  return path.join(repoRoot, '.cache', 'test-models');
}

/** Left beside the models: the hash of the generator that made them. */
const STAMP = '.generator-inputs';

/** The generator's sources, hashed: the same sources make the same models. */
function generatorHash(generatorDir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(generatorDir)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    hash
      .update(`${name}\0`)
      .update(readFileSync(path.join(generatorDir, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** What `ensureTestModels` did: ran the generator, or found the models current. */
export type TestModelsOutcome =
  | { readonly kind: 'generated' }
  | { readonly kind: 'current' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Generates the test models unless the folder holds those of the current generator, by running
 * the generator in tests/fixtures with tsx (a dev dependency: `--models test` is for development
 * and tests, not for deployments). Starting tsx alone takes about a second, so a folder whose
 * stamp matches the generator's sources is used without it: restarts stay fast.
 */
export function ensureTestModels(
  repoRoot: string,
  dir: string = testModelsDir(repoRoot),
): TestModelsOutcome {
  const generatorDir = path.join(repoRoot, 'tests', 'fixtures', 'models');
  const script = path.join(generatorDir, 'cli.ts');
  if (!existsSync(script)) {
    return {
      kind: 'failed',
      message: `--models test needs the repository's tests/ folder (${script})`,
    };
  }
  const wanted = generatorHash(generatorDir);
  const stamp = path.join(dir, STAMP);
  const stamped = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
  if (stamped === wanted && existsSync(path.join(dir, 'models.json'))) return { kind: 'current' };
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, dir, 'micro'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    return {
      kind: 'failed',
      message: `generating test models failed: ${result.stderr || String(result.error)}`,
    };
  }
  writeFileSync(stamp, `${wanted}\n`);
  return { kind: 'generated' };
}
