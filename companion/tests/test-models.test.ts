import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestModels } from '../src/test-models.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiana-test-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--models test', () => {
  it('runs the generator once, then starts on the models it made without running it again', async () => {
    expect(ensureTestModels(repoRoot, dir)).toEqual({ kind: 'generated' });
    const manifest = path.join(dir, 'models.json');
    const made = (await stat(manifest)).mtimeMs;
    expect(ensureTestModels(repoRoot, dir)).toEqual({ kind: 'current' });
    expect(ensureTestModels(repoRoot, dir)).toEqual({ kind: 'current' });
    expect((await stat(manifest)).mtimeMs).toBe(made);
  }, 120_000);

  it('runs the generator again when its sources changed or the models are gone', async () => {
    const stamp = path.join(dir, '.generator-inputs');
    const current = await readFile(stamp, 'utf8');
    // A stamp that no longer matches the generator's sources is what an edited generator leaves.
    await writeFile(stamp, 'another generator\n');
    expect(ensureTestModels(repoRoot, dir)).toEqual({ kind: 'generated' });
    expect(await readFile(stamp, 'utf8')).toBe(current);
    await rm(path.join(dir, 'models.json'));
    expect(ensureTestModels(repoRoot, dir)).toEqual({ kind: 'generated' });
    expect(JSON.parse(await readFile(path.join(dir, 'models.json'), 'utf8'))).toHaveProperty(
      'models',
    );
  }, 120_000);

  it('says what is missing when the repository has no generator', () => {
    const outcome = ensureTestModels(dir, path.join(dir, 'elsewhere'));
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/needs the repository's tests/);
  });
});
