import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/**
 * Generates the test models unless cached, by running the generator in tests/fixtures with tsx
 * (a dev dependency: `--models test` is for development and tests, not for deployments).
 *
 * @returns an error message, or undefined on success
 */
export function ensureTestModels(repoRoot: string): string | undefined {
  const script = path.join(repoRoot, 'tests', 'fixtures', 'models', 'cli.ts');
  if (!existsSync(script)) return `--models test needs the repository's tests/ folder (${script})`;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, testModelsDir(repoRoot), 'micro'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status === 0) return undefined;
  return `generating test models failed: ${result.stderr || String(result.error)}`;
}
