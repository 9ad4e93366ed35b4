import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultModel,
  isPinned,
  modelBytes,
  modelKey,
  parseManifest,
} from '../../../../src/core/models/manifest.ts';

const shipped: unknown = JSON.parse(
  readFileSync(new URL('../../../../models/models.json', import.meta.url), 'utf8'),
);

/** A valid one-model manifest to break one field at a time. */
function manifest(patch: Record<string, unknown> = {}, file: Record<string, unknown> = {}) {
  return {
    version: 1,
    models: [
      {
        id: 'Owner/model',
        name: 'A model',
        task: 'feature-extraction',
        revision: 'a'.repeat(40),
        dtype: 'q8',
        files: [{ path: 'onnx/model_quantized.onnx', bytes: 10, sha256: 'b'.repeat(64), ...file }],
        license: 'MIT',
        languages: ['en'],
        dims: 384,
        maxTokens: 128,
        ...patch,
      },
    ],
  };
}

/** The one model of a parsed manifest. */
function only(value: unknown) {
  const [model] = parseManifest(value).models;
  if (!model) throw new Error('no model');
  return model;
}

describe('model manifest', () => {
  it('ships real models that are downloadable: commit revisions and every file pinned', () => {
    const parsed = parseManifest(shipped);
    const real = parsed.models.filter((m) => !m.test);
    expect(real.length).toBeGreaterThanOrEqual(2);
    for (const model of real) {
      // Ask's language model waits for someone with internet to pin it (README › Ask): until
      // then nothing of it is pinned and the app refuses to download it (model-unpinned).
      if (model.task === 'text-generation' && !isPinned(model)) {
        expect(model.files.every((f) => f.sha256 === null && f.bytes === null)).toBe(true);
        continue;
      }
      // A branch name would let the hub change the bytes under a pinned sha256.
      expect(model.revision).toMatch(/^[0-9a-f]{40}$/);
      expect(isPinned(model)).toBe(true);
      expect(model.files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['config.json', 'tokenizer.json', 'tokenizer_config.json']),
      );
      expect(model.files.some((f) => f.path.startsWith('onnx/'))).toBe(true);
    }
    expect(defaultModel(parsed)?.languages).toEqual(expect.arrayContaining(['de', 'en']));
  });

  it('sums sizes and keys vectors by id, revision and dtype', () => {
    const model = only(manifest());
    expect(modelBytes(model)).toBe(10);
    expect(modelKey(model)).toBe(`Owner/model@${'a'.repeat(40)}/q8`);
  });

  it('treats a file without size or sha256 as unpinned', () => {
    expect(isPinned(only(manifest({}, { sha256: null })))).toBe(false);
    expect(isPinned(only(manifest({}, { bytes: null })))).toBe(false);
  });

  it.each([
    ['a path that climbs out', {}, { path: '../secret' }],
    ['an absolute path', {}, { path: '/etc/passwd' }],
    ['a short sha256', {}, { sha256: 'abc' }],
    ['an upper-case sha256', {}, { sha256: 'B'.repeat(64) }],
    ['a negative size', {}, { bytes: -1 }],
    ['a fractional size', {}, { bytes: 1.5 }],
    ['an id without owner', { id: 'model' }, {}],
    ['an unknown task', { task: 'image-classification' }, {}],
    ['an unknown dtype', { dtype: 'q4' }, {}],
    ['zero dims', { dims: 0 }, {}],
    ['no files', { files: [] }, {}],
  ])('refuses %s with model-manifest-invalid', (_, patch, file) => {
    expect(() => parseManifest(manifest(patch, file))).toThrow(
      expect.objectContaining({ code: 'model-manifest-invalid' }),
    );
  });

  it('refuses a model listed twice and a wrong version', () => {
    const twice = { version: 1, models: [...manifest().models, ...manifest().models] };
    expect(() => parseManifest(twice)).toThrow(/listed twice/);
    expect(() => parseManifest({ ...manifest(), version: 2 })).toThrow(/version/);
    expect(() => parseManifest(null)).toThrow(/version/);
  });
});
