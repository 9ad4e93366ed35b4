/**
 * `npm run models`: downloads the models of models/models.json from the Hugging Face hub, at
 * their pinned revisions, into models/ (which the companion serves as the /models/ mirror).
 * For people with internet; tests never run it. Files with a pinned sha256 are checked and a
 * mismatch deletes the file and fails. `npm run models -- --pin` also writes the size and
 * sha256 of files that have none yet into models/models.json (review the diff, then commit).
 *
 * `-- --voices` does the same for the Piper voices of the manifest's `voices` list.
 *
 * Usage: npm run models [-- --all] [-- --pin] [-- --voices]   (default: only the default model)
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelEntry } from '../src/core/models/manifest.ts';
import { parseVoices } from '../src/core/models/voices.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MANIFEST = join(ROOT, 'models', 'models.json');
const args = new Set(process.argv.slice(2));

async function fetchFile(
  model: Pick<ModelEntry, 'id' | 'revision'>,
  path: string,
): Promise<Uint8Array> {
  const url = `https://huggingface.co/${model.id}/resolve/${encodeURIComponent(model.revision)}/${path}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * With --pin, a model listed at a branch (`main`, before anyone pinned it) is pinned to the
 * commit the branch points at now, so the recorded sha256s belong to bytes that cannot move.
 */
async function pinRevision(
  model: ModelEntry,
  raw: { models: Record<string, unknown>[] },
): Promise<ModelEntry> {
  if (/^[0-9a-f]{40}$/.test(model.revision) || !args.has('--pin')) return model;
  const url = `https://huggingface.co/api/models/${model.id}/revision/${encodeURIComponent(model.revision)}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const sha = ((await response.json()) as { sha?: unknown }).sha;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new Error(`${url}: no commit`);
  const entry = raw.models.find((m) => m.id === model.id);
  if (entry) entry.revision = sha;
  console.log(`${model.id}: ${model.revision} is commit ${sha}`);
  return { ...model, revision: sha };
}

async function main(): Promise<void> {
  const raw = JSON.parse(await readFile(MANIFEST, 'utf8')) as { models: Record<string, unknown>[] };
  const manifest = parseManifest(raw);
  const wanted = manifest.models.filter((m) => args.has('--all') || m.default);
  let pinned = 0;
  for (const listed of wanted) {
    const model = await pinRevision(listed, raw);
    for (const [i, file] of model.files.entries()) {
      process.stdout.write(`${model.id}@${model.revision.slice(0, 8)} ${file.path} … `);
      const bytes = await fetchFile(model, file.path);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = join(ROOT, 'models', model.id, file.path);
      const wrongHash = file.sha256 !== null && file.sha256 !== sha256;
      if (wrongHash || (file.bytes !== null && file.bytes !== bytes.byteLength)) {
        throw new Error(
          `${file.path}: expected sha256 ${file.sha256} (${file.bytes} bytes), got ${sha256} (${bytes.byteLength})`,
        );
      }
      if ((file.sha256 === null || file.bytes === null) && !args.has('--pin')) {
        throw new Error(
          `${file.path} has no pinned size and sha256; run with --pin to record them`,
        );
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(`${target}.tmp`, bytes);
      await rename(`${target}.tmp`, target);
      const entry = raw.models.find((m) => m.id === model.id) as {
        files: Record<string, unknown>[];
      };
      const record = entry.files[i] as Record<string, unknown>;
      if (record.sha256 === null || record.bytes === null) {
        record.sha256 = sha256;
        record.bytes = bytes.byteLength;
        pinned++;
      }
      console.log(`${(bytes.byteLength / 1e6).toFixed(1)} MB ok`);
    }
  }
  if (args.has('--voices')) {
    const entries = (raw as { voices?: Record<string, unknown>[] }).voices ?? [];
    for (const [v, voice] of parseVoices(entries).entries()) {
      for (const [i, file] of voice.files.entries()) {
        process.stdout.write(`${voice.id}@${voice.revision} ${file.path} … `);
        const bytes = await fetchFile(voice, file.path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (
          (file.sha256 !== null && file.sha256 !== sha256) ||
          (file.bytes !== null && file.bytes !== bytes.byteLength)
        ) {
          throw new Error(
            `${file.path}: expected sha256 ${file.sha256} (${file.bytes} bytes), got ${sha256}`,
          );
        }
        if ((file.sha256 === null || file.bytes === null) && !args.has('--pin')) {
          throw new Error(
            `${file.path} has no pinned size and sha256; run with --pin to record them`,
          );
        }
        const target = join(ROOT, 'models', voice.id, file.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(`${target}.tmp`, bytes);
        await rename(`${target}.tmp`, target);
        const record = (entries[v] as { files: Record<string, unknown>[] }).files[i] as Record<
          string,
          unknown
        >;
        if (record.sha256 === null || record.bytes === null) {
          record.sha256 = sha256;
          record.bytes = bytes.byteLength;
          pinned++;
        }
        console.log(`${(bytes.byteLength / 1e6).toFixed(1)} MB ok`);
      }
    }
  }
  if (pinned > 0) {
    await writeFile(MANIFEST, `${JSON.stringify(raw, null, 2)}\n`);
    console.log(`pinned ${pinned} file(s) in models/models.json: review the diff and commit it`);
  }
}

await main();
