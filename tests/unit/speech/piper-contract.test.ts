/**
 * The generated Piper voices keep Piper's contract and the audio length rule the browser test
 * relies on, run with onnxruntime-node; espeak-ng's WASM build (the phonemizer the worker runs)
 * gives the same phonemes as Debian's espeak-ng.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ESpeakNg from 'espeak-ng';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hopOf, piperModel, PIPER_MICRO } from '../../fixtures/models/piper.ts';

const shape = { ...PIPER_MICRO, seed: 3 };

async function run(session: ort.InferenceSession, n: number, lengthScale: number) {
  const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(1 + (i % 40)));
  const out = await session.run({
    input: new ort.Tensor('int64', ids, [1, n]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(n)), [1]),
    scales: new ort.Tensor('float32', Float32Array.of(0.667, lengthScale, 0.8), [3]),
  });
  return out.output as ort.Tensor;
}

describe('generated Piper voice', () => {
  it('has the contract, is deterministic and sized by phonemes and length scale', async () => {
    const bytes = piperModel(shape);
    expect(Buffer.from(piperModel(shape)).equals(Buffer.from(bytes))).toBe(true);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input', 'input_lengths', 'scales']);
    expect(session.outputNames).toEqual(['output']);
    for (const [n, scale] of [
      [7, 1],
      [30, 1],
      [30, 1.5],
      [30, 0.5],
    ] as const) {
      const out = await run(session, n, scale);
      expect(out.dims).toEqual([
        1,
        1,
        Math.ceil(n * scale * shape.framesPerPhoneme) * hopOf(shape),
      ]);
      const data = out.data as Float32Array;
      expect(data.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      expect(Math.max(...data.map(Math.abs))).toBeGreaterThan(1e-3);
    }
  });
});

describe('espeak-ng in WASM', () => {
  const wasm = createRequire(import.meta.url).resolve('espeak-ng/dist/espeak-ng.wasm');

  it.each([
    ['de', 'Guten Morgen, Frau Müller! Die Straße ist nass.'],
    ['en-us', 'Hello world. How are you today?'],
  ])('phonemizes %s like Debian espeak-ng', async (voice, text) => {
    const binary = await readFile(wasm);
    const espeak = await ESpeakNg({
      arguments: ['--phonout', 'out', '-q', '-b', '1', '--ipa', '-v', voice, '--', text],
      print: () => undefined,
      instantiateWasm(imports, done) {
        void WebAssembly.instantiate(binary, imports).then((r) => done(r.instance, r.module));
        return {};
      },
    });
    const ours = espeak.FS.readFile('out', { encoding: 'utf8' });
    const debian = execFileSync('espeak-ng', ['-q', '--ipa', '-v', voice, text], {
      encoding: 'utf8',
    });
    const lines = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    expect(lines(ours)).toEqual(lines(debian));
    expect(lines(ours).length).toBeGreaterThan(1);
  });
});
