/**
 * A mirror that serves a damaged model file: the download is refused with a clear checksum
 * error, nothing of the file is kept, nothing is fetched from anywhere but the mirror (test
 * models never fall back to the hub), and the model stays "not downloaded".
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestModels } from '../fixtures/models/generate.ts';
import { opfsModelFiles } from './embed-rpc.ts';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const dir = await mkdtemp(join(tmpdir(), 'kiana-bad-models-'));
await ensureTestModels(dir, 'micro');
const damaged = join(dir, 'Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx');
const bytes = await readFile(damaged);
const at = bytes.length - 100;
bytes[at] = (bytes[at] as number) ^ 0xff; // one flipped byte: same size, other sha256
await writeFile(damaged, bytes);

const session = useSession({ name: 'laptop' }, { args: ['--models', dir] });

describe('model download from a mirror with a damaged file', () => {
  it('rejects the file with a checksum error and keeps nothing of it', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const row = page
      .getByRole('region', { name: 'Models' })
      .getByRole('article', { name: 'Test model (WordPiece, English layout)' });
    await row.getByRole('button', { name: 'Download' }).click();
    const alert = row.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toMatch(/checksum mismatch/i);
    expect(await row.getByTestId('model-state').innerText()).toBe('Download failed');
    const files = await opfsModelFiles(page);
    expect(files.filter((f) => f.includes('model_quantized'))).toEqual([]);
    expect(files.some((f) => f.endsWith('entry.json'))).toBe(false);
    // The intact files were verified; only the damaged one is gone. Downloading again asks
    // the mirror again and fails the same way.
    expect(files.some((f) => f.endsWith('tokenizer.json.ok'))).toBe(true);
    await row.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => alert.innerText()).toMatch(/checksum mismatch/i);
  });
});
